"""The half-year report (PDF): its figures, the job's progress, scope and period checks."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User
from ketenzicht.reporting import halfyear
from ketenzicht.reporting.models import HalfYearReport, ReportStatus
from ketenzicht.reporting.services import (
    facts_rebuild,
    halfyear_report_build,
    halfyear_report_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(make_case, municipality_b):
    # 12 reports in Dordrecht, 3 in Zwijndrecht, all in 2026-H1.
    for day in range(1, 13):
        make_case(received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM))
    for day in range(1, 4):
        make_case(
            received_at=datetime(2026, 4, day, 10, tzinfo=AMSTERDAM), municipality=municipality_b
        )
    facts_rebuild()


@pytest.fixture
def officer_b(region, municipality_b):
    organisation = Organisation.objects.create(
        name="Gemeente Zwijndrecht",
        kind=OrganisationKind.MUNICIPALITY,
        region=region,
        municipality=municipality_b,
    )
    return User.objects.create_user(
        username="beleid.zwijndrecht", role=Role.POLICY_OFFICER, organisation=organisation
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_rounded_figures_and_no_person(region, municipality_a, figures):
    with translation.override("en"):
        data, pages = halfyear.report_pdf(
            region=region,
            municipalities=list(region.municipalities.order_by("name")),
            whole_region=True,
            period=(2026, 1),
            made_at=timezone.now(),
        )
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert pages == len(PdfReader(io.BytesIO(data)).pages) and pages > 3
    assert "Half-year report" in text and "First half of 2026 (January to June)" in text
    # The region: 12 + 3 = 15 reports; Dordrecht's 12 shown as 10; Zwijndrecht's 3 not shown.
    assert "Reports in 2026-H1: 15." in text
    lines = text.splitlines()
    assert "Dordrecht 10 0 0% -" in lines and "Zwijndrecht · 0 · -" in lines  # the summary
    rows = [line.split()[1:] for line in lines if line.startswith(("Dordrecht ", "Zwijndrecht "))]
    assert rows and not any({"12", "3"} & set(row) for row in rows)
    assert "rounded to multiples of 5" in text and "higher is better" in text
    assert "Jansen" not in text


def test_progress_is_stored_after_each_step(policy_officer, municipality_a, figures, monkeypatch):
    seen: list[tuple[int, int]] = []
    job = HalfYearReport.objects.create(
        requested_by=policy_officer,
        requested_at=timezone.now(),
        region=municipality_a.region,
        year=2026,
        half=1,
    )
    original = halfyear.report_pdf

    def spy(**kwargs):
        report = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            report(done, total)
            stored = HalfYearReport.objects.get(pk=job.pk)
            seen.append((stored.steps_done, stored.steps_total))

        return original(**{**kwargs, "progress": progress})

    monkeypatch.setattr(halfyear, "report_pdf", spy)
    done = halfyear_report_build(report_id=job.pk)
    municipalities = municipality_a.region.municipalities.count()
    total = 1 + municipalities + halfyear.RENDER_STEPS
    assert seen == [(n, total) for n in range(1, total + 1)]
    assert done.status == ReportStatus.DONE and bytes(done.pdf).startswith(b"%PDF")
    assert done.steps_done == total and done.pages and done.finished_at is not None
    again = halfyear_report_build(report_id=job.pk)  # a retried task does nothing
    assert again.finished_at == done.finished_at


def test_a_failed_build_marks_the_job_failed(policy_officer, municipality_a, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(halfyear, "report_pdf", broken)
    job = halfyear_report_request(user=policy_officer, municipality=None, period="2026-H1")
    assert job.status == ReportStatus.FAILED
    job.refresh_from_db()
    assert "no fonts" in job.error and not job.pdf


def test_the_officer_starts_follows_and_downloads_the_report(client, policy_officer, figures):
    client.force_login(policy_officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reporting:dashboard"), {"periode": "2026-H1"}).content.decode()
    assert reverse("reporting:halfyear_start") in page
    response = client.post(
        reverse("reporting:halfyear_start"), {"gemeente": "GM0505", "periode": "2026-H1"}
    )
    job = HalfYearReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:halfyear_job", args=[job.pk])
    assert job.municipality is not None and (job.year, job.half) == (2026, 1)
    html = client.get(response["Location"]).content.decode()
    assert "<progress" in html and reverse("reporting:halfyear_download", args=[job.pk]) in html
    status = client.get(response["Location"], {"status": "json"}).json()
    assert status["finished"] and status["done"] == status["total"] == 3
    before = AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count()
    pdf = client.get(reverse("reporting:halfyear_download", args=[job.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "Reports in 2026-H1: 10." in pdf_text(pdf.content)
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == before + 1


def test_a_job_still_running_shows_its_progress(client, policy_officer, municipality_a):
    job = HalfYearReport.objects.create(
        requested_by=policy_officer,
        requested_at=timezone.now(),
        region=municipality_a.region,
        year=2026,
        half=1,
        status=ReportStatus.RUNNING,
        steps_done=2,
        steps_total=5,
    )
    client.force_login(policy_officer)
    html = client.get(reverse("reporting:halfyear_job", args=[job.pk])).content.decode()
    assert 'max="5" value="2"' in html and "job-progress.js" in html
    assert reverse("reporting:halfyear_download", args=[job.pk]) not in html
    assert client.get(reverse("reporting:halfyear_download", args=[job.pk])).status_code == 404


def test_another_municipalitys_officer_gets_neither_the_job_nor_the_region(
    client, policy_officer, officer_b, municipality_a, figures
):
    job = halfyear_report_request(user=policy_officer, municipality=None, period="2026-H1")
    client.force_login(officer_b)
    assert client.get(reverse("reporting:halfyear_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reporting:halfyear_download", args=[job.pk])).status_code == 404
    refused = client.post(reverse("reporting:halfyear_start"), {"regio": "1", "periode": "2026-H1"})
    assert refused.status_code == 403
    other = client.post(
        reverse("reporting:halfyear_start"), {"gemeente": "GM0505", "periode": "2026-H1"}
    )
    assert other.status_code == 404
    with pytest.raises(PermissionDenied):
        halfyear_report_request(user=officer_b, municipality=municipality_a, period="2026-H1")
    assert HalfYearReport.objects.count() == 1


def test_a_vt_worker_cannot_start_or_open_a_report(client, vt_worker, policy_officer, figures):
    job = halfyear_report_request(user=policy_officer, municipality=None, period="2026-H1")
    client.force_login(vt_worker)
    assert (
        client.post(reverse("reporting:halfyear_start"), {"periode": "2026-H1"}).status_code == 403
    )
    assert client.get(reverse("reporting:halfyear_job", args=[job.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        halfyear_report_request(user=vt_worker, municipality=None, period="2026-H1")


@pytest.mark.parametrize("period", ["2026", "2026-H3", "volgend jaar", "", "2999-H1"])
def test_a_bad_period_is_refused_clearly_and_creates_nothing(client, policy_officer, period):
    client.force_login(policy_officer)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("reporting:halfyear_start"), {"periode": period})
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html and "half-year" in html
    assert HalfYearReport.objects.count() == 0
    with pytest.raises(ValidationError):
        halfyear_report_request(user=policy_officer, municipality=None, period=period)
    assert HalfYearReport.objects.count() == 0
