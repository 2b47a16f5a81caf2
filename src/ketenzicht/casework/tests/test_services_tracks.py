"""vv_complete, investigation_start and investigation_conclude: VT's own tracks."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.casework import services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import HandoverStatus, TaskKind, TermConfiguration
from ketenzicht.casework.states import State

from .utils import eod, events_of, open_tasks, snapshot


def complete_vv(case, actor, **kw):
    fields = {
        "safety_conditions": "Geen alcohol in huis; vader volgt agressieregulatie.",
        "summary": "V&V afgerond; wijkteam neemt de hulp over.",
        "handover_target": "local_team",
        "handover_organisation": None,
    }
    fields.update(kw)
    return services.vv_complete(case=case, actor=actor, **fields)


# --- Voorwaarden en vervolg -------------------------------------------------------------------


def test_completing_vv_offers_the_handover_with_the_agreed_conditions(
    monday, make_case, advance_case, vt_worker, local_team_a
):
    case = advance_case(make_case(), "vv")
    handover = complete_vv(case, vt_worker, handover_organisation=local_team_a)
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED
    assert case.vv_completed_at == monday
    assert handover.status == HandoverStatus.OFFERED
    assert handover.organisation == local_team_a
    assert handover.safety_conditions.startswith("Geen alcohol")
    assert handover.monitoring_follows is True
    event = events_of(case)[-1]
    assert (event.kind, event.from_state, event.to_state) == (
        "vv_complete",
        State.VV,
        State.HANDOVER_OFFERED,
    )


def test_after_vv_the_vv_deadline_no_longer_counts(
    make_case, advance_case, vt_worker, local_team_a
):
    case = advance_case(make_case(), "vv")
    complete_vv(case, vt_worker, handover_organisation=local_team_a)
    case.refresh_from_db()
    assert case.next_due_label != "vv"


def test_vv_handed_over_to_the_own_network_goes_straight_to_monitoring(
    make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "vv")
    complete_vv(case, vt_worker, handover_target="own_network")
    case.refresh_from_db()
    assert case.state == State.MONITORING
    assert len(open_tasks(case, TaskKind.MONITORING)) == 2


def test_vv_is_monitored_even_when_direct_handovers_are_not(
    make_case, advance_case, vt_worker, pro_a, local_team_a
):
    TermConfiguration.objects.create(monitoring_after_direct_handover=False)
    case = advance_case(make_case(), "vv")
    handover = complete_vv(case, vt_worker, handover_organisation=local_team_a)
    services.handover_accept(handover=handover, actor=pro_a)
    case.refresh_from_db()
    assert case.state == State.MONITORING


BAD_VV = {
    "no safety conditions": {"safety_conditions": " "},
    "no summary": {"summary": ""},
    "no organisation for a local team": {},
    "unknown target": {"handover_target": "neighbours"},
}


@pytest.mark.parametrize("kwargs", BAD_VV.values(), ids=BAD_VV.keys())
def test_completing_vv_with_bad_input_changes_nothing(make_case, advance_case, vt_worker, kwargs):
    case = advance_case(make_case(), "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError):
        complete_vv(case, vt_worker, **kwargs)
    assert snapshot(case) == before


def test_vv_cannot_be_completed_on_a_case_without_vv(make_case, vt_worker, local_team_a):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="Voorwaarden en vervolg afronden"):
        complete_vv(case, vt_worker, handover_organisation=local_team_a)
    assert snapshot(case) == before


def test_a_chain_professional_cannot_complete_vv(make_case, advance_case, pro_a, local_team_a):
    case = advance_case(make_case(), "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError):
        complete_vv(case, pro_a, handover_organisation=local_team_a)
    assert snapshot(case) == before


# --- investigation ----------------------------------------------------------------------------


def conclude(case, actor, **kw):
    fields = {"outcome": "confirmed", "conclusion": "Mishandeling bevestigd door meerdere bronnen."}
    fields.update(kw)
    return services.investigation_conclude(case=case, actor=actor, **fields)


def test_starting_the_investigation_is_recorded_and_its_start_deadline_is_met(
    monday, make_case, advance_case, vt_worker, time_machine
):
    case = advance_case(make_case(), "investigation")
    assert case.next_due_at == eod(2026, 3, 16)  # start and reporter feedback fall together
    time_machine.move_to(datetime(2026, 3, 11, 9, tzinfo=AMSTERDAM), tick=False)
    case = services.investigation_start(case=case, actor=vt_worker)
    assert case.investigation_started_at == datetime(2026, 3, 11, 9, tzinfo=AMSTERDAM)
    assert events_of(case)[-1].kind == "investigation_started"
    assert events_of(case)[-1].to_state == ""  # no change of state
    case.refresh_from_db()
    assert case.state == State.INVESTIGATION


def test_the_start_deadline_leaves_the_queue_once_the_investigation_started(
    make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "investigation")
    for task in open_tasks(case):
        services.task_complete(task=task, actor=vt_worker, outcome="Gedaan.")
    case.refresh_from_db()
    assert case.next_due_label == "investigation_start"
    services.investigation_start(case=case, actor=vt_worker)
    case.refresh_from_db()
    assert case.next_due_label == "investigation"
    assert case.next_due_at == case.investigation_due_at


def test_an_investigation_starts_only_once(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "investigation", started=True)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="al gestart"):
        services.investigation_start(case=case, actor=vt_worker)
    assert snapshot(case) == before


def test_an_investigation_starts_only_on_a_case_in_investigation(
    make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="niet in onderzoek"):
        services.investigation_start(case=case, actor=vt_worker)
    assert snapshot(case) == before


def test_an_investigation_is_not_concluded_before_it_started(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "investigation")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="Start het onderzoek"):
        conclude(case, vt_worker)
    assert snapshot(case) == before


def test_concluding_with_a_handover_offers_it_and_creates_feedback_and_report_tasks(
    make_case, advance_case, vt_worker, local_team_a, time_machine
):
    case = advance_case(make_case(), "investigation", started=True)
    time_machine.move_to(datetime(2026, 5, 13, 15, tzinfo=AMSTERDAM), tick=False)
    case = conclude(
        case,
        vt_worker,
        handover_target="local_team",
        handover_organisation=local_team_a,
        summary="Onderzoek afgerond; hulp via het wijkteam.",
        safety_conditions="Toezicht door oma bij bezoek.",
    )
    case.refresh_from_db()
    assert case.state == State.HANDOVER_OFFERED
    assert case.investigation_outcome == "confirmed"
    assert case.investigation_concluded_at == datetime(2026, 5, 13, 15, tzinfo=AMSTERDAM)
    # Ascension Day (14 May) does not count: five working days end on Thursday 21 May
    feedback = open_tasks(case, TaskKind.FEEDBACK_INVESTIGATION)
    report = open_tasks(case, TaskKind.INVESTIGATION_REPORT)
    assert [t.due_at for t in feedback] == [eod(2026, 5, 21)]
    assert [t.due_at for t in report] == [eod(2026, 5, 21)]
    handover = case.handovers.get()
    assert handover.organisation == local_team_a
    assert handover.monitoring_follows is True


@pytest.mark.parametrize("outcome", ["confirmed", "not_confirmed", "unknown"])
def test_an_investigation_concluded_without_handover_is_decided(
    make_case, advance_case, vt_worker, outcome
):
    case = advance_case(make_case(), "investigation", started=True)
    conclude(case, vt_worker, outcome=outcome)
    case.refresh_from_db()
    assert case.state == State.DECIDED
    assert case.investigation_outcome == outcome
    assert case.handovers.count() == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"outcome": "probably"},
        {"conclusion": "  "},
        {"handover_target": "local_team"},  # no organisation, no summary
        {"handover_target": "own_network", "summary": ""},
    ],
)
def test_concluding_with_bad_input_changes_nothing(make_case, advance_case, vt_worker, kwargs):
    case = advance_case(make_case(), "investigation", started=True)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        conclude(case, vt_worker, **kwargs)
    assert snapshot(case) == before


def test_an_investigation_is_concluded_only_in_investigation(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "vv")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="het onderzoek afronden"):
        conclude(case, vt_worker)
    assert snapshot(case) == before


def test_a_decided_investigation_closes_only_after_both_feedbacks(
    make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "investigation", started=True)
    conclude(case, vt_worker)
    [decision_feedback] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    services.task_complete(task=decision_feedback, actor=vt_worker, outcome="Melder gebeld.")
    with pytest.raises(ValidationError, match="terug"):
        services.case_close(case=case, actor=vt_worker)
    [feedback] = open_tasks(case, TaskKind.FEEDBACK_INVESTIGATION)
    services.task_complete(task=feedback, actor=vt_worker, outcome="Melder geïnformeerd.")
    case = services.case_close(case=case, actor=vt_worker)
    assert case.state == State.CLOSED
