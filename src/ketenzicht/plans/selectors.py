"""Reads of household plans, with need-to-know access built in.

Who sees a plan (BRIEF §10, issue P5):

- chain professionals of an organisation that takes part in it (a current
  :class:`PlanParticipant`: the lead organisation, organisations with a part in the plan, the
  process-direction desk once a stagnation is put to it, an MDA++ team it was brought to);
- the case director and the process director themselves, wherever they work;
- Veilig Thuis roles of the organisation whose case it is, read-only (they monitor whether the
  safety conditions are met);
- nobody else: not a local team of another municipality, not a policy officer, not an
  administrator. Every page starts from :func:`plans_visible_to`, so a plan outside reach is 404.

Within a plan, an internal note is seen only by its own organisation (:func:`notes_visible_to`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ketenzicht.organisations.models import Role, User
from ketenzicht.plans.models import (
    EvaluationMoment,
    HouseholdPlan,
    ParticipationKind,
    ParticipationReport,
    PlanNote,
    PlanStatus,
    PlanTask,
)

#: Participation reports that ask the director for an answer (break-off, no-shows, proposal).
NEEDS_ANSWER_KINDS = (
    ParticipationKind.BREAK_OFF,
    ParticipationKind.NO_SHOW,
    ParticipationKind.PROPOSAL,
)


def plans_visible_to(user: User) -> QuerySet[HouseholdPlan]:
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return HouseholdPlan.objects.none()
    if user.role == Role.CHAIN_PROFESSIONAL:
        return HouseholdPlan.objects.filter(
            Q(
                participants__organisation_id=user.organisation_id,
                participants__left_at__isnull=True,
            )
            | Q(case_director=user)
            | Q(process_director=user)
        ).distinct()
    if user.is_vt:
        return HouseholdPlan.objects.filter(case__organisation_id=user.organisation_id)
    return HouseholdPlan.objects.none()


def can_edit(user: User, plan: HouseholdPlan) -> bool:
    """Only the director (the process director while one has taken over) changes the plan."""
    return (
        user.is_authenticated
        and user.pk is not None
        and user.pk == (plan.process_director_id or plan.case_director_id)
    )


def is_participant(user: User, plan: HouseholdPlan) -> bool:
    """A chain professional of a current participant, or the plan's director (not VT)."""
    if not user.is_authenticated or user.role != Role.CHAIN_PROFESSIONAL:
        return False
    if user.organisation_id is None:
        return False
    if user.pk in (plan.case_director_id, plan.process_director_id):
        return True
    return plan.participants.filter(
        organisation_id=user.organisation_id, left_at__isnull=True
    ).exists()


def plan_for_page(user: User, plan_id: int) -> HouseholdPlan:
    """One plan within reach (``HouseholdPlan.DoesNotExist`` otherwise: the view answers 404)."""
    return (
        plans_visible_to(user)
        .select_related(
            "case__report__municipality",
            "case__organisation",
            "household",
            "lead_organisation",
            "case_director__organisation",
            "process_director__organisation",
        )
        .get(pk=plan_id)
    )


def notes_visible_to(user: User, plan: HouseholdPlan) -> QuerySet[PlanNote]:
    """Shared notes, and internal notes of the user's own organisation only."""
    return (
        plan.notes.filter(Q(internal=False) | Q(organisation_id=user.organisation_id))
        .select_related("author", "organisation")
        .order_by("-written_at", "-pk")
    )


# --- the director's queue and the plan's feed ------------------------------------------------


def plans_directed_by(user: User) -> QuerySet[HouseholdPlan]:
    """Open plans ``user`` directs: as process director, or as case director while no process
    director has taken over."""
    if not user.is_authenticated or user.pk is None:
        return HouseholdPlan.objects.none()
    return HouseholdPlan.objects.filter(
        Q(process_director=user) | Q(case_director=user, process_director__isnull=True)
    ).exclude(status=PlanStatus.CLOSED)


def _count(model: Any, **filters: Any) -> Subquery:
    return Subquery(
        model.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def plan_list(user: User, *, today: date) -> QuerySet[HouseholdPlan]:
    """The plans within reach, with what needs the director's attention counted per plan."""
    return (
        plans_visible_to(user)
        .select_related(
            "household", "lead_organisation", "case_director", "process_director", "case"
        )
        .annotate(
            overdue_tasks=Coalesce(
                _count(PlanTask, done_at__isnull=True, cancelled=False, due_on__lt=today),
                0,
            ),
            missed_evaluations=Coalesce(
                _count(EvaluationMoment, held_on__isnull=True, planned_on__lt=today), 0
            ),
            open_reports=Coalesce(
                _count(ParticipationReport, handled_at__isnull=True, kind__in=NEEDS_ANSWER_KINDS),
                0,
            ),
        )
        .order_by("status", "-created_at")
    )


@dataclass(frozen=True)
class DirectorQueue:
    """What waits for a director: overdue tasks, missed evaluations, reports to answer."""

    overdue_tasks: list[PlanTask]
    missed_evaluations: list[EvaluationMoment]
    open_reports: list[ParticipationReport]

    @property
    def empty(self) -> bool:
        return not (self.overdue_tasks or self.missed_evaluations or self.open_reports)


def director_queue(user: User, *, today: date, limit: int = 100) -> DirectorQueue:
    directed = plans_directed_by(user)
    return DirectorQueue(
        overdue_tasks=list(
            PlanTask.objects.filter(
                plan__in=directed, done_at__isnull=True, cancelled=False, due_on__lt=today
            )
            .select_related("plan", "organisation")
            .order_by("due_on", "pk")[:limit]
        ),
        missed_evaluations=list(
            EvaluationMoment.objects.filter(
                plan__in=directed, held_on__isnull=True, planned_on__lt=today
            )
            .select_related("plan")
            .order_by("planned_on", "pk")[:limit]
        ),
        open_reports=list(
            ParticipationReport.objects.filter(
                plan__in=directed, handled_at__isnull=True, kind__in=NEEDS_ANSWER_KINDS
            )
            .select_related("plan", "organisation", "reported_by")
            .order_by("reported_at", "pk")[:limit]
        ),
    )


@dataclass(frozen=True)
class FeedEntry:
    at: datetime
    kind: str  # "report", "direction" or "version"
    item: Any


def plan_feed(plan: HouseholdPlan, *, limit: int = 200) -> list[FeedEntry]:
    """Participation reports, changes of direction and versions of ``plan``, newest first."""
    entries = [
        FeedEntry(r.reported_at, "report", r)
        for r in plan.participation_reports.select_related(
            "organisation", "reported_by", "handled_by"
        )[:limit]
    ]
    entries += [
        FeedEntry(d.at, "direction", d)
        for d in plan.direction_changes.select_related("director", "previous", "actor")[:limit]
    ]
    entries += [
        FeedEntry(v.changed_at, "version", v)
        for v in plan.versions.select_related("changed_by").defer("snapshot")[:limit]
    ]
    entries.sort(key=lambda e: (e.at, e.kind), reverse=True)
    return entries[:limit]
