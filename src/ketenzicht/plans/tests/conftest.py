"""Fixtures of the plan tests: an accepted handover (through the real casework services) and a
draft plan drawn up from it by pro_a of local_team_a, the case director."""

from __future__ import annotations

from typing import Any

import pytest

from ketenzicht.casework.models import Handover


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """These tests assert the English msgids (see ``in_english`` in the root conftest)."""
    yield


@pytest.fixture
def accepted_handover(make_case, advance_case) -> Handover:
    case = advance_case(make_case(), "monitoring")
    return Handover.objects.get(case=case, status="accepted")


@pytest.fixture
def plan(accepted_handover, pro_a) -> Any:
    from ketenzicht.plans.services import plan_create

    return plan_create(handover=accepted_handover, actor=pro_a)


@pytest.fixture
def ready_plan(plan, pro_a, local_team_a) -> Any:
    """A draft plan that can be activated: the condition watched, Anna (adult) involved, the
    legal representative's view of Sem (7) recorded."""
    from ketenzicht.plans import services

    condition = plan.safety_conditions.get()
    services.safety_condition_save(
        plan=plan,
        actor=pro_a,
        condition=condition,
        description=condition.description,
        watcher_organisation=local_team_a,
    )
    anna, sem = plan.members.order_by("pk")
    services.involvement_record(
        plan=plan,
        actor=pro_a,
        member=anna,
        how_involved="Gesprek thuis.",
        view="Wil rust in huis.",
        agreement="agrees",
        signed=True,
    )
    services.involvement_record(
        plan=plan,
        actor=pro_a,
        member=sem,
        representative_name="Anna Jansen (moeder)",
        how_involved="Moeder sprak namens Sem.",
        view="Sem moet naar school kunnen.",
        agreement="agrees",
    )
    plan.refresh_from_db()
    return plan
