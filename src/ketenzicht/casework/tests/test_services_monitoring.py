"""monitoring_record, task_complete, task_extend, case_close and case_reopen."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.casework import services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import MonitoringCheck, Task, TaskKind
from ketenzicht.casework.states import State

from .utils import eod, events_of, open_tasks, snapshot


@pytest.fixture
def monitored(monday, make_case, advance_case):
    """A case handed over to local_team_a and accepted on Monday 9 March 2026."""
    return advance_case(make_case(), "monitoring")


def record(case, actor, **kw):
    fields = {
        "conditions_met": "yes",
        "direct_safety": True,
        "stable_safety": False,
        "recovery_attention": True,
        "notes": "Gesproken met moeder en wijkteam; afspraken worden nagekomen.",
        "outcome": "continue",
    }
    fields.update(kw)
    return services.monitoring_record(case=case, actor=actor, **fields)


# --- monitoring -------------------------------------------------------------------------------


def test_a_monitoring_moment_that_continues_keeps_the_next_moment(
    monitored, vt_worker, time_machine
):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=AMSTERDAM), tick=False)
    check = record(monitored, vt_worker)
    monitored.refresh_from_db()
    assert monitored.state == State.MONITORING
    assert check.task.kind == TaskKind.MONITORING
    assert check.task.done_by == vt_worker
    assert check.recorded_by == vt_worker
    assert check.conditions_met == "yes"
    assert [t.due_at for t in open_tasks(monitored, TaskKind.MONITORING)] == [eod(2027, 1, 9)]
    event = events_of(monitored)[-1]
    assert (event.kind, event.from_state, event.to_state, event.data) == (
        "monitoring_record",
        State.MONITORING,
        State.MONITORING,
        {"outcome": "continue"},
    )


def test_stable_safety_closes_the_case_and_cancels_the_remaining_moments(monitored, vt_worker):
    record(monitored, vt_worker, stable_safety=True, outcome="stable")
    monitored.refresh_from_db()
    assert monitored.state == State.CLOSED
    assert not monitored.is_open
    assert monitored.closed_at is not None
    assert open_tasks(monitored, TaskKind.MONITORING) == []
    assert (
        Task.objects.filter(case=monitored, kind=TaskKind.MONITORING, cancelled=True).count() == 1
    )


@pytest.mark.parametrize(("direct", "stable"), [(False, False), (True, False), (False, True)])
def test_monitoring_closes_only_at_direct_and_stable_safety(monitored, vt_worker, direct, stable):
    before = snapshot(monitored)
    with pytest.raises(ValidationError, match="directe én stabiele"):
        record(monitored, vt_worker, direct_safety=direct, stable_safety=stable, outcome="stable")
    assert snapshot(monitored) == before


def test_renewed_unsafety_restarts_veilig_thuis_with_a_new_assessment_term(
    monitored, vt_worker, time_machine
):
    for task in open_tasks(monitored):
        if task.kind != TaskKind.MONITORING:
            services.task_complete(task=task, actor=vt_worker, outcome="Melder gebeld.")
    time_machine.move_to(datetime(2026, 4, 2, 9, tzinfo=AMSTERDAM), tick=False)
    record(monitored, vt_worker, direct_safety=False, conditions_met="no", outcome="renewed")
    monitored.refresh_from_db()
    assert monitored.state == State.REGISTERED
    assert monitored.decision == ""
    assert monitored.assessment_due_at == eod(2026, 4, 13)
    assert open_tasks(monitored, TaskKind.MONITORING) == []
    assert monitored.next_due_label == "assessment"


BAD_RECORDS = {
    "unknown answer on the conditions": {"conditions_met": "maybe"},
    "unknown outcome": {"outcome": "pause"},
    "no notes": {"notes": " "},
}


@pytest.mark.parametrize("kwargs", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_monitoring_moment_with_bad_input_changes_nothing(monitored, vt_worker, kwargs):
    before = snapshot(monitored)
    with pytest.raises(ValidationError):
        record(monitored, vt_worker, **kwargs)
    assert snapshot(monitored) == before


def test_a_monitoring_moment_is_recorded_only_during_monitoring(make_case, vt_worker):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="monitoringsmoment"):
        record(case, vt_worker)
    assert snapshot(case) == before
    assert MonitoringCheck.objects.count() == 0


@pytest.mark.parametrize("actor", ["pro_a", "other_vt_worker", "policy_officer"])
def test_only_veilig_thuis_records_a_monitoring_moment(monitored, request, actor):
    before = snapshot(monitored)
    with pytest.raises(ValidationError):
        record(monitored, request.getfixturevalue(actor))
    assert snapshot(monitored) == before


def test_monitoring_that_goes_on_past_the_planned_moments_plans_the_next_one(monitored, vt_worker):
    record(monitored, vt_worker)
    record(monitored, vt_worker)
    monitored.refresh_from_db()
    assert monitored.state == State.MONITORING
    planned = monitored.tasks.filter(kind=TaskKind.MONITORING, done_at__isnull=True)
    assert planned.count() == 1  # three months after the last recorded moment
    assert monitored.next_due_at is not None
    check = record(monitored, vt_worker)
    assert check.task is not None


# --- tasks ------------------------------------------------------------------------------------


def test_completing_a_task_records_what_was_communicated(
    monday, make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "decided")
    [task] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    task = services.task_complete(
        task=task, actor=vt_worker, outcome="Melder gebeld en geïnformeerd."
    )
    assert task.done_at == monday
    assert task.done_by == vt_worker
    assert task.outcome == "Melder gebeld en geïnformeerd."
    event = events_of(case)[-1]
    assert (event.kind, event.data) == ("task_done", {"task": task.pk, "task_kind": task.kind})
    case.refresh_from_db()
    assert case.next_due_label == TaskKind.INFORM_INVOLVED


def test_a_task_is_completed_only_once(make_case, vt_worker):
    case = make_case()
    [task] = open_tasks(case)
    services.task_complete(task=task, actor=vt_worker, outcome="Brief verstuurd.")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="al afgerond"):
        services.task_complete(task=task, actor=vt_worker, outcome="Nog een brief.")
    assert snapshot(case) == before


def test_completing_a_task_needs_an_outcome(make_case, vt_worker):
    case = make_case()
    [task] = open_tasks(case)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.task_complete(task=task, actor=vt_worker, outcome="  ")
    assert snapshot(case) == before


def test_a_monitoring_moment_is_not_completed_as_a_plain_task(monitored, vt_worker):
    task = open_tasks(monitored, TaskKind.MONITORING)[0]
    before = snapshot(monitored)
    with pytest.raises(ValidationError, match="monitoringsformulier"):
        services.task_complete(task=task, actor=vt_worker, outcome="Gebeld.")
    assert snapshot(monitored) == before


@pytest.mark.parametrize("actor", ["pro_a", "other_vt_worker"])
def test_only_veilig_thuis_completes_a_task(make_case, request, actor):
    case = make_case()
    [task] = open_tasks(case)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.task_complete(task=task, actor=request.getfixturevalue(actor), outcome="x")
    assert snapshot(case) == before


def test_informing_the_people_involved_is_extended_by_two_weeks_with_a_reason(
    monday, make_case, vt_worker
):
    case = make_case()
    [task] = open_tasks(case, TaskKind.INFORM_INVOLVED)
    assert task.due_at == eod(2026, 4, 6)
    task = services.task_extend(
        task=task, actor=vt_worker, reason="Informeren brengt kind in gevaar."
    )
    assert task.due_at == eod(2026, 4, 20)
    assert task.extensions == 1
    event = events_of(case)[-1]
    assert event.kind == "task_extended"
    assert event.reason == "Informeren brengt kind in gevaar."
    assert datetime.fromisoformat(event.data["to"]) == eod(2026, 4, 20)
    task = services.task_extend(task=task, actor=vt_worker, reason="Nog steeds onveilig.")
    assert task.due_at == eod(2026, 5, 4)
    assert task.extensions == 2


def test_an_extension_needs_a_reason(make_case, vt_worker):
    case = make_case()
    [task] = open_tasks(case)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.task_extend(task=task, actor=vt_worker, reason="")
    assert snapshot(case) == before


def test_only_informing_the_people_involved_can_be_extended(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "decided")
    [task] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="informeren"):
        services.task_extend(task=task, actor=vt_worker, reason="Druk.")
    assert snapshot(case) == before


def test_a_completed_task_is_not_extended(make_case, vt_worker):
    case = make_case()
    [task] = open_tasks(case)
    services.task_complete(task=task, actor=vt_worker, outcome="Brief verstuurd.")
    with pytest.raises(ValidationError, match="al afgerond"):
        services.task_extend(task=task, actor=vt_worker, reason="Toch later.")


# --- closing and reopening --------------------------------------------------------------------


def test_a_case_is_not_closed_before_the_reporter_had_feedback(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "decided")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="Koppel eerst terug"):
        services.case_close(case=case, actor=vt_worker)
    assert snapshot(case) == before


def test_a_decided_case_closes_after_the_feedback_to_the_reporter(
    monday, make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "decided")
    [task] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    services.task_complete(task=task, actor=vt_worker, outcome="Melder gebeld.")
    case = services.case_close(case=case, actor=vt_worker, reason="Geen zorgen.")
    assert case.state == State.CLOSED
    assert not case.is_open
    assert case.closed_at == monday
    event = events_of(case)[-1]
    assert (event.kind, event.from_state, event.to_state, event.reason) == (
        "case_close",
        State.DECIDED,
        State.CLOSED,
        "Geen zorgen.",
    )


def test_a_case_waiting_for_assessment_cannot_be_closed(make_case, vt_worker):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="de zaak afsluiten"):
        services.case_close(case=case, actor=vt_worker)
    assert snapshot(case) == before


def test_a_chain_professional_cannot_close_a_case(make_case, advance_case, pro_a, vt_worker):
    case = advance_case(make_case(), "decided")
    [task] = open_tasks(case, TaskKind.FEEDBACK_DECISION)
    services.task_complete(task=task, actor=vt_worker, outcome="Melder gebeld.")
    with pytest.raises(ValidationError):
        services.case_close(case=case, actor=pro_a)


def test_reopening_needs_a_reason(make_case, advance_case, vt_worker):
    case = advance_case(make_case(), "closed")
    before = snapshot(case)
    with pytest.raises(ValidationError) as info:
        services.case_reopen(case=case, actor=vt_worker, reason=" ")
    assert "reason" in info.value.message_dict
    assert snapshot(case) == before


def test_a_reopened_case_waits_for_a_new_assessment(
    make_case, advance_case, vt_worker, time_machine
):
    case = advance_case(make_case(), "closed")
    time_machine.move_to(datetime(2026, 12, 24, 15, tzinfo=AMSTERDAM), tick=False)
    case = services.case_reopen(case=case, actor=vt_worker, reason="Nieuwe signalen van school.")
    case.refresh_from_db()
    assert case.state == State.REGISTERED
    assert case.is_open
    assert case.closed_at is None
    assert case.reopen_count == 1
    assert case.decision == ""
    assert case.assessment_due_at == eod(2027, 1, 4)
    assert events_of(case)[-1].kind == "case_reopen"


def test_an_open_case_cannot_be_reopened(make_case, vt_worker):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError, match="heropenen"):
        services.case_reopen(case=case, actor=vt_worker, reason="Waarom niet.")
    assert snapshot(case) == before


def test_a_reopened_case_can_be_closed_again_and_counts_its_reopenings(
    make_case, advance_case, vt_worker
):
    case = advance_case(make_case(), "closed")
    services.case_reopen(case=case, actor=vt_worker, reason="Nieuwe signalen.")
    case = advance_case(case, "closed")
    services.case_reopen(case=case, actor=vt_worker, reason="Weer nieuwe signalen.")
    case.refresh_from_db()
    assert case.reopen_count == 2
