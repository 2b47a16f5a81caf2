"""Fixtures of the escalation tests: the region's process-direction desk and its staff, a care
provider taking part in the plan with its professional, and a plan drawn up by pro_a (case
director of local_team_a) from an accepted handover, as in plans/tests."""

from __future__ import annotations

from typing import Any

import pytest

from ketenzicht.casework.models import Handover
from ketenzicht.organisations.models import OrganisationKind, Role
from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """These tests assert the English msgids (see ``in_english`` in the root conftest)."""
    yield


@pytest.fixture
def desk(region):
    return OrganisationFactory(
        name="Zorg- en Veiligheidshuis Zuid-Holland Zuid",
        kind=OrganisationKind.PROCESS_DESK,
        region=region,
    )


@pytest.fixture
def desk_user(desk):
    return UserFactory(
        username="desk_user",
        first_name="Dirk",
        last_name="Procesregie",
        organisation=desk,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def other_desk_user(other_region):
    other = OrganisationFactory(
        name="Zorg- en Veiligheidshuis Rotterdam-Rijnmond",
        kind=OrganisationKind.PROCESS_DESK,
        region=other_region,
    )
    return UserFactory(username="other_desk_user", organisation=other, role=Role.CHAIN_PROFESSIONAL)


@pytest.fixture
def care_org(region):
    return OrganisationFactory(
        name="GGZ Drechtsteden", kind=OrganisationKind.CARE_PROVIDER, region=region
    )


@pytest.fixture
def care_pro(care_org):
    return UserFactory(
        username="care_pro",
        first_name="Cor",
        last_name="Zorg",
        organisation=care_org,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def accepted_handover(make_case, advance_case) -> Handover:
    case = advance_case(make_case(), "monitoring")
    return Handover.objects.get(case=case, status="accepted")


@pytest.fixture
def plan(accepted_handover, pro_a, care_org) -> Any:
    from ketenzicht.plans.services import participant_add, plan_create

    plan = plan_create(handover=accepted_handover, actor=pro_a)
    participant_add(plan=plan, actor=pro_a, organisation=care_org)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def escalation(plan, pro_a, care_org, desk) -> Any:
    from ketenzicht.escalation.services import stagnation_raise

    return stagnation_raise(
        plan=plan,
        actor=pro_a,
        stalls="GGZ start de behandeling niet.",
        stalled_organisations=[care_org],
    )


@pytest.fixture
def walk() -> Any:
    """Move an escalation up to ``step`` (one step at a time) as ``actor``."""
    from ketenzicht.escalation.services import escalation_advance

    def run(escalation: Any, actor: Any, step: int) -> Any:
        escalation.refresh_from_db()
        while escalation.current_step < step:
            escalation_advance(
                escalation=escalation, actor=actor, outcome=f"Uitkomst {escalation.current_step}"
            )
            escalation.refresh_from_db()
        return escalation

    return run
