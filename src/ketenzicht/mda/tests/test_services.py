from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.mda.models import MdaReview, MdaStatus, MdaTrajectory
from ketenzicht.mda.services import (
    mda_analysis_record,
    mda_end,
    mda_refer,
    mda_review_record,
    next_review,
)
from ketenzicht.plans.models import PlanParticipant, PlanStatus, PlanVersion
from ketenzicht.plans.selectors import plans_visible_to

pytestmark = pytest.mark.django_db


def _versions(plan):
    return PlanVersion.objects.filter(plan=plan).count()


def test_the_director_brings_the_case_in_and_the_team_joins_the_plan(plan, mda_org, pro_a, mda_pro):
    assert plan not in plans_visible_to(mda_pro)
    trajectory = mda_refer(
        plan=plan, team=mda_org, actor=pro_a, reason="Geweld houdt aan.", review_weeks=4
    )
    assert trajectory.status == MdaStatus.ACTIVE
    assert trajectory.next_review_on == timezone.localdate() + timedelta(weeks=4)
    assert PlanParticipant.objects.filter(plan=plan, organisation=mda_org).exists()
    assert plan in plans_visible_to(mda_pro)
    assert _versions(plan) == 1
    assert PlanVersion.objects.get(plan=plan).snapshot["participants"] == sorted(
        [plan.lead_organisation.name, mda_org.name]
    )


@pytest.mark.parametrize("who", ["pro_b", "mda_pro", "vt_worker"])
def test_only_the_plans_director_brings_a_case_in(request, plan, mda_org, who):
    with pytest.raises(ValidationError, match="Only the plan's director"):
        mda_refer(plan=plan, team=mda_org, actor=request.getfixturevalue(who), reason="x")
    assert not MdaTrajectory.objects.exists()
    assert not PlanParticipant.objects.filter(organisation=mda_org).exists()
    assert _versions(plan) == 0


def test_it_refuses_a_team_that_is_not_an_mda_team_of_the_plans_region(
    plan, pro_a, local_team_b, other_mda_org
):
    for team in (local_team_b, other_mda_org, None):
        with pytest.raises(ValidationError) as exc:
            mda_refer(plan=plan, team=team, actor=pro_a, reason="Reden.")
        assert "team" in exc.value.error_dict
    assert not MdaTrajectory.objects.exists()
    assert _versions(plan) == 0


def test_it_lists_every_problem_at_once(plan, pro_a, mda_org):
    with pytest.raises(ValidationError) as exc:
        mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="  ", review_weeks=0)
    assert set(exc.value.error_dict) == {"reason", "review_weeks"}


def test_a_plan_has_one_active_trajectory_at_a_time(trajectory, plan, mda_org, pro_a):
    with pytest.raises(ValidationError, match="already with an MDA"):
        mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="Nog eens.")
    assert MdaTrajectory.objects.count() == 1


def test_a_closed_plan_is_not_brought_in(plan, mda_org, pro_a):
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="closed"):
        mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="Reden.")


def test_the_team_records_its_analysis(trajectory, mda_pro, plan):
    before = _versions(plan)
    done = mda_analysis_record(trajectory=trajectory, actor=mda_pro, analysis="Patroon van geweld.")
    assert done.analysis == "Patroon van geweld."
    assert done.analysed_by == mda_pro
    assert _versions(plan) == before + 1


@pytest.mark.parametrize("who", ["pro_a", "other_mda_pro", "vt_worker"])
def test_only_the_team_records_its_analysis(request, trajectory, who):
    with pytest.raises(ValidationError, match="Only the MDA"):
        mda_analysis_record(
            trajectory=trajectory, actor=request.getfixturevalue(who), analysis="Analyse."
        )
    trajectory.refresh_from_db()
    assert trajectory.analysis == ""


def test_a_review_computes_the_next_review_from_the_rhythm(trajectory, mda_pro, plan):
    mda_analysis_record(trajectory=trajectory, actor=mda_pro, analysis="Analyse.")
    held = timezone.localdate()
    review = mda_review_record(
        trajectory=trajectory,
        actor=mda_pro,
        held_on=held,
        agreements_kept="Huisbezoek gedaan.",
        agreements_not_kept="Traject agressieregulatie niet gestart.",
        conclusions="Zorgaanbieder start binnen twee weken.",
    )
    trajectory.refresh_from_db()
    assert review.next_review_on == held + timedelta(weeks=6) == trajectory.next_review_on
    changed = mda_review_record(
        trajectory=trajectory,
        actor=mda_pro,
        held_on=held,
        agreements_kept="Gestart.",
        conclusions="Goed op weg.",
        review_weeks=8,
    )
    trajectory.refresh_from_db()
    assert changed.next_review_on == held + timedelta(weeks=8) == trajectory.next_review_on
    assert trajectory.review_weeks == 8


def test_next_review_adds_the_rhythm_in_weeks():
    from datetime import date

    assert next_review(date(2026, 12, 28), 6) == date(2027, 2, 8)


def test_a_review_needs_the_analysis_first(trajectory, mda_pro):
    with pytest.raises(ValidationError, match="analysis before the first review"):
        mda_review_record(
            trajectory=trajectory,
            actor=mda_pro,
            held_on=timezone.localdate(),
            agreements_kept="x",
            conclusions="y",
        )
    assert not MdaReview.objects.exists()


def test_a_bad_review_writes_nothing(trajectory, mda_pro, plan):
    mda_analysis_record(trajectory=trajectory, actor=mda_pro, analysis="Analyse.")
    before = (_versions(plan), trajectory.next_review_on)
    with pytest.raises(ValidationError) as exc:
        mda_review_record(
            trajectory=trajectory,
            actor=mda_pro,
            held_on=timezone.localdate() + timedelta(days=1),
            conclusions="",
        )
    assert set(exc.value.error_dict) == {"held_on", "agreements_kept", "conclusions"}
    trajectory.refresh_from_db()
    assert (_versions(plan), trajectory.next_review_on) == before
    assert not MdaReview.objects.exists()


def test_ending_the_trajectory_takes_the_team_off_the_plan(trajectory, mda_pro, plan):
    mda_end(trajectory=trajectory, actor=mda_pro, reason="Geweld gestopt, reguliere hulp loopt.")
    trajectory.refresh_from_db()
    assert trajectory.status == MdaStatus.ENDED
    assert trajectory.next_review_on is None
    assert plan not in plans_visible_to(mda_pro)
    with pytest.raises(ValidationError, match="has ended"):
        mda_analysis_record(trajectory=trajectory, actor=mda_pro, analysis="Te laat.")


def test_the_director_may_end_and_bring_it_in_again(trajectory, pro_a, plan, mda_org, mda_pro):
    mda_end(trajectory=trajectory, actor=pro_a, reason="Terug naar regulier.")
    again = mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="Opnieuw escalatie.")
    assert again.pk != trajectory.pk
    assert plan in plans_visible_to(mda_pro)


def test_ending_needs_a_reason_and_the_right_person(trajectory, pro_b, mda_pro):
    with pytest.raises(ValidationError) as exc:
        mda_end(trajectory=trajectory, actor=pro_b, reason="")
    assert set(exc.value.error_dict) == {"__all__", "reason"}
    trajectory.refresh_from_db()
    assert trajectory.status == MdaStatus.ACTIVE
