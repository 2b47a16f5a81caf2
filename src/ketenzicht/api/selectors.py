"""Reads of the API: a client's own reports, with what the sender may see of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from ketenzicht.api.models import ApiClient, ApiReport
from ketenzicht.api.outcomes import outcome_of, status_of
from ketenzicht.casework.models import Handover, Task, TaskKind

FEEDBACK_KINDS = (TaskKind.FEEDBACK_DECISION, TaskKind.FEEDBACK_INVESTIGATION)


def reports_of_client(*, client: ApiClient) -> QuerySet[ApiReport]:
    """The reports ``client`` submitted, newest first, ready for :func:`report_status`."""
    return (
        ApiReport.objects.filter(client=client)
        .select_related("report__case", "report__organisation")
        .annotate(
            handed_over=Exists(Handover.objects.filter(case__report_id=OuterRef("report_id")))
        )
        .prefetch_related(
            Prefetch(
                "report__case__tasks",
                queryset=Task.objects.filter(kind__in=FEEDBACK_KINDS, cancelled=False).order_by(
                    "due_at", "pk"
                ),
                to_attr="feedback_tasks",
            )
        )
        .order_by("-created_at", "-pk")
    )


def report_of_client(*, client: ApiClient, reference: str) -> ApiReport | None:
    """The client's own report with this reference (``M0000123``), or None."""
    if len(reference) != 8 or reference[0] != "M" or not reference[1:].isdigit():
        return None
    return reports_of_client(client=client).filter(report_id=int(reference[1:])).first()


def report_status(submission: ApiReport) -> dict[str, Any]:
    """What the sender may see: status, outcome code, deadlines and feedback (no case contents:
    no names, no assessment, no free text)."""
    report = submission.report
    case = report.case
    handed_over = bool(getattr(submission, "handed_over", False))
    return {
        "reference": report.reference,
        "message_id": submission.message_id,
        "received_at": report.received_at,
        "registered_at": submission.created_at,
        "veilig_thuis": report.organisation.name,
        "assessment_due_at": case.assessment_due_at,
        "status": status_of(case.state).value,
        "outcome": outcome_of(case.state, case.decision, handed_over=handed_over).value,
        "decided_at": case.assessed_at,
        "closed_at": case.closed_at if not case.is_open else None,
        "feedback": [
            {"kind": task.kind, "due_at": task.due_at, "given_at": task.done_at}
            for task in getattr(case, "feedback_tasks", [])
        ],
    }
