"""Reads of the retention domain: what a destruction takes, the due files, the request queue,
and the privacy officer's break-glass report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case as DbCase
from django.db.models import Q, QuerySet, Value, When

from ketenzicht.casework.models import (
    BreakGlassGrant,
    Case,
    CaseEvent,
    Handover,
    MonitoringCheck,
    RestrainingOrder,
    SafetyAssessment,
    Task,
)
from ketenzicht.casework.states import State
from ketenzicht.intake.models import Person, Report, ReportPerson
from ketenzicht.linkage.models import (
    MergeProposal,
    PersonKey,
    PersonMerge,
    ProposalMember,
    ProposalPair,
)
from ketenzicht.organisations.models import Role, User
from ketenzicht.retention.models import ErasureRequest, RequestStatus, Tombstone


@dataclass
class DestructionPlan:
    """Everything one case file's destruction removes, as ids, and how many rows of each kind."""

    case_id: int
    report_id: int
    person_ids: set[int] = field(default_factory=set)
    kept_person_ids: set[int] = field(default_factory=set)
    household_ids: set[int] = field(default_factory=set)
    proposal_ids: set[int] = field(default_factory=set)
    merge_ids: set[int] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)


def _ids(qs: QuerySet, name: str = "pk") -> set[int]:
    return set(qs.values_list(name, flat=True))


def destruction_plan(case: Case) -> DestructionPlan:
    """Which rows go with ``case``: the case and its report with everything under them, and every
    person and household that no other (live) file refers to.

    A person stays when another report involves them, another case's restraining order names
    them, or a person that stays was merged into them (``merged_into``). A record merged into a
    destroyed person (an empty shell after the merge) goes with it.
    """
    report_id = case.report_id
    plan = DestructionPlan(case_id=case.pk, report_id=report_id)
    direct = _ids(ReportPerson.objects.filter(report_id=report_id), "person_id")
    direct |= _ids(RestrainingOrder.objects.filter(case=case, subject__isnull=False), "subject_id")
    candidates = set(direct)
    frontier = set(direct)
    while frontier:
        shells = _ids(Person.objects.filter(merged_into__in=frontier)) - candidates
        candidates |= shells
        frontier = shells
    kept = _ids(
        ReportPerson.objects.filter(person_id__in=candidates).exclude(report_id=report_id),
        "person_id",
    )
    kept |= _ids(
        RestrainingOrder.objects.filter(subject_id__in=candidates).exclude(case=case),
        "subject_id",
    )
    pointers = dict(Person.objects.filter(pk__in=candidates).values_list("pk", "merged_into_id"))
    changed = True
    while changed:  # a kept record keeps what it points at, and what points at it
        changed = False
        for pk, target in pointers.items():
            if pk in kept and target in candidates and target not in kept:
                kept.add(target)
                changed = True
            if target in kept and pk not in kept:
                kept.add(pk)
                changed = True
    plan.person_ids = candidates - kept
    plan.kept_person_ids = candidates & kept

    household_id = Report.objects.filter(pk=report_id).values_list("household_id", flat=True)[0]
    if not Report.objects.filter(household_id=household_id).exclude(pk=report_id).exists():
        plan.household_ids = {household_id}

    persons = plan.person_ids
    plan.proposal_ids = (
        _ids(ProposalMember.objects.filter(person_id__in=persons), "proposal_id")
        | _ids(
            ProposalPair.objects.filter(Q(left_id__in=persons) | Q(right_id__in=persons)),
            "proposal_id",
        )
        | _ids(MergeProposal.objects.filter(survivor_id__in=persons))
    )
    plan.merge_ids = _ids(
        PersonMerge.objects.filter(Q(survivor_id__in=persons) | Q(merged_id__in=persons))
    )
    plan.counts = {
        "reports": 1,
        "people_involved": ReportPerson.objects.filter(report_id=report_id).count(),
        "events": CaseEvent.objects.filter(case=case).count(),
        "assessments": SafetyAssessment.objects.filter(case=case).count(),
        "handovers": Handover.objects.filter(case=case).count(),
        "monitoring_checks": MonitoringCheck.objects.filter(case=case).count(),
        "tasks": Task.objects.filter(case=case).count(),
        "restraining_orders": RestrainingOrder.objects.filter(case=case).count(),
        "persons": len(plan.person_ids),
        "persons_kept": len(plan.kept_person_ids),
        "households": len(plan.household_ids),
        "linkage_keys": PersonKey.objects.filter(person_id__in=persons).count(),
        "merge_proposals": len(plan.proposal_ids),
        "person_merges": len(plan.merge_ids),
    }
    return plan


def cases_due_for_destruction(cutoff: datetime) -> QuerySet[Case]:
    """Closed case files whose closure lies at or before ``cutoff``, oldest first."""
    return Case.objects.filter(
        is_open=False, state=State.CLOSED, closed_at__isnull=False, closed_at__lte=cutoff
    ).order_by("closed_at", "pk")


def erasure_requests_visible_to(user: User) -> QuerySet[ErasureRequest]:
    """The erasure requests of the user's own Veilig Thuis (VT roles only)."""
    if not user.is_authenticated or not user.is_vt or user.organisation_id is None:
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "person", "registered_by", "decided_by", "tombstone"
    )


def erasure_request_queue(user: User) -> QuerySet[ErasureRequest]:
    """Open requests first, earliest decision date first; then the decided ones, newest first."""
    return erasure_requests_visible_to(user).order_by(
        DbCase(When(status=RequestStatus.OPEN, then=Value(0)), default=Value(1)),
        "due_on",
        "-decided_at",
        "pk",
    )


def tombstones_visible_to(user: User) -> QuerySet[Tombstone]:
    """Tombstones of the user's organisation: for its VT roles and its privacy officer."""
    allowed = user.is_authenticated and (user.is_vt or user.role == Role.PRIVACY_OFFICER)
    if not allowed or user.organisation_id is None:
        return Tombstone.objects.none()
    return Tombstone.objects.filter(organisation_id=user.organisation_id).order_by(
        "-destroyed_at", "-pk"
    )


def break_glass_report(user: User) -> QuerySet[BreakGlassGrant]:
    """Every break-glass access to a case of the privacy officer's organisation, newest first."""
    if (
        not user.is_authenticated
        or user.role != Role.PRIVACY_OFFICER
        or user.organisation_id is None
    ):
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.filter(organisation_id=user.organisation_id)
        .select_related("user")
        .order_by("-opened_at", "-pk")
    )


def grants_of(user: User) -> QuerySet[BreakGlassGrant]:
    """An administrator's own break-glass accesses, newest first."""
    return BreakGlassGrant.objects.filter(user=user).order_by("-opened_at", "-pk")
