"""Helpers shared by the casework tests."""

from __future__ import annotations

from typing import Any

from ketenzicht.casework import services
from ketenzicht.casework.models import (
    Case,
    CaseEvent,
    Handover,
    MonitoringCheck,
    RestrainingOrder,
    SafetyAssessment,
    Task,
)
from ketenzicht.intake.models import AdviceRequest, Household, Person, Report, ReportPerson

COUNTED = [
    Report,
    ReportPerson,
    Person,
    Household,
    AdviceRequest,
    Case,
    CaseEvent,
    Task,
    SafetyAssessment,
    Handover,
    MonitoringCheck,
    RestrainingOrder,
]


def row_counts() -> dict[str, int]:
    """How many rows every table a service writes holds (to prove a refusal wrote nothing).

    One query for all tables: the random-sequence test calls this after every step."""
    from django.db import connection

    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in COUNTED
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return {model.__name__: int(n) for model, n in zip(COUNTED, row, strict=True)}


def snapshot(case: Case) -> dict[str, Any]:
    """Everything a refused call on ``case`` must leave unchanged."""
    row = Case.objects.filter(pk=case.pk).values().get()
    return {
        "case": row,
        "counts": row_counts(),
        "tasks": list(Task.objects.filter(case=case).order_by("pk").values()),
        "handovers": list(Handover.objects.filter(case=case).order_by("pk").values()),
        "assessments": list(SafetyAssessment.objects.filter(case=case).order_by("pk").values()),
        "orders": list(RestrainingOrder.objects.filter(case=case).order_by("pk").values()),
    }


def propose(case: Case, actor: Any, decision: str = "handover", **kw: Any) -> SafetyAssessment:
    """``assessment_propose`` with plausible defaults for everything but the decision."""
    fields: dict[str, Any] = {
        "acute_unsafety": False,
        "structural_unsafety": True,
        "risk_factors": ["earlier_violence", "young_children"],
        "considerations": "Eerdere meldingen; jonge kinderen in huis.",
        "outcome": "unstable",
    }
    fields.update(kw)
    return services.assessment_propose(case=case, actor=actor, decision=decision, **fields)


def events_of(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).order_by("pk"))


def kinds_of_events(case: Case) -> list[str]:
    return [e.kind for e in events_of(case)]


def open_tasks(case: Case, kind: str | None = None) -> list[Task]:
    qs = Task.objects.filter(case=case, done_at__isnull=True, cancelled=False).order_by("due_at")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def eod(year: int, month: int, day: int):
    """The end of a day in Amsterdam, as the deadlines module stores it."""
    from datetime import datetime

    from ketenzicht.casework.deadlines import AMSTERDAM

    return datetime(year, month, day, 23, 59, 59, tzinfo=AMSTERDAM)


# The pages that act on one case (URL names in the casework namespace, argument: the case).
CASE_ACTIONS = [
    "assign",
    "assessment",
    "review",
    "vv_complete",
    "investigation_start",
    "investigation_conclude",
    "handover_offer",
    "reassess",
    "monitoring",
    "close",
    "reopen",
    "restraining_order",
]
