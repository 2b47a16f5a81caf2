"""Background tasks of the retention domain (django-tasks).

``manage.py retention_run`` runs the same work in the foreground for cron; ``--enqueue`` hands it
to the configured task backend instead (``TASKS`` in settings).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from ketenzicht.retention.services import retention_run


@task()
def retention_run_task(dry_run: bool = False) -> dict[str, Any]:
    """Destroy every closed file past its retention term; return what the run did."""
    result = retention_run(dry_run=dry_run)
    return {
        "run": result.run.pk if result.run else None,
        "cutoff": result.cutoff.isoformat(),
        "destroyed": len(result.destroyed),
        "failed": len(result.failed),
        "counts": result.totals(),
    }
