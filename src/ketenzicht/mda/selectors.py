"""Reads of MDA++ trajectories, need-to-know through the plan (``plans_visible_to``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ketenzicht.mda.models import MdaStatus, MdaTrajectory
from ketenzicht.mda.services import is_team_member
from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User
from ketenzicht.plans.models import HouseholdPlan, PlanStatus
from ketenzicht.plans.selectors import can_edit, plans_visible_to

#: A review is "due" from this many days before its date; after the date it is overdue.
DUE_SOON_DAYS = 7


def is_mda_staff(user: User) -> bool:
    """A chain professional of an MDA++ team."""
    organisation = getattr(user, "organisation", None)
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CHAIN_PROFESSIONAL
        and organisation is not None
        and organisation.kind == OrganisationKind.MDA
    )


def review_state(next_review_on: date | None, today: date) -> str:
    """'overdue', 'due' (within a week) or 'planned'; '' without a next review (pure)."""
    if next_review_on is None:
        return ""
    if next_review_on < today:
        return "overdue"
    if next_review_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due"
    return "planned"


def trajectories_visible_to(user: User) -> QuerySet[MdaTrajectory]:
    return MdaTrajectory.objects.filter(plan__in=plans_visible_to(user))


def team_trajectories(user: User) -> QuerySet[MdaTrajectory]:
    """The active trajectories of the user's MDA++ team, soonest review first."""
    if not is_mda_staff(user):
        return MdaTrajectory.objects.none()
    return (
        trajectories_visible_to(user)
        .filter(team_id=user.organisation_id, status=MdaStatus.ACTIVE)
        .select_related("plan__case_director__organisation", "plan__household", "plan__case")
        .order_by("next_review_on", "pk")
    )


def team_list_rows(user: User, *, today: date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The team's list split into reviews due or overdue and the other active trajectories."""
    today = today or timezone.localdate()
    due: list[dict[str, Any]] = []
    planned: list[dict[str, Any]] = []
    for trajectory in team_trajectories(user):
        state = review_state(trajectory.next_review_on, today)
        row = {"trajectory": trajectory, "plan": trajectory.plan, "state": state}
        (due if state in ("overdue", "due") else planned).append(row)
    return {"due": due, "planned": planned}


def trajectory_for_page(user: User, pk: int) -> MdaTrajectory:
    """One trajectory within reach (``MdaTrajectory.DoesNotExist`` otherwise: 404)."""
    return (
        trajectories_visible_to(user)
        .select_related(
            "plan__case__report__municipality",
            "plan__household",
            "plan__case_director__organisation",
            "plan__process_director__organisation",
            "plan__lead_organisation",
            "team",
            "brought_by",
            "analysed_by",
            "ended_by",
        )
        .get(pk=pk)
    )


def plan_trajectory(plan: HouseholdPlan) -> MdaTrajectory | None:
    """The plan's active trajectory, else its latest one, else None."""
    return (
        MdaTrajectory.objects.filter(plan=plan)
        .select_related("team")
        .order_by("status", "-brought_at", "-pk")  # "active" < "ended": active first
        .first()
    )


def teams_for_plan(plan: HouseholdPlan) -> QuerySet[Organisation]:
    """The MDA++ teams of the plan's region."""
    return Organisation.objects.filter(
        kind=OrganisationKind.MDA, region_id=plan.case.report.municipality.region_id
    ).order_by("name")


def can_refer(user: User, plan: HouseholdPlan) -> bool:
    return (
        can_edit(user, plan)
        and plan.status != PlanStatus.CLOSED
        and not MdaTrajectory.objects.filter(plan=plan, status=MdaStatus.ACTIVE).exists()
    )


def mda_panel_context(user: User, plan: HouseholdPlan) -> dict[str, Any]:
    """Context for ``mda/_plan_panel.html`` on the plan page (the user already sees the plan)."""
    trajectory = plan_trajectory(plan)
    today = timezone.localdate()
    return {
        "mda_trajectory": trajectory,
        "mda_url": reverse("mda:detail", args=[trajectory.pk]) if trajectory else "",
        "mda_review_state": review_state(trajectory.next_review_on, today) if trajectory else "",
        "mda_last_review": trajectory.reviews.first() if trajectory else None,
        "mda_can_refer": can_refer(user, plan),
        "mda_refer_url": reverse("mda:refer", args=[plan.pk]),
        "mda_is_team": bool(trajectory and is_team_member(user, trajectory)),
    }
