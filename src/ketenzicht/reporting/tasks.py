"""Background task of the reporting domain (django-tasks): the nightly figures rebuild."""

from __future__ import annotations

from django_tasks import task

from ketenzicht.reporting.services import facts_rebuild


@task()
def reporting_refresh_task() -> int:
    """Rebuild the facts and counts behind the steering figures; returns the facts derived."""
    return facts_rebuild()
