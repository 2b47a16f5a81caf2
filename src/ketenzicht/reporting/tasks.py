"""Background tasks of the reporting domain (django-tasks): the nightly figures rebuild and
the half-year report (PDF)."""

from __future__ import annotations

from django_tasks import task

from ketenzicht.reporting.services import facts_rebuild, halfyear_report_build


@task()
def reporting_refresh_task() -> int:
    """Rebuild the facts and counts behind the steering figures; returns the facts derived."""
    return facts_rebuild()


@task()
def halfyear_report_task(report_id: int) -> dict[str, object]:
    """Build the half-year report PDF of a queued job; returns its outcome (no figures)."""
    job = halfyear_report_build(report_id=report_id)
    return {"report": job.pk, "status": job.status, "pages": job.pages}
