"""Writes of MDA++ trajectories. Each validates first, raises ``ValidationError`` with every
problem at once and writes nothing then; each change is one transaction that also writes the
plan's next version (``plans.services.record_version``).

Rules: only the plan's director brings a case in, to an MDA++ team of the plan's region, and only
one trajectory per plan is active at a time; the team joins the plan as a participant (so it sees
the joint plan) and leaves it when the trajectory ends. Only the team's own chain professionals
record its analysis and reviews; the next review follows from the review rhythm.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ketenzicht.mda.models import MdaReview, MdaStatus, MdaTrajectory
from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User
from ketenzicht.plans.models import HouseholdPlan, PlanParticipant, PlanStatus
from ketenzicht.plans.selectors import can_edit
from ketenzicht.plans.services import record_version

MIN_REVIEW_WEEKS = 1
MAX_REVIEW_WEEKS = 26


def next_review(held_on: date, weeks: int) -> date:
    """The next review date: ``weeks`` after the last (pure)."""
    return held_on + timedelta(weeks=weeks)


def plan_region_id(plan: HouseholdPlan) -> int:
    """The plan's region: that of the municipality the report is about."""
    return int(plan.case.report.municipality.region_id)


def is_team_member(user: User, trajectory: MdaTrajectory) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CHAIN_PROFESSIONAL
        and user.organisation_id is not None
        and user.organisation_id == trajectory.team_id
    )


def _check_weeks(weeks: int, errors: dict[str, list[str]]) -> None:
    if not MIN_REVIEW_WEEKS <= weeks <= MAX_REVIEW_WEEKS:
        errors.setdefault("review_weeks", []).append(
            gettext("The review rhythm is between %(low)d and %(high)d weeks.")
            % {"low": MIN_REVIEW_WEEKS, "high": MAX_REVIEW_WEEKS}
        )


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _locked(trajectory: MdaTrajectory) -> MdaTrajectory:
    return (
        MdaTrajectory.objects.select_for_update()
        .select_related("plan", "team")
        .get(pk=trajectory.pk)
    )


@transaction.atomic
def mda_refer(
    *,
    plan: HouseholdPlan,
    team: Organisation | None,
    actor: User,
    reason: str,
    review_weeks: int = 6,
    at: datetime | None = None,
) -> MdaTrajectory:
    """Bring the plan's case to an MDA++ core team."""
    at = at or timezone.now()
    plan = HouseholdPlan.objects.select_for_update().get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    if not can_edit(actor, plan):
        errors.setdefault("__all__", []).append(
            gettext("Only the plan's director brings a case to an MDA++ team.")
        )
    if plan.status == PlanStatus.CLOSED:
        errors.setdefault("__all__", []).append(gettext("The plan is closed."))
    if MdaTrajectory.objects.filter(plan=plan, status=MdaStatus.ACTIVE).exists():
        errors.setdefault("__all__", []).append(gettext("The case is already with an MDA++ team."))
    if team is None:
        errors.setdefault("team", []).append(gettext("Choose the MDA++ team."))
    elif team.kind != OrganisationKind.MDA or team.region_id != plan_region_id(plan):
        errors.setdefault("team", []).append(gettext("Choose an MDA++ team of the plan's region."))
    if not reason.strip():
        errors.setdefault("reason", []).append(
            gettext("Say why the case is brought to the MDA++ team.")
        )
    _check_weeks(review_weeks, errors)
    _raise(errors)
    assert team is not None
    trajectory = MdaTrajectory.objects.create(
        plan=plan,
        team=team,
        brought_by=actor,
        brought_at=at,
        reason=reason.strip(),
        review_weeks=review_weeks,
        next_review_on=next_review(timezone.localdate(at), review_weeks),
    )
    participant, created = PlanParticipant.objects.get_or_create(
        plan=plan, organisation=team, defaults={"joined_at": at}
    )
    if not created and participant.left_at is not None:
        participant.left_at = None
        participant.joined_at = at
        participant.save(update_fields=["left_at", "joined_at"])
    record_version(plan, actor=actor, change=f"Brought to MDA++ team {team.name}", at=at)
    return trajectory


@transaction.atomic
def mda_analysis_record(
    *, trajectory: MdaTrajectory, actor: User, analysis: str, at: datetime | None = None
) -> MdaTrajectory:
    """Record (or revise) the team's analysis of the case."""
    at = at or timezone.now()
    trajectory = _locked(trajectory)
    errors: dict[str, list[str]] = {}
    if not is_team_member(actor, trajectory):
        errors.setdefault("__all__", []).append(
            gettext("Only the MDA++ team records its analysis.")
        )
    if not trajectory.is_active:
        errors.setdefault("__all__", []).append(gettext("The MDA++ trajectory has ended."))
    if not analysis.strip():
        errors.setdefault("analysis", []).append(gettext("Write the team's analysis."))
    _raise(errors)
    trajectory.analysis = analysis.strip()
    trajectory.analysed_at = at
    trajectory.analysed_by = actor
    trajectory.save(update_fields=["analysis", "analysed_at", "analysed_by"])
    record_version(trajectory.plan, actor=actor, change="MDA++ analysis recorded", at=at)
    return trajectory


@transaction.atomic
def mda_review_record(
    *,
    trajectory: MdaTrajectory,
    actor: User,
    held_on: date | None,
    agreements_kept: str = "",
    agreements_not_kept: str = "",
    conclusions: str,
    review_weeks: int | None = None,
    at: datetime | None = None,
) -> MdaReview:
    """Record a review: which agreements were kept, which not, and the conclusions. The next
    review follows from the rhythm (``review_weeks`` changes the rhythm from now on)."""
    at = at or timezone.now()
    trajectory = _locked(trajectory)
    weeks = trajectory.review_weeks if review_weeks is None else review_weeks
    errors: dict[str, list[str]] = {}
    if not is_team_member(actor, trajectory):
        errors.setdefault("__all__", []).append(gettext("Only the MDA++ team records its reviews."))
    if not trajectory.is_active:
        errors.setdefault("__all__", []).append(gettext("The MDA++ trajectory has ended."))
    elif not trajectory.analysis:
        errors.setdefault("__all__", []).append(
            gettext("Record the team's analysis before the first review.")
        )
    if held_on is None:
        errors.setdefault("held_on", []).append(gettext("Give the date of the review."))
    elif held_on > timezone.localdate(at):
        errors.setdefault("held_on", []).append(gettext("A review cannot be in the future."))
    elif held_on < timezone.localdate(trajectory.brought_at):
        errors.setdefault("held_on", []).append(
            gettext("A review cannot be before the case was brought in.")
        )
    if not agreements_kept.strip() and not agreements_not_kept.strip():
        errors.setdefault("agreements_kept", []).append(
            gettext("Say which agreements were kept or not kept.")
        )
    if not conclusions.strip():
        errors.setdefault("conclusions", []).append(gettext("Write the conclusions."))
    _check_weeks(weeks, errors)
    _raise(errors)
    assert held_on is not None
    following = next_review(held_on, weeks)
    review = MdaReview.objects.create(
        trajectory=trajectory,
        held_on=held_on,
        agreements_kept=agreements_kept.strip(),
        agreements_not_kept=agreements_not_kept.strip(),
        conclusions=conclusions.strip(),
        next_review_on=following,
        recorded_by=actor,
        recorded_at=at,
    )
    trajectory.next_review_on = following
    trajectory.review_weeks = weeks
    trajectory.save(update_fields=["next_review_on", "review_weeks"])
    record_version(trajectory.plan, actor=actor, change="MDA++ review recorded", at=at)
    return review


@transaction.atomic
def mda_end(
    *, trajectory: MdaTrajectory, actor: User, reason: str, at: datetime | None = None
) -> MdaTrajectory:
    """End the trajectory (the team or the plan's director); the team leaves the plan."""
    at = at or timezone.now()
    trajectory = _locked(trajectory)
    errors: dict[str, list[str]] = {}
    if not (is_team_member(actor, trajectory) or can_edit(actor, trajectory.plan)):
        errors.setdefault("__all__", []).append(
            gettext("Only the MDA++ team or the plan's director ends the trajectory.")
        )
    if not trajectory.is_active:
        errors.setdefault("__all__", []).append(gettext("The MDA++ trajectory has ended."))
    if not reason.strip():
        errors.setdefault("reason", []).append(gettext("Give the reason for ending."))
    _raise(errors)
    trajectory.status = MdaStatus.ENDED
    trajectory.ended_at = at
    trajectory.ended_by = actor
    trajectory.end_reason = reason.strip()
    trajectory.next_review_on = None
    trajectory.save(
        update_fields=["status", "ended_at", "ended_by", "end_reason", "next_review_on"]
    )
    PlanParticipant.objects.filter(
        plan_id=trajectory.plan_id, organisation_id=trajectory.team_id, left_at__isnull=True
    ).exclude(plan__lead_organisation_id=trajectory.team_id).update(left_at=at)
    record_version(trajectory.plan, actor=actor, change="MDA++ trajectory ended", at=at)
    return trajectory
