"""handover_accept, handover_refuse, handover_offer and case_reassess."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.casework import services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import HandoverStatus, TaskKind, TermConfiguration
from ketenzicht.casework.states import State
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory

from .utils import eod, events_of, open_tasks, snapshot


@pytest.fixture
def offered(make_case, advance_case):
    """A case whose handover to local_team_a (Dordrecht) waits for an answer."""
    case = advance_case(make_case(), "handover_offered")
    return case, case.handovers.get()


# --- accepting --------------------------------------------------------------------------------


def test_the_receiving_professional_accepts_and_monitoring_is_planned(offered, pro_a, time_machine):
    case, handover = offered
    time_machine.move_to(datetime(2026, 3, 9, 11, tzinfo=AMSTERDAM), tick=False)
    handover = services.handover_accept(handover=handover, actor=pro_a, note="Wij pakken het op.")
    case.refresh_from_db()
    assert case.state == State.MONITORING
    assert handover.status == HandoverStatus.ACCEPTED
    assert handover.responded_by == pro_a
    assert handover.response_reason == "Wij pakken het op."
    moments = [t.due_at for t in open_tasks(case, TaskKind.MONITORING)]
    assert moments == [eod(2026, 6, 9), eod(2027, 1, 9)]
    event = events_of(case)[-1]
    assert (event.kind, event.actor, event.from_state, event.to_state) == (
        "handover_accept",
        pro_a,
        State.HANDOVER_OFFERED,
        State.MONITORING,
    )
    assert event.data["handover"] == handover.pk


def test_monitoring_moments_follow_the_configuration(offered, pro_a, time_machine):
    TermConfiguration.objects.create(monitoring_months="1,6")
    case, handover = offered
    time_machine.move_to(datetime(2026, 1, 31, 11, tzinfo=AMSTERDAM), tick=False)
    services.handover_accept(handover=handover, actor=pro_a)
    moments = [t.due_at for t in open_tasks(case, TaskKind.MONITORING)]
    assert moments == [eod(2026, 2, 28), eod(2026, 7, 31)]


def test_only_a_chain_professional_of_the_receiving_organisation_answers_not_its_team_lead(
    offered, local_team_a
):
    case, handover = offered
    lead = UserFactory(organisation=local_team_a, role=Role.TEAM_LEAD)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="professional"):
        services.handover_accept(handover=handover, actor=lead)
    assert snapshot(case) == before


def test_without_monitoring_an_accepted_direct_handover_closes_the_case(
    make_case, advance_case, pro_a
):
    TermConfiguration.objects.create(monitoring_after_direct_handover=False)
    case = advance_case(make_case(), "handover_offered")
    services.handover_accept(handover=case.handovers.get(), actor=pro_a)
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert open_tasks(case, TaskKind.MONITORING) == []


@pytest.mark.parametrize(
    "actor", ["pro_b", "vt_worker", "team_lead", "policy_officer", "administrator", "outsider"]
)
def test_only_the_receiving_organisation_s_professional_accepts(offered, request, actor):
    case, handover = offered
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.handover_accept(handover=handover, actor=request.getfixturevalue(actor))
    assert snapshot(case) == before


def test_pro_b_cannot_accept_a_handover_to_local_team_a(offered, pro_b):
    case, handover = offered
    with pytest.raises(ValidationError, match="ontvangende organisatie"):
        services.handover_accept(handover=handover, actor=pro_b)
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED


def test_a_policy_officer_of_the_receiving_organisation_cannot_accept(offered, local_team_a):
    case, handover = offered
    officer = UserFactory(organisation=local_team_a, role=Role.POLICY_OFFICER)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.handover_accept(handover=handover, actor=officer)
    assert snapshot(case) == before


def test_a_handover_is_answered_only_once(offered, pro_a):
    case, handover = offered
    services.handover_accept(handover=handover, actor=pro_a)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="al gereageerd"):
        services.handover_accept(handover=handover, actor=pro_a)
    with pytest.raises(ValidationError, match="al gereageerd"):
        services.handover_refuse(handover=handover, actor=pro_a, reason="Toch niet.")
    assert snapshot(case) == before


def test_a_handover_to_the_own_network_needs_no_answer(make_case, vt_worker, team_lead, pro_a):
    from .utils import propose

    case = make_case()
    propose(case, vt_worker, "handover", handover_target="own_network")
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    handover = case.handovers.get()
    with pytest.raises(ValidationError):
        services.handover_accept(handover=handover, actor=pro_a)


# --- refusing and offering again --------------------------------------------------------------


def test_a_refusal_needs_a_reason(offered, pro_a):
    case, handover = offered
    before = snapshot(case)
    with pytest.raises(ValidationError) as info:
        services.handover_refuse(handover=handover, actor=pro_a, reason=" ")
    assert "reason" in info.value.message_dict
    assert snapshot(case) == before


def test_a_refused_handover_returns_to_veilig_thuis(offered, pro_a):
    case, handover = offered
    handover = services.handover_refuse(handover=handover, actor=pro_a, reason="Geen capaciteit.")
    case.refresh_from_db()
    assert case.state == State.HANDOVER_REFUSED
    assert handover.status == HandoverStatus.REFUSED
    assert handover.response_reason == "Geen capaciteit."
    event = events_of(case)[-1]
    assert (event.kind, event.reason) == ("handover_refuse", "Geen capaciteit.")


def test_pro_b_cannot_refuse_a_handover_to_local_team_a(offered, pro_b):
    case, handover = offered
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.handover_refuse(handover=handover, actor=pro_b, reason="Niet van ons.")
    assert snapshot(case) == before


def test_a_refused_handover_is_offered_to_another_organisation(
    make_case, advance_case, vt_worker, local_team_b, pro_b
):
    case = advance_case(make_case(), "handover_refused")
    handover = services.handover_offer(
        case=case,
        actor=vt_worker,
        target="local_team",
        organisation=local_team_b,
        summary="Gezin verhuisd naar Zwijndrecht.",
    )
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED
    assert handover.status == HandoverStatus.OFFERED
    assert handover.monitoring_follows is True
    assert events_of(case)[-1].kind == "handover_offer"
    services.handover_accept(handover=handover, actor=pro_b)
    case.refresh_from_db()
    assert case.state == State.MONITORING


def test_a_refused_handover_may_go_to_the_own_network(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "handover_refused")
    services.handover_offer(
        case=case, actor=vt_worker, target="own_network", organisation=None, summary="Netwerk."
    )
    case.refresh_from_db()
    assert case.state == State.MONITORING
    assert len(open_tasks(case, TaskKind.MONITORING)) == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": "local_team", "organisation": None, "summary": "x"},
        {"target": "local_team", "organisation": "local_team_b", "summary": " "},
        {"target": "mda", "organisation": "local_team_b", "summary": "x"},
    ],
)
def test_a_new_offer_with_bad_input_changes_nothing(
    make_case, advance_case, vt_worker, request, kwargs
):
    case = advance_case(make_case(), "handover_refused")
    if isinstance(kwargs["organisation"], str):
        kwargs = {**kwargs, "organisation": request.getfixturevalue(kwargs["organisation"])}
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.handover_offer(case=case, actor=vt_worker, **kwargs)
    assert snapshot(case) == before


def test_no_new_offer_while_one_is_open(offered, vt_worker, local_team_b):
    case, _ = offered
    before = snapshot(case)
    with pytest.raises(ValidationError, match="een overdracht aanbieden"):
        services.handover_offer(
            case=case, actor=vt_worker, target="local_team", organisation=local_team_b, summary="x"
        )
    assert snapshot(case) == before


def test_a_chain_professional_cannot_offer_a_handover(make_case, advance_case, pro_b, local_team_b):
    case = advance_case(make_case(), "handover_refused")
    with pytest.raises(ValidationError):
        services.handover_offer(
            case=case, actor=pro_b, target="local_team", organisation=local_team_b, summary="x"
        )


# --- reassessing ------------------------------------------------------------------------------


def test_after_a_refusal_veilig_thuis_may_assess_anew_with_a_new_term(
    make_case, advance_case, vt_worker, time_machine
):
    case = advance_case(make_case(), "handover_refused")
    time_machine.move_to(datetime(2026, 4, 2, 9, tzinfo=AMSTERDAM), tick=False)
    case = services.case_reassess(case=case, actor=vt_worker, reason="Situatie veranderd.")
    case.refresh_from_db()
    assert case.state == State.REGISTERED
    assert case.decision == ""
    assert case.assessed_at is None
    assert case.assessment_due_at == eod(2026, 4, 13)
    assert case.next_due_label == "assessment"
    assert events_of(case)[-1].reason == "Situatie veranderd."


def test_a_reassessment_needs_a_reason(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "handover_refused")
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.case_reassess(case=case, actor=vt_worker, reason="")
    assert snapshot(case) == before


def test_a_reassessment_is_only_possible_after_a_refusal(offered, vt_worker):
    case, _ = offered
    before = snapshot(case)
    with pytest.raises(ValidationError, match="opnieuw beoordelen"):
        services.case_reassess(case=case, actor=vt_worker, reason="Waarom niet.")
    assert snapshot(case) == before


def test_a_refused_handover_must_be_picked_up_by_the_next_working_day(
    monday, make_case, advance_case
):
    case = advance_case(make_case(), "handover_refused")  # refused on Monday 9 March
    assert case.next_due_label == "handover_refused"
    assert case.next_due_at == eod(2026, 3, 10)
