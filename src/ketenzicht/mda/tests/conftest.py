"""MDA++ fixtures: a plan made directly from an accepted handover (not through plan services),
an MDA++ team member, and a trajectory brought in through ``mda_refer``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ketenzicht.casework.models import Handover, HandoverStatus
from ketenzicht.organisations.models import OrganisationKind, Role
from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory
from ketenzicht.plans.models import (
    HouseholdPlan,
    PlanParticipant,
    PlanStatus,
    PlanTask,
    SafetyCondition,
)


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """These tests assert the English msgids (see ``in_english`` in the root conftest)."""
    yield


@pytest.fixture
def mda_pro(mda_org):
    return UserFactory(
        username="mda_pro",
        first_name="Mila",
        last_name="Kernteam",
        organisation=mda_org,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def other_mda_org(other_region):
    return OrganisationFactory(
        name="MDA++ Rotterdam-Rijnmond", kind=OrganisationKind.MDA, region=other_region
    )


@pytest.fixture
def other_mda_pro(other_mda_org):
    return UserFactory(
        username="other_mda_pro",
        first_name="Omar",
        last_name="Kernteam",
        organisation=other_mda_org,
        role=Role.CHAIN_PROFESSIONAL,
    )


def make_plan(case: Any, director: Any) -> HouseholdPlan:
    handover = Handover.objects.get(case=case, status=HandoverStatus.ACCEPTED)
    now = timezone.now()
    plan = HouseholdPlan.objects.create(
        case=case,
        handover=handover,
        household=case.report.household,
        status=PlanStatus.ACTIVE,
        lead_organisation=handover.organisation,
        case_director=director,
        created_by=director,
        created_at=now,
        activated_at=now,
        approach="Veiligheid eerst, daarna hulp bij opvoeding.",
    )
    PlanParticipant.objects.create(plan=plan, organisation=handover.organisation, joined_at=now)
    SafetyCondition.objects.create(
        plan=plan, description=handover.safety_conditions, from_handover=True
    )
    PlanTask.objects.create(
        plan=plan,
        phase="safety",
        description="Huisbezoek en veiligheidsafspraken nalopen.",
        organisation=handover.organisation,
        professional=director,
        due_on=timezone.localdate() - timedelta(days=3),
    )
    return plan


@pytest.fixture
def plan(make_case, advance_case, pro_a) -> HouseholdPlan:
    """An active plan of local_team_a with pro_a as case director."""
    return make_plan(advance_case(make_case(), "monitoring"), pro_a)


@pytest.fixture
def trajectory(plan, mda_org, pro_a):
    from ketenzicht.mda.services import mda_refer

    return mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="Geweld houdt aan ondanks hulp.")
