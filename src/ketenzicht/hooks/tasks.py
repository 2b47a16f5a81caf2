"""Background tasks of the notifications domain (django-tasks).

``manage.py hooks_deliver [--loop]`` does the same work in the foreground (cron or a service);
the task suits a deployment with a django-tasks worker, and the retry-now button enqueues it
for one delivery.
"""

from __future__ import annotations

from django_tasks import task

from ketenzicht.hooks.delivery import deliveries_send_due, delivery_attempt


@task()
def hooks_deliver_task(limit: int = 500) -> dict[str, int]:
    """Try every due delivery once; returns the counts (no payloads, no addresses)."""
    summary = deliveries_send_due(limit=limit)
    return {
        "delivered": summary.delivered,
        "retrying": summary.retrying,
        "failed": summary.failed,
        "skipped": summary.skipped,
    }


@task()
def hooks_deliver_one_task(delivery_id: int) -> str:
    """Try one delivery now (the retry-now button); returns its status afterwards."""
    attempt = delivery_attempt(delivery_id, manual=True)
    if attempt is None:
        return "skipped"
    return "delivered" if attempt.succeeded else "not_delivered"
