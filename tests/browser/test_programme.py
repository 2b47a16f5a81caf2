"""The regional action programme in a real browser (issue P6, first part).

On the demo programme (``programme.demo.programme_demo_load``): a policy officer browses the
tree, the roadmap, the late-or-at-risk list and a municipality's local actions, sets a status
with a note, exports the programme as YAML, uploads a broken file (problems listed by line,
nothing imported) and imports the export again. Every page passes axe-core and the strict CSP.

Run with ``pytest -m browser -p no:xdist tests/browser/test_programme.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import log_in, screenshot, set_password, t
from playwright.sync_api import expect
from test_security import CSP_LISTENER, csp_violations

from ketenzicht.conftest import municipality_b, municipality_org, policy_officer  # noqa: F401
from ketenzicht.organisations.tests.factories import MunicipalityFactory
from ketenzicht.programme.demo import programme_demo_load
from ketenzicht.programme.models import Action, ProgrammePeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_CODES = ["GM0482", "GM0512", "GM0523", "GM0531", "GM1963", "GM1978", "GM0590", "GM0610"]


def test_a_policy_officer_browses_sets_a_status_exports_and_imports_the_programme(
    page: Any,
    a11y: Any,
    tmp_path: Path,
    policy_officer: Any,  # noqa: F811
    municipality_b: Any,  # noqa: F811
) -> None:
    region = municipality_b.region
    names = {"GM0512": "Gorinchem"}
    for code in DEMO_CODES:
        MunicipalityFactory(code=code, name=names.get(code, f"Gemeente {code}"), region=region)
    period = programme_demo_load(region=region, actor=policy_officer)
    set_password(policy_officer)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(CSP_LISTENER)
    seen: list[str] = []
    log_in(page, policy_officer)

    def check(name: str) -> None:
        a11y.check(page, name)
        seen.extend(f"[{name}] {v}" for v in csp_violations(page))

    page.get_by_role("link", name=t("Action programme"), exact=True).click()
    check("programme index")
    page.get_by_role("link", name=period.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(period.name)
    expect(page.locator("section h2")).to_have_count(4)
    check("programme tree")
    screenshot(page, "programme-tree")

    page.get_by_role("link", name=t("Roadmap"), exact=True).click()
    expect(page.locator("svg.roadmap")).to_be_visible()
    check("roadmap")
    screenshot(page, "programme-roadmap")

    page.get_by_role("link", name=t("Late or at risk"), exact=True).click()
    expect(page.locator("tbody tr").first).to_be_visible()
    check("attention")

    page.get_by_role("link", name=t("Per municipality"), exact=True).click()
    page.get_by_label(t("Municipality"), exact=True).select_option(label="Gorinchem")
    page.get_by_role("button", name=t("Show"), exact=True).click()
    expect(page.locator("tbody")).to_contain_text("ouderenmishandeling")
    check("municipality")

    for name, shot in (
        ("Projects", "programme-projects"),
        ("Governance", "programme-governance"),
        ("Yearly evaluation", "programme-evaluation"),
    ):
        page.get_by_role("link", name=t(name), exact=True).click()
        expect(page.get_by_role("heading", level=2).first).to_be_visible()
        check(name)
        screenshot(page, shot)

    action = Action.objects.get(title__startswith="Centrum Seksueel Geweld")
    page.goto(f"/actieprogramma/actie/{action.pk}/")
    check("action")
    page.locator("#id_status").select_option("on_track")
    page.get_by_label(t("Progress note")).fill("Eerste bijeenkomst met de huisartsen gepland.")
    page.get_by_role("button", name=t("Save the status and note")).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("Eerste bijeenkomst")
    action.refresh_from_db()
    assert action.status == "on_track"
    check("action saved")

    page.goto(f"/actieprogramma/{period.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Export the programme (YAML)")).click()
    exported = tmp_path / "programma.yaml"
    download_info.value.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert "Eerste bijeenkomst met de huisartsen gepland." in text

    page.goto("/actieprogramma/")
    broken = tmp_path / "fout.yaml"
    broken.write_text(text.replace("status: on_track", "status: bijna", 1), encoding="utf-8")
    page.get_by_label(t("Programme file (YAML)")).set_input_files(str(broken))
    page.get_by_label(
        t("Replace the programme with the same name, with everything under it")
    ).check()
    page.get_by_role("button", name=t("Import"), exact=True).click()
    expect(page.locator("#file-errors-title")).to_be_visible()
    expect(page.locator(".error-summary tbody tr")).to_have_count(1)
    line = text.splitlines().index(
        next(x for x in text.splitlines() if x.strip() == "status: on_track")
    )
    expect(page.locator(".error-summary tbody tr td").first).to_have_text(str(line + 1))
    check("import errors")
    assert ProgrammePeriod.objects.count() == 1

    page.get_by_label(t("Programme file (YAML)")).set_input_files(str(exported))
    page.get_by_label(
        t("Replace the programme with the same name, with everything under it")
    ).check()
    page.get_by_role("button", name=t("Import"), exact=True).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/actieprogramma/\d+/$"))
    assert ProgrammePeriod.objects.count() == 1
    assert Action.objects.get(title__startswith="Centrum Seksueel").status == "on_track"

    assert not seen, seen
    assert not errors, errors
    a11y.assert_clean()


def test_a_policy_officer_renames_the_programme_moves_and_deletes_actions(
    page: Any,
    a11y: Any,
    policy_officer: Any,  # noqa: F811
    municipality_b: Any,  # noqa: F811
) -> None:
    from ketenzicht.programme import services
    from ketenzicht.programme.tests.conftest import action_data

    region = municipality_b.region
    for code in DEMO_CODES:
        MunicipalityFactory(code=code, name=f"Gemeente {code}", region=region)
    period = programme_demo_load(region=region, actor=policy_officer)
    ambition = next(
        a
        for line in period.lines.order_by("position")
        for a in line.ambitions.order_by("position")
        if a.actions.count() >= 2
    )
    first, second = list(ambition.actions.order_by("position"))[:2]
    set_password(policy_officer)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(CSP_LISTENER)
    seen: list[str] = []
    log_in(page, policy_officer)

    def check(name: str) -> None:
        a11y.check(page, name)
        seen.extend(f"[{name}] {v}" for v in csp_violations(page))

    # The name and years.
    page.goto(f"/actieprogramma/{period.pk}/")
    page.locator("#id_period-name").fill(f"{period.name} (herzien)")
    page.locator("#id_period-end_year").fill(str(period.end_year + 1))
    page.get_by_role("button", name=t("Save the name and years")).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("(herzien)")
    end_year = period.end_year
    period.refresh_from_db()
    assert period.end_year == end_year + 1 and period.name.endswith("(herzien)")
    check("programme changed")

    # The first action of the ambition moves down, below the second.
    page.locator(f"#action-{first.pk}").get_by_role("button", name=t("Down")).click()
    expect(page).to_have_url(re.compile(rf"#action-{first.pk}$"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    check("action moved")

    # An action without notes or decisions is deleted, after a question.
    spare = services.action_create(
        actor=policy_officer, ambition=ambition, data=action_data(title="Tijdelijke actie")
    )
    page.goto(f"/actieprogramma/actie/{spare.pk}/")
    page.get_by_role("link", name=t("Delete this action")).click()
    check("delete question")
    page.get_by_role("button", name=t("Delete the action")).click()
    expect(page.locator(".messages")).to_be_visible()
    assert not Action.objects.filter(pk=spare.pk).exists()

    # One with a history is not: the page offers setting it to dropped.
    with_notes = Action.objects.filter(ambition__line__period=period, notes__isnull=False).first()
    assert with_notes is not None
    page.goto(f"/actieprogramma/actie/{with_notes.pk}/verwijderen/")
    expect(page.locator("#has-history")).to_be_visible()
    expect(page.get_by_role("button", name=t("Delete the action"))).to_have_count(0)
    check("delete refused")
    page.get_by_role("link", name=t("Set the status")).click()
    expect(page).to_have_url(re.compile(r"#status$"))

    assert not seen, seen
    assert not errors, errors
    a11y.assert_clean()
