"""The half-year report in a real browser: the dashboard's button starts it, the job page shows
its progress and the download, and every page passes axe-core and the strict CSP.

Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import log_in, screenshot, set_password, t
from playwright.sync_api import expect
from test_security import CSP_LISTENER, csp_violations

from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.conftest import municipality_org, policy_officer  # noqa: F401
from ketenzicht.reporting.models import HalfYearReport, ReportStatus
from ketenzicht.reporting.services import facts_rebuild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_half_year_report_starts_from_the_dashboard_and_its_pages_are_accessible(
    page,
    a11y,
    make_case,
    policy_officer,  # noqa: F811
):
    for day in range(1, 13):
        make_case(received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM))
    facts_rebuild()
    set_password(policy_officer)
    page.add_init_script(CSP_LISTENER)
    log_in(page, policy_officer)
    seen: list[str] = []
    page.goto("/stuurinformatie/?periode=2026-H1")
    a11y.check(page, "dashboard")
    page.get_by_role("button", name=t("Half-year report (PDF)")).click()
    expect(page.locator("progress")).to_be_visible()
    download = page.get_by_role("link", name=t_pages())
    expect(download).to_be_visible()
    a11y.check(page, "half-year report job (done)")
    seen += csp_violations(page)
    screenshot(page, "halfyear-job")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith("-2026-H1.pdf")

    running = HalfYearReport.objects.create(
        requested_by=policy_officer,
        requested_at=datetime(2026, 7, 1, 9, tzinfo=AMSTERDAM),
        region=policy_officer.organisation.region,
        year=2026,
        half=1,
        status=ReportStatus.RUNNING,
        steps_done=1,
        steps_total=4,
    )
    page.goto(f"/stuurinformatie/halfjaarrapportage/{running.pk}/")
    expect(page.locator("#job-text")).to_contain_text("1")
    a11y.check(page, "half-year report job (running)")
    HalfYearReport.objects.filter(pk=running.pk).update(
        status=ReportStatus.DONE, steps_done=4, pdf=b"%PDF-1.7", pages=1
    )
    # The page's poll sees the job finish and shows the download without a manual reload.
    expect(page.locator("a[href$='/pdf/']")).to_be_visible(timeout=10_000)
    seen += csp_violations(page)
    assert not seen, seen
    a11y.assert_clean()


def t_pages() -> str:
    return t("Download the report (PDF, %(pages)s pages)", pages="").split("(")[0].strip()
