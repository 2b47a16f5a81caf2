"""Reads of the escalation ladder: the desk's queue, a plan's escalations, the plan-page panel.

Reach starts from ``plans.selectors.plans_visible_to``: the desk sees a plan once a stagnation or
a failure report put it there (the desk then takes part in the plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ketenzicht.escalation import ladder
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import (
    AdministrativeDecision,
    DirectionFailureReport,
    Escalation,
    EscalationStatus,
    EscalationStep,
    FailureStatus,
    StepKind,
    UrgentCareMeeting,
)
from ketenzicht.escalation.services import (
    desk_of_plan,
    is_desk_staff,
    is_process_director,
    may_steer,
)
from ketenzicht.organisations.models import OrganisationKind, Role, User
from ketenzicht.plans.models import HouseholdPlan, PlanStatus
from ketenzicht.plans.selectors import can_edit, is_participant, plans_visible_to


def desk_of_user(user: User) -> int | None:
    """The id of the process-direction desk ``user`` works at, if any."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.role != Role.CHAIN_PROFESSIONAL
        or user.organisation is None
        or user.organisation.kind != OrganisationKind.PROCESS_DESK
    ):
        return None
    return user.organisation_id


def escalations_visible_to(user: User) -> QuerySet[Escalation]:
    return Escalation.objects.filter(plan__in=plans_visible_to(user))


def _with_everything(qs: QuerySet[Escalation]) -> QuerySet[Escalation]:
    return qs.select_related(
        "plan__lead_organisation", "desk", "raised_by", "resolved_by"
    ).prefetch_related(
        "stalled_organisations",
        Prefetch(
            "steps",
            queryset=EscalationStep.objects.select_related("started_by", "recorded_by")
            .prefetch_related("agreements__organisation")
            .order_by("step"),
        ),
        "binding_decisions__organisation",
        "binding_decisions__decided_by",
        Prefetch("urgent_meetings", queryset=UrgentCareMeeting.objects.order_by("called_at")),
        Prefetch(
            "administrative_decisions",
            queryset=AdministrativeDecision.objects.select_related("municipality"),
        ),
    )


def escalation_for_page(user: User, pk: int) -> Escalation:
    """One escalation within reach (``Escalation.DoesNotExist`` otherwise)."""
    return _with_everything(escalations_visible_to(user)).get(pk=pk)


def escalations_for_plan(plan: HouseholdPlan) -> list[Escalation]:
    """All escalations of ``plan``, newest first, with their steps, decisions and deadlines."""
    return list(_with_everything(Escalation.objects.filter(plan=plan)).order_by("-raised_at"))


@dataclass(frozen=True)
class LadderRung:
    """One step of the ladder as a page shows it."""

    step: int
    label: str
    state: str  # "done", "current", "skipped" or "ahead"
    row: EscalationStep | None
    missed: bool
    late: bool  # done, but after its deadline
    applicable: bool = True


def ladder_rungs(escalation: Escalation, *, now: datetime) -> list[LadderRung]:
    """All five steps in order, with each one's state; step 5 is not applicable unless serious."""
    rows = {s.step: s for s in escalation.steps.all()}
    rungs = []
    for step in Step:
        row = rows.get(step)
        if row is not None:
            state = "current" if row.completed_at is None else "done"
            missed = ladder.is_missed(row.due_at, now=now, done_at=row.completed_at)
            rungs.append(
                LadderRung(
                    step=step,
                    label=str(StepKind(step).label),
                    state=state,
                    row=row,
                    missed=missed and row.completed_at is None,
                    late=missed and row.completed_at is not None,
                )
            )
        else:
            state = "skipped" if step < escalation.current_step else "ahead"
            rungs.append(
                LadderRung(
                    step=step,
                    label=str(StepKind(step).label),
                    state=state,
                    row=None,
                    missed=False,
                    late=False,
                    applicable=step != Step.ADMINISTRATIVE or escalation.serious,
                )
            )
    return rungs


def current_due(escalation: Escalation) -> datetime | None:
    for row in escalation.steps.all():
        if row.step == escalation.current_step:
            return row.due_at
    return None


@dataclass(frozen=True)
class QueueRow:
    kind: str  # "escalation" or "failure"
    plan: HouseholdPlan
    item: Any
    step_label: str
    due_at: datetime | None
    missed: bool
    deadlines: list[str] = field(default_factory=list)


def desk_queue(user: User, *, now: datetime | None = None) -> list[QueueRow]:
    """Open escalations and failure reports of the user's desk, soonest deadline first.

    A row is MISSED when its current step's deadline passed, when an urgent care meeting was not
    held in time, or when an oral decision was not confirmed in writing within 24 hours.
    """
    now = now or timezone.now()
    desk_id = desk_of_user(user)
    if desk_id is None:
        return []
    rows: list[QueueRow] = []
    escalations = _with_everything(
        Escalation.objects.filter(desk_id=desk_id, status=EscalationStatus.OPEN)
    ).select_related("plan__household", "plan__case_director", "plan__process_director")
    for e in escalations:
        due = current_due(e)
        missed_what = []
        if due is not None and ladder.is_missed(due, now=now):
            missed_what.append(str(StepKind(e.current_step).label))
        for m in e.urgent_meetings.all():
            if m.held_on is None and ladder.is_missed(m.due_at, now=now):
                missed_what.append("urgent_meeting")
        for d in e.administrative_decisions.all():
            if d.confirmed_at is None and ladder.is_missed(d.confirmation_due_at, now=now):
                missed_what.append("confirmation")
        rows.append(
            QueueRow(
                kind="escalation",
                plan=e.plan,
                item=e,
                step_label=str(StepKind(e.current_step).label),
                due_at=due,
                missed=bool(missed_what),
                deadlines=missed_what,
            )
        )
    reports = DirectionFailureReport.objects.filter(
        desk_id=desk_id, status=FailureStatus.OPEN
    ).select_related("plan__household", "plan__case_director", "reporter", "director")
    for r in reports:
        rows.append(
            QueueRow(
                kind="failure",
                plan=r.plan,
                item=r,
                step_label="",
                due_at=None,
                missed=False,
            )
        )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r.due_at or far, r.plan.pk))
    return rows


def escalation_panel_context(user: User, plan: HouseholdPlan) -> dict[str, Any]:
    """Context of ``escalation/_plan_panel.html`` on the plan page.

    Keys: ``plan``, ``escalations`` (``escalations_for_plan(plan)``, each also with
    ``current_due`` and ``missed`` set), ``open_escalation`` (or None), ``failure_reports`` (open
    ones), ``has_desk``, ``can_raise``, ``can_report_failure``, ``can_hand_back``, ``can_steer``,
    ``can_edit_plan``, ``is_desk``. The include also works with only ``plan`` and ``escalations``.
    """
    now = timezone.now()
    escalations = escalations_for_plan(plan)
    for e in escalations:
        rungs = ladder_rungs(e, now=now)
        e.current_due = current_due(e) if e.is_open else None  # type: ignore[attr-defined]
        e.missed = e.is_open and any(r.missed for r in rungs)  # type: ignore[attr-defined]
    open_escalation = next((e for e in escalations if e.is_open), None)
    open_reports = list(
        DirectionFailureReport.objects.filter(plan=plan, status=FailureStatus.OPEN).select_related(
            "reporter", "director"
        )
    )
    participant = is_participant(user, plan)
    open_plan = plan.status != PlanStatus.CLOSED
    has_desk = desk_of_plan(plan) is not None
    return {
        "plan": plan,
        "escalations": escalations,
        "open_escalation": open_escalation,
        "failure_reports": open_reports,
        "has_desk": has_desk,
        "can_raise": participant and open_plan and has_desk and open_escalation is None,
        "can_report_failure": participant
        and open_plan
        and has_desk
        and plan.case_director_id is not None
        and user.pk != plan.case_director_id
        and not open_reports,
        "can_hand_back": is_process_director(user, plan),
        "can_steer": open_escalation is not None and may_steer(user, open_escalation),
        "can_edit_plan": can_edit(user, plan),
        "is_desk": open_escalation is not None and is_desk_staff(user, open_escalation.desk_id),
    }
