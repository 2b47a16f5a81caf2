from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.casework.models import Handover
from ketenzicht.plans.models import DirectionChange, HouseholdPlan, PlanVersion
from ketenzicht.plans.services import plan_create, split_conditions

pytestmark = pytest.mark.django_db


def test_a_plan_starts_from_the_accepted_handover_with_members_and_conditions(
    accepted_handover, pro_a, local_team_a
):
    accepted_handover.safety_conditions = "- Vader woont elders.\n\n* Geen alcohol in huis\n"
    accepted_handover.save(update_fields=["safety_conditions"])
    plan = plan_create(handover=accepted_handover, actor=pro_a)
    assert plan.status == "draft"
    assert plan.lead_organisation == local_team_a
    assert plan.case_director == pro_a
    assert list(plan.participants.values_list("organisation", flat=True)) == [local_team_a.pk]
    members = list(plan.members.order_by("pk"))
    assert [m.name.split()[0] for m in members] == ["Anna", "Sem"]
    assert all(m.person_id and m.kind == "household" for m in members)
    assert members[0].date_of_birth is not None
    conditions = list(plan.safety_conditions.order_by("pk"))
    assert [c.description for c in conditions] == ["Vader woont elders.", "Geen alcohol in huis"]
    assert all(c.from_handover and not c.watcher_name for c in conditions)
    direction = DirectionChange.objects.get(plan=plan)
    assert (direction.kind, direction.director) == ("case_director", pro_a)
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == plan.version == 1
    assert version.snapshot["case_director"] == str(pro_a)


def test_it_refuses_a_second_plan_for_the_same_handover(plan, accepted_handover, pro_a):
    with pytest.raises(ValidationError, match="already has"):
        plan_create(handover=accepted_handover, actor=pro_a)
    assert HouseholdPlan.objects.count() == 1


def test_it_refuses_a_plan_for_a_handover_not_yet_accepted(make_case, advance_case, pro_a):
    case = advance_case(make_case(), "handover_offered")
    handover = Handover.objects.get(case=case)
    with pytest.raises(ValidationError, match="accepted"):
        plan_create(handover=handover, actor=pro_a)
    assert not HouseholdPlan.objects.exists()


def test_only_a_professional_of_the_receiving_organisation_draws_up_the_plan(
    accepted_handover, pro_b, vt_worker
):
    for actor in (pro_b, vt_worker):
        with pytest.raises(ValidationError, match="receiving organisation"):
            plan_create(handover=accepted_handover, actor=actor)
    assert not HouseholdPlan.objects.exists()


def test_conditions_are_split_per_line_and_bullet():
    text = (
        "1. Vader woont elders.\n2) Moeder belt bij ruzie\n\n• School let op\n\u2013 Geen alcohol"
    )
    assert split_conditions(text) == [
        "Vader woont elders.",
        "Moeder belt bij ruzie",
        "School let op",
        "Geen alcohol",
    ]
    assert split_conditions("  \n\n") == []
