"""The policy officer's external figures in a real browser: every page passes axe-core and the
strict CSP, and a bad CSV upload shows its problems per line without saving anything.

Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

import pytest
from conftest import log_in, screenshot, set_password, t
from playwright.sync_api import expect
from test_security import CSP_LISTENER, csp_violations

from ketenzicht.conftest import municipality_org, policy_officer  # noqa: F401
from ketenzicht.external.models import ExternalFigure
from ketenzicht.external.services import population_import, series_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_external_pages_are_accessible_and_a_bad_upload_saves_nothing(
    page,
    a11y,
    policy_officer,  # noqa: F811
    tmp_path,
):
    population_import(
        data=b"municipality,year,inhabitants,age_band\nGM0505,2025,120000,total\n"
        b"GM0505,2025,24000,0-17\nGM0505,2025,72000,18-64\nGM0505,2025,24000,65+\n"
    )
    series_import(
        data=b"indicator,municipality,period,value,source\n"
        b"police_incidents,GM0505,2025,600,Politie\nformal_complaints,GM0505,2025,150,Politie\n"
    )
    set_password(policy_officer)
    page.add_init_script(CSP_LISTENER)
    log_in(page, policy_officer)
    seen: list[str] = []
    for name, url in [
        ("external figures", "/externe-cijfers/"),
        ("dark number", "/externe-cijfers/verborgen-aantal/?jaar=2025"),
        ("prevalence rates", "/externe-cijfers/prevalentie/"),
        ("import", "/externe-cijfers/importeren/"),
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 200, name
        a11y.check(page, name)
        seen += [f"[{name}] {v}" for v in csp_violations(page)]
    screenshot(page, "external-import")

    bad = tmp_path / "politie.csv"
    bad.write_text(
        "indicator,municipality,period,value,source\nx,GM9999,2025,1,P\nx,GM0505,2025,veel,P\n"
    )
    page.locator("input[name=kind][value=series]").check()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name=t("Import"), exact=True).click()
    expect(page.locator(".error-summary table tbody tr")).to_have_count(2)
    a11y.check(page, "import errors")
    seen += csp_violations(page)
    assert ExternalFigure.objects.count() == 2
    assert not seen, seen
    a11y.assert_clean()
