from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ketenzicht.plans import services
from ketenzicht.plans.models import HouseholdPlan
from ketenzicht.plans.selectors import (
    director_queue,
    notes_visible_to,
    plan_feed,
    plan_list,
    plans_visible_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_plan(plan, pro_a, police_org, local_team_a):
    """A plan with a task and an evaluation that fall overdue after a week, and reports."""
    from ketenzicht.organisations.models import Role
    from ketenzicht.organisations.tests.factories import UserFactory

    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    officer = UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)
    today = timezone.localdate()
    services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Huisbezoek.",
        organisation=police_org,
        due_on=today + timedelta(days=2),
    )
    services.evaluation_plan(plan=plan, actor=pro_a, planned_on=today + timedelta(days=3))
    services.participation_report(plan=plan, actor=officer, kind="no_show", note="Drie keer.")
    services.participation_report(plan=plan, actor=officer, kind="start")
    return plan


def test_the_queue_shows_overdue_tasks_missed_evaluations_and_reports_to_answer(busy_plan, pro_a):
    today = timezone.localdate()
    now_queue = director_queue(pro_a, today=today)
    assert now_queue.overdue_tasks == [] and now_queue.missed_evaluations == []
    assert [r.kind for r in now_queue.open_reports] == ["no_show"]  # "start" needs no answer
    later = director_queue(pro_a, today=today + timedelta(days=7))
    assert [t.description for t in later.overdue_tasks] == ["Huisbezoek."]
    assert len(later.missed_evaluations) == 1
    (row,) = plan_list(pro_a, today=today + timedelta(days=7))
    assert (row.overdue_tasks, row.missed_evaluations, row.open_reports) == (1, 1, 1)


def test_the_queue_is_the_directors_only(busy_plan, pro_b, police_org):
    assert director_queue(pro_b, today=timezone.localdate() + timedelta(days=7)).empty


def test_a_process_director_takes_the_queue_over(busy_plan, pro_a, pro_b):
    services.plan_direction_set(
        plan=busy_plan, kind="process_director", director=pro_b, actor=pro_b, reason="Desk."
    )
    assert director_queue(pro_a, today=timezone.localdate()).empty
    assert len(director_queue(pro_b, today=timezone.localdate()).open_reports) == 1


def test_the_feed_holds_reports_direction_changes_and_versions_newest_first(plan, pro_a):
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.plan_approach_set(plan=plan, actor=pro_a, approach="Samen.")
    feed = plan_feed(plan)
    assert feed[0].kind == "version"
    assert {e.kind for e in feed} == {"version", "direction"}
    assert [e.at for e in feed] == sorted((e.at for e in feed), reverse=True)


def test_an_organisation_sees_only_plans_it_takes_part_in(
    plan, pro_a, pro_b, vt_worker, other_vt_worker, policy_officer
):
    assert list(plans_visible_to(pro_a)) == [plan]
    assert not plans_visible_to(pro_b).exists()
    assert list(plans_visible_to(vt_worker)) == [plan]  # the case's own VT, read-only
    assert not plans_visible_to(other_vt_worker).exists()
    assert not plans_visible_to(policy_officer).exists()


def test_internal_notes_of_another_organisation_are_hidden(plan, pro_a, police_org):
    from ketenzicht.organisations.models import Role
    from ketenzicht.organisations.tests.factories import UserFactory

    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    officer = UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)
    services.plan_note_add(plan=plan, actor=officer, text="Alleen politie.", internal=True)
    services.plan_note_add(plan=plan, actor=officer, text="Voor iedereen.", internal=False)
    assert [n.text for n in notes_visible_to(pro_a, plan)] == ["Voor iedereen."]
    assert {n.text for n in notes_visible_to(officer, plan)} == {
        "Alleen politie.",
        "Voor iedereen.",
    }
    assert HouseholdPlan.objects.count() == 1
