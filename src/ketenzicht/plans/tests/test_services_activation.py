from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.plans import services
from ketenzicht.plans.models import SafetyCondition

pytestmark = pytest.mark.django_db


def test_a_ready_plan_is_activated_and_closed_with_a_reason(ready_plan, pro_a):
    plan = services.plan_activate(plan=ready_plan, actor=pro_a)
    assert plan.status == "active" and plan.activated_at is not None
    with pytest.raises(ValidationError, match="draft"):
        services.plan_activate(plan=plan, actor=pro_a)
    with pytest.raises(ValidationError):
        services.plan_close(plan=plan, actor=pro_a, reason="")
    plan = services.plan_close(plan=plan, actor=pro_a, reason="Doelen bereikt.")
    assert plan.status == "closed"
    with pytest.raises(ValidationError, match="closed"):
        services.plan_approach_set(plan=plan, actor=pro_a, approach="Later.")


def test_activation_lists_every_problem_at_once_and_changes_nothing(plan, pro_a):
    version = plan.version
    with pytest.raises(ValidationError) as error:
        services.plan_activate(plan=plan, actor=pro_a)
    messages = error.value.messages
    assert any("safety plan is empty" in m for m in messages)
    assert any("watches every safety condition" in m for m in messages)
    assert any("12 or older" in m for m in messages)  # Anna, an adult, not yet involved
    assert any("under 16" in m for m in messages)  # Sem, 7, no legal representative's view
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("draft", version)


def test_a_plan_without_a_safety_section_is_not_activated(ready_plan, pro_a):
    SafetyCondition.objects.filter(plan=ready_plan).update(ended_at=timezone.now())
    with pytest.raises(ValidationError, match="safety plan is empty"):
        services.plan_activate(plan=ready_plan, actor=pro_a)


def test_a_plan_without_a_case_director_is_not_activated(ready_plan):
    type(ready_plan).objects.filter(pk=ready_plan.pk).update(case_director=None)
    ready_plan.refresh_from_db()
    assert "The plan has no case director." in services.activation_problems(
        ready_plan, today=timezone.localdate()
    )


def test_a_member_without_a_date_of_birth_is_named_in_the_message(ready_plan, pro_a):
    member = services.plan_member_save(plan=ready_plan, actor=pro_a, kind="household", name="Kees")
    with pytest.raises(ValidationError, match="date of birth of Kees is not known"):
        services.plan_activate(plan=ready_plan, actor=pro_a)
    assert member.pk


def test_a_child_of_twelve_to_fifteen_needs_both_own_involvement_and_the_representative(
    ready_plan, pro_a
):
    teen = services.plan_member_save(
        plan=ready_plan, actor=pro_a, kind="household", name="Lotte", date_of_birth=date(2012, 1, 1)
    )
    with time_machine.travel(date(2026, 6, 1)):  # Lotte is 14
        problems = services.activation_problems(ready_plan, today=timezone.localdate())
        assert any("Lotte (14) is 12 or older" in p for p in problems)
        assert any("Lotte (14) is under 16" in p for p in problems)
    services.involvement_record(
        plan=ready_plan,
        actor=pro_a,
        member=teen,
        how_involved="Eigen gesprek.",
        view="Wil bij oma logeren.",
        agreement="partly",
    )
    services.involvement_record(
        plan=ready_plan,
        actor=pro_a,
        member=teen,
        representative_name="Vader",
        how_involved="Telefonisch.",
        view="Akkoord.",
        agreement="agrees",
    )
    assert services.activation_problems(ready_plan, today=date(2026, 6, 1)) == []


def test_age_counts_whole_years_around_the_birthday():
    assert services.age_on(date(2014, 6, 2), date(2026, 6, 1)) == 11
    assert services.age_on(date(2014, 6, 1), date(2026, 6, 1)) == 12
    assert services.age_on(date(2012, 2, 29), date(2028, 2, 28)) == 15
    assert services.age_on(date(2012, 2, 29), date(2028, 2, 29)) == 16


def test_involvement_needs_how_view_and_agreement(plan, pro_a):
    anna = plan.members.order_by("pk").first()
    with pytest.raises(ValidationError) as error:
        services.involvement_record(
            plan=plan, actor=pro_a, member=anna, how_involved="", view="", agreement="maybe"
        )
    assert set(error.value.message_dict) == {"how_involved", "view", "agreement"}
    assert not plan.involvement.exists()
