"""The policy officer's budget split and capacity forecast in a real browser (issue P6).

On the demo's budget (``finance.demo.finance_demo_load``): the split of a year adds up to the
cent, a municipality leaves with and without the others taking over its share, a population CSV
(first a bad one, then a good one) changes the split, and on the capacity page two scenarios
(20 and 30 hours per V&V) are compared. Every page passes axe-core and the strict CSP.

Run with ``pytest -m browser -p no:xdist tests/browser/test_finance.py``.
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
from ketenzicht.external.models import PopulationFigure
from ketenzicht.finance.demo import finance_demo_load
from ketenzicht.organisations.models import MunicipalityPopulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _euros(text: str) -> int:
    """ "€ 1.234.567,89" as shown -> cents."""
    digits = re.sub(r"[^\d,-]", "", text).replace(",", "")
    return int(digits)


def _column_sums_match(page: Any) -> None:
    """Each money column of the split table (the parts and the total): the municipalities'
    amounts add up exactly to the footer."""
    table = page.locator("#split-table")
    footer = [_euros(text) for text in table.locator("tfoot td.part").all_inner_texts()]
    rows = [
        [_euros(text) for text in row.locator("td.part").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert footer and rows
    assert [sum(column) for column in zip(*rows, strict=True)] == footer


def test_a_policy_officer_splits_the_budget_with_a_leaving_municipality_and_compares_capacity(
    page: Any,
    a11y: Any,
    tmp_path: Path,
    policy_officer: Any,  # noqa: F811
    municipality_b: Any,  # noqa: F811
) -> None:
    dordrecht = municipality_b.region.centre_municipality
    for municipality, count in [(dordrecht, 122_598), (municipality_b, 45_348)]:
        for year in (2025, 2026):
            MunicipalityPopulation.objects.create(
                municipality=municipality, year=year, inhabitants=count
            )
    finance_demo_load(
        region=municipality_b.region, actor=policy_officer, first_year=2026, leaving="GM0642"
    )
    set_password(policy_officer)
    errors: list[str] = []  # script errors (a refused upload's 400 is no error of the page)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(CSP_LISTENER)
    seen: list[str] = []
    log_in(page, policy_officer, a11y)

    # The budget page for 2027: the split adds up exactly, per column and in total.
    response = page.goto("/begroting/?jaar=2026")
    assert response is not None and response.status == 200
    page.get_by_label(t("Budget year")).select_option("2027")
    page.get_by_role("button", name=t("Show"), exact=True).click()
    expect(page).to_have_url(re.compile(r"jaar=2027"))
    expect(page.locator("#split-title")).to_contain_text("2027")
    expect(page.locator("#parts-total")).to_contain_text(t("adds up exactly"))
    _column_sums_match(page)
    rows = page.locator("#split-table tbody tr")
    expect(rows).to_have_count(2)
    a11y.check(page, "budget 2027")
    seen += [f"[budget] {v}" for v in csp_violations(page)]
    screenshot(page, "finance-budget")

    # Zwijndrecht leaves; the others take over its share: the same total, one row fewer.
    total = _euros(page.locator("#parts-total").inner_text().split("—")[0])
    page.get_by_label(t("Municipality that leaves")).select_option(label="Zwijndrecht")
    page.get_by_label(t("is taken over by the remaining municipalities")).check()
    page.locator("#leaving-form").get_by_role("button", name=t("Compute")).click()
    expect(page.locator("#scenario-notice")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(page.locator("#parts-total")).to_contain_text(t("adds up exactly"))
    assert _euros(page.locator("#parts-total").inner_text().split("—")[0]) == total
    header = page.locator("#split-table thead")
    expect(header).to_contain_text(t("Change by the scenario"))
    a11y.check(page, "budget leaving, taken over")
    seen += [f"[leaving] {v}" for v in csp_violations(page)]

    # Not taken over: Dordrecht pays what it paid; the shortfall is Zwijndrecht's share.
    page.get_by_label(t("is not taken over")).check()
    page.locator("#leaving-form").get_by_role("button", name=t("Compute")).click()
    expect(page).to_have_url(re.compile(r"overname=0"))
    expect(page.locator("#scenario-notice")).to_contain_text(t("Not covered"))
    change = rows.first.locator("td").nth(-4).inner_text()  # "Change by the scenario"
    assert _euros(change) == 0
    a11y.check(page, "budget leaving, not taken over")
    seen += [f"[not taken over] {v}" for v in csp_violations(page)]
    screenshot(page, "finance-budget-leaving")

    # A population CSV: a bad one is refused whole, a good one changes the split.
    page.goto("/begroting/?jaar=2026")
    before = page.locator("#split-table tbody tr").first.locator("td").nth(1).inner_text()
    bad = tmp_path / "cbs-fout.csv"
    bad.write_text("municipality,year,inhabitants\nGM0505,2025,130000\nGM0642,2025,veel\n")
    page.get_by_label(t("Population CSV")).set_input_files(str(bad))
    page.get_by_role("button", name=t("Import the population figures")).click()
    expect(page.locator("#population-errors-title")).to_be_visible()
    expect(page.locator(".error-summary table tbody tr")).to_have_count(1)
    a11y.check(page, "budget population errors")
    seen += [f"[population errors] {v}" for v in csp_violations(page)]
    assert PopulationFigure.objects.count() == 0
    good = tmp_path / "cbs.csv"
    good.write_text("municipality,year,inhabitants\nGM0505,2025,130000\nGM0642,2025,40000\n")
    page.get_by_label(t("Population CSV")).set_input_files(str(good))
    page.get_by_role("button", name=t("Import the population figures")).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page).to_have_url(re.compile(r"jaar=2026"))
    after = page.locator("#split-table tbody tr").first.locator("td").nth(1).inner_text()
    assert before != after  # Dordrecht's regular contribution follows its new inhabitants
    expect(page.locator("#parts-total")).to_contain_text(t("adds up exactly"))
    assert PopulationFigure.objects.count() == 2

    # Capacity: 20 against 30 hours per V&V, side by side.
    page.get_by_role("link", name=t("Capacity and waiting-list forecast")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        t("Capacity and waiting-list forecast")
    )
    a11y.check(page, "capacity")
    seen += [f"[capacity] {v}" for v in csp_violations(page)]
    page.locator("#id_a-name").fill("20 uur per V&V")
    page.locator("#id_a-vv_hours").fill("20")
    page.locator("#id_b-name").fill("30 uur per V&V")
    page.locator("#id_b-vv_hours").fill("30")
    page.get_by_role("button", name=t("Compute"), exact=True).click()
    expect(page).to_have_url(re.compile(r"a-vv_hours=20"))
    compared = page.get_by_role("table", name=t("The scenarios compared"))
    expect(compared.locator("thead")).to_contain_text("20 uur per V&V")
    expect(compared.locator("thead")).to_contain_text("30 uur per V&V")
    hours = compared.locator("tbody tr").first.locator("td")
    low, high = (float(hours.nth(i).inner_text().replace(",", ".")) for i in (0, 1))
    assert high - low == pytest.approx(0.15 * 10, abs=0.05)  # 15% to V&V, 10 hours more each
    # The staff starts at what 20 hours per V&V need: 30 hours never reach the band.
    in_band = compared.locator("tbody tr").nth(2).locator("td")
    assert in_band.nth(0).inner_text().isdigit()
    expect(in_band.nth(1)).to_have_text(t("never"))
    cost_row = compared.locator("tbody tr").last.locator("td")
    assert cost_row.nth(0).inner_text() == cost_row.nth(1).inner_text()  # same staff, same cost
    expect(page.locator("svg")).to_have_count(2)
    a11y.check(page, "capacity compared")
    seen += [f"[capacity compared] {v}" for v in csp_violations(page)]
    screenshot(page, "finance-capacity")

    assert not seen, seen
    assert not errors, errors
    a11y.assert_clean()


def test_a_veilig_thuis_worker_reads_the_budget_and_the_forecast_but_changes_nothing(
    page: Any,
    a11y: Any,
    policy_officer: Any,  # noqa: F811
    municipality_b: Any,  # noqa: F811
    vt_worker: Any,
) -> None:
    dordrecht = municipality_b.region.centre_municipality
    for municipality, count in [(dordrecht, 122_598), (municipality_b, 45_348)]:
        for year in (2025, 2026):
            MunicipalityPopulation.objects.create(
                municipality=municipality, year=year, inhabitants=count
            )
    finance_demo_load(region=municipality_b.region, actor=policy_officer, first_year=2026)
    set_password(vt_worker)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(CSP_LISTENER)
    log_in(page, vt_worker, a11y)

    page.get_by_role("link", name=t("Budget split"), exact=True).click()
    expect(page.locator("#read-only")).to_be_visible()
    expect(page.locator("#parts-total")).to_contain_text(t("adds up exactly"))
    _column_sums_match(page)
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.get_by_role("button", name=t("Add the line"))).to_have_count(0)
    page.get_by_label(t("Municipality that leaves")).select_option(label="Zwijndrecht")
    page.locator("#leaving-form").get_by_role("button", name=t("Compute")).click()
    expect(page.locator("#scenario-notice")).to_be_visible()
    a11y.check(page, "budget, read only")
    seen = [f"[budget read only] {v}" for v in csp_violations(page)]

    page.get_by_role("link", name=t("Capacity and waiting-list forecast")).click()
    expect(page.get_by_role("table", name=t("The scenarios compared"))).to_be_visible()
    a11y.check(page, "capacity, read only")
    seen += [f"[capacity read only] {v}" for v in csp_violations(page)]

    assert not seen, seen
    assert not errors, errors
    a11y.assert_clean()
