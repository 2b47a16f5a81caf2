"""Reads of the casework domain, with need-to-know access built in.

Every query for cases starts from :func:`cases_visible_to`, so a view can never show a case the
user may not see: Veilig Thuis roles see the cases of their own VT organisation; a chain
professional sees only households handed over to their organisation, and only through the
handover (never the VT file); policy officers and administrators see no case at all, except an
administrator's one case page under an active break-glass grant (``case_for_page``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case as DbCase
from django.db.models import Count, Prefetch, QuerySet, Value, When
from django.utils import timezone

from ketenzicht.casework.deadlines import end_of_day, working_days_left
from ketenzicht.casework.models import (
    BreakGlassGrant,
    Case,
    CaseEvent,
    Handover,
    HandoverStatus,
    MonitoringCheck,
    RestrainingOrder,
    SafetyAssessment,
    Task,
)
from ketenzicht.casework.states import State
from ketenzicht.intake.models import AdviceRequest, ReportPerson
from ketenzicht.organisations.models import Role, User

QUEUE_VIEWS = ("mine", "team", "overdue", "week", "review")


def cases_visible_to(user: User, *, break_glass: bool = False) -> QuerySet[Case]:
    """The VT case files ``user`` may open.

    With ``break_glass=True`` (only the case page asks), an administrator also sees the cases of
    their active break-glass grants; every other list, action and export stays closed to them.
    """
    if break_glass and user.is_authenticated and user.role == Role.ADMINISTRATOR:
        return Case.objects.filter(
            pk__in=active_grants(user).filter(case__isnull=False).values("case_id")
        )
    if not user.is_authenticated or not user.is_vt or user.organisation_id is None:
        return Case.objects.none()
    return Case.objects.filter(organisation_id=user.organisation_id)


def active_grants(user: User, *, now: datetime | None = None) -> QuerySet[BreakGlassGrant]:
    """The user's break-glass grants that have not yet ended."""
    if not user.is_authenticated or user.role != Role.ADMINISTRATOR or not user.is_active:
        return BreakGlassGrant.objects.none()
    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=now or timezone.now())


def active_grant(user: User, case_id: int) -> BreakGlassGrant | None:
    """The administrator's current break-glass grant for this case (the one ending last)."""
    return active_grants(user).filter(case_id=case_id).order_by("-expires_at").first()


def work_queue(
    user: User, *, view: str, today: date, now: datetime | None = None
) -> QuerySet[Case]:
    """Cases with an open deadline, earliest first. One indexed query per page.

    ``overdue`` holds every case whose next deadline has passed at ``now``; ``week`` every case
    due by the end of the current week (Sunday), overdue ones included; ``review`` every proposed
    decision that waits for a second reviewer (four-eyes).
    """
    base = cases_visible_to(user).filter(next_due_at__isnull=False)
    if view == "mine":
        base = base.filter(assigned_to=user)
    elif view == "overdue":
        base = base.filter(next_due_at__lt=now or timezone.now())
    elif view == "week":
        monday = today - timedelta(days=today.weekday())
        base = base.filter(next_due_at__lte=end_of_day(monday + timedelta(days=6)))
    elif view == "review":
        base = base.filter(state=State.REVIEW)
    return base.select_related("report__municipality", "assigned_to").order_by("next_due_at", "pk")


REFERENCE_RE = re.compile(r"^\s*([ZzMm])\s*0*(\d{1,9})\s*$")


def case_by_reference(user: User, reference: str) -> Case | None:
    """The visible case a reference points at: a case (Z0000123) or report (M0000123) number."""
    match = REFERENCE_RE.match(reference or "")
    if match is None:
        return None
    letter, number = match.group(1).upper(), int(match.group(2))
    lookup = {"pk": number} if letter == "Z" else {"report_id": number}
    return cases_visible_to(user).filter(**lookup).first()


def case_for_page(user: User, case_id: int) -> Case:
    """One case with everything its page shows, in a fixed number of queries.

    Honours an administrator's active break-glass grant for this case."""
    return (
        cases_visible_to(user, break_glass=True)
        .select_related(
            "report__municipality",
            "report__household__municipality",
            "report__registered_by",
            "report__advice_request",
            "assigned_to",
            "organisation",
        )
        .prefetch_related(
            Prefetch(
                "report__involved",
                queryset=ReportPerson.objects.select_related("person").order_by("pk"),
            ),
            Prefetch(
                "events", queryset=CaseEvent.objects.select_related("actor").order_by("-at", "-pk")
            ),
            Prefetch("tasks", queryset=Task.objects.select_related("done_by").order_by("due_at")),
            # One query per list, its related rows joined in.
            Prefetch(
                "assessments",
                queryset=SafetyAssessment.objects.select_related(
                    "proposed_by", "reviewed_by", "handover_organisation"
                ).order_by("-proposed_at", "-pk"),
            ),
            Prefetch(
                "handovers",
                queryset=Handover.objects.select_related("organisation", "responded_by"),
            ),
            Prefetch(
                "monitoring_checks",
                queryset=MonitoringCheck.objects.select_related("recorded_by"),
            ),
            Prefetch(
                "restraining_orders",
                queryset=RestrainingOrder.objects.select_related("subject", "icm_organisation"),
            ),
        )
        .get(pk=case_id)
    )


def handovers_for_organisation(user: User) -> QuerySet[Handover]:
    """The handover inbox of the user's organisation (its chain professionals)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Handover.objects.none()
    if user.role != Role.CHAIN_PROFESSIONAL:
        return Handover.objects.none()
    return (
        Handover.objects.filter(organisation_id=user.organisation_id)
        .select_related("case__report__municipality", "case__organisation", "offered_by")
        .order_by(
            # open offers first (alphabetically "accepted" would come first), then the newest
            DbCase(When(status=HandoverStatus.OFFERED, then=Value(0)), default=Value(1)),
            "-offered_at",
            "-pk",
        )
    )


def handover_for_receiver(user: User, handover_id: int) -> Handover:
    return (
        handovers_for_organisation(user)
        .prefetch_related(
            Prefetch(
                "case__report__involved",
                queryset=ReportPerson.objects.select_related("person").order_by("pk"),
            )
        )
        .get(pk=handover_id)
    )


def advice_requests_visible_to(user: User) -> QuerySet[AdviceRequest]:
    if not user.is_authenticated or not user.is_vt or user.organisation_id is None:
        return AdviceRequest.objects.none()
    return (
        AdviceRequest.objects.filter(organisation_id=user.organisation_id)
        .select_related("municipality", "handled_by", "report")
        .order_by("-received_at")
    )


@dataclass(frozen=True)
class QueueRow:
    case: Case
    working_days_left: int | None
    overdue: bool


def queue_rows(
    cases: list[Case], *, today: date, now: datetime, closed: frozenset[date]
) -> list[QueueRow]:
    rows = []
    for case in cases:
        due = case.next_due_at
        left = working_days_left(today, due, closed) if due else None
        rows.append(QueueRow(case=case, working_days_left=left, overdue=bool(due and due < now)))
    return rows


def state_counts_for_region(user: User) -> list[dict[str, object]]:
    """Aggregates for policy officers: counts per municipality and state, never a person."""
    if not user.is_authenticated or user.role != Role.POLICY_OFFICER or user.organisation is None:
        return []
    return list(
        Case.objects.filter(organisation__region_id=user.organisation.region_id)
        .values("report__municipality__name", "state")
        .annotate(n=Count("pk"))
        .order_by("report__municipality__name", "state")
    )


def open_handover_count(user: User) -> int:
    return handovers_for_organisation(user).filter(status=HandoverStatus.OFFERED).count()
