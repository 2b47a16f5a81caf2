"""The case process as a pure state machine (no database, no user-facing text).

The words a worker reads for states, actions and refusals are tested in ``test_labels.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ketenzicht.casework.states import (
    CLOSING_DECISIONS,
    HANDOVER_DECISIONS,
    OPEN_STATES,
    Action,
    Decision,
    IllegalTransition,
    MonitoringOutcome,
    Refusal,
    State,
    allowed_actions,
    next_state,
)

S, A, D = State, Action, Decision

# (from, action, keyword arguments, to): every legal transition.
LEGAL = [
    (S.REGISTERED, A.ASSESSMENT_PROPOSE, {}, S.REVIEW),
    (S.REVIEW, A.REVIEW_REJECT, {}, S.REGISTERED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.NO_FURTHER_STEPS}, S.DECIDED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.NOT_ADMISSIBLE}, S.DECIDED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.WRONGLY_ADDRESSED}, S.DECIDED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.VV}, S.VV),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.INVESTIGATION}, S.INVESTIGATION),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.HANDOVER}, S.HANDOVER_OFFERED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.RVDK_REQUEST}, S.HANDOVER_OFFERED),
    (S.REVIEW, A.REVIEW_APPROVE, {"decision": D.POLICE_NOTIFICATION}, S.HANDOVER_OFFERED),
    (
        S.REVIEW,
        A.REVIEW_APPROVE,
        {"decision": D.HANDOVER, "needs_acceptance": False},
        S.MONITORING,
    ),
    (
        S.REVIEW,
        A.REVIEW_APPROVE,
        {"decision": D.HANDOVER, "needs_acceptance": False, "monitoring_follows": False},
        S.CLOSED,
    ),
    (S.VV, A.VV_COMPLETE, {}, S.HANDOVER_OFFERED),
    (S.VV, A.VV_COMPLETE, {"needs_acceptance": False}, S.MONITORING),
    (S.INVESTIGATION, A.INVESTIGATION_CONCLUDE, {}, S.HANDOVER_OFFERED),
    (S.INVESTIGATION, A.INVESTIGATION_CONCLUDE, {"handover_follows": False}, S.DECIDED),
    (S.INVESTIGATION, A.INVESTIGATION_CONCLUDE, {"needs_acceptance": False}, S.MONITORING),
    (S.HANDOVER_OFFERED, A.HANDOVER_ACCEPT, {}, S.MONITORING),
    (S.HANDOVER_OFFERED, A.HANDOVER_ACCEPT, {"monitoring_follows": False}, S.CLOSED),
    (S.HANDOVER_OFFERED, A.HANDOVER_REFUSE, {}, S.HANDOVER_REFUSED),
    (S.HANDOVER_REFUSED, A.HANDOVER_OFFER, {}, S.HANDOVER_OFFERED),
    (S.HANDOVER_REFUSED, A.HANDOVER_OFFER, {"needs_acceptance": False}, S.MONITORING),
    (S.HANDOVER_REFUSED, A.CASE_REASSESS, {}, S.REGISTERED),
    (
        S.MONITORING,
        A.MONITORING_RECORD,
        {"monitoring_outcome": MonitoringOutcome.CONTINUE},
        S.MONITORING,
    ),
    (S.MONITORING, A.MONITORING_RECORD, {"monitoring_outcome": MonitoringOutcome.STABLE}, S.CLOSED),
    (
        S.MONITORING,
        A.MONITORING_RECORD,
        {"monitoring_outcome": MonitoringOutcome.RENEWED},
        S.REGISTERED,
    ),
    (S.DECIDED, A.CASE_CLOSE, {}, S.CLOSED),
    (S.CLOSED, A.CASE_REOPEN, {}, S.REGISTERED),
]


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "expected"),
    LEGAL,
    ids=[f"{s}-{a}-{'-'.join(map(str, k.values()))}" for s, a, k, _ in LEGAL],
)
def test_every_legal_transition_leads_to_its_state(state, action, kwargs, expected):
    assert next_state(state, action, **kwargs) is expected


def test_plain_strings_are_accepted_for_state_and_action():
    assert next_state("registered", "assessment_propose") is S.REVIEW


ILLEGAL = [(s, a) for s in State for a in Action if a not in allowed_actions(s)]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_an_action_not_allowed_in_a_state_raises_illegal_transition(state, action):
    with pytest.raises(IllegalTransition) as info:
        next_state(
            state,
            action,
            decision=D.HANDOVER,
            monitoring_outcome=MonitoringOutcome.STABLE,
        )
    assert info.value.state is state
    assert info.value.action is action
    assert info.value.reason is Refusal.NOT_ALLOWED
    assert info.value.message == f"Action '{action.value}' is not allowed in state '{state.value}'."
    assert str(info.value) == info.value.message


def test_every_allowed_action_has_a_legal_transition():
    legal_pairs = {(s, a) for s, a, _, _ in LEGAL}
    assert legal_pairs == {(s, a) for s in State for a in allowed_actions(s)}


def test_a_closed_case_can_only_be_reopened():
    assert allowed_actions(S.CLOSED) == {A.CASE_REOPEN}


def test_a_case_cannot_be_closed_straight_from_registration():
    with pytest.raises(IllegalTransition, match="'case_close' is not allowed") as info:
        next_state(S.REGISTERED, A.CASE_CLOSE)
    assert info.value.reason is Refusal.NOT_ALLOWED


def test_approving_without_a_decision_is_refused_with_its_own_reason():
    with pytest.raises(IllegalTransition, match="no decision") as info:
        next_state(S.REVIEW, A.REVIEW_APPROVE)
    assert (info.value.state, info.value.action) == (S.REVIEW, A.REVIEW_APPROVE)
    assert info.value.reason is Refusal.NO_DECISION


def test_a_monitoring_moment_without_an_outcome_is_refused_with_its_own_reason():
    with pytest.raises(IllegalTransition, match="outcome") as info:
        next_state(S.MONITORING, A.MONITORING_RECORD)
    assert (info.value.state, info.value.action) == (S.MONITORING, A.MONITORING_RECORD)
    assert info.value.reason is Refusal.NO_MONITORING_OUTCOME


def test_the_decision_groups_do_not_overlap():
    assert not CLOSING_DECISIONS & HANDOVER_DECISIONS
    assert {D.VV, D.INVESTIGATION}.isdisjoint(CLOSING_DECISIONS | HANDOVER_DECISIONS)
    assert CLOSING_DECISIONS | HANDOVER_DECISIONS | {D.VV, D.INVESTIGATION} == set(Decision)


def test_only_closed_is_not_open():
    assert set(State) - OPEN_STATES == {S.CLOSED}


# --- random sequences -------------------------------------------------------------------------

# The (from state, action) steps that may close a case: the decision-then-close path, an
# accepted handover without monitoring (also the own-network shortcuts), and stable safety.
CLOSING_STEPS = {
    (S.DECIDED, A.CASE_CLOSE),
    (S.HANDOVER_OFFERED, A.HANDOVER_ACCEPT),
    (S.MONITORING, A.MONITORING_RECORD),
    (S.REVIEW, A.REVIEW_APPROVE),
    (S.VV, A.VV_COMPLETE),
    (S.INVESTIGATION, A.INVESTIGATION_CONCLUDE),
    (S.HANDOVER_REFUSED, A.HANDOVER_OFFER),
}

machine_arguments = st.fixed_dictionaries(
    {},
    optional={
        "decision": st.sampled_from(Decision),
        "needs_acceptance": st.booleans(),
        "monitoring_follows": st.booleans(),
        "monitoring_outcome": st.sampled_from(MonitoringOutcome),
        "handover_follows": st.booleans(),
    },
)


class CaseProcess(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = S.REGISTERED
        self.history: list[tuple[State, Action, State]] = []

    @rule(action=st.sampled_from(Action), kwargs=machine_arguments)
    def act(self, action: Action, kwargs: dict) -> None:
        before = self.state
        try:
            after = next_state(before, action, **kwargs)
        except IllegalTransition as exc:
            assert exc.message
            assert exc.state is before
            assert exc.reason in set(Refusal)
            return
        assert action in allowed_actions(before)
        assert isinstance(after, State)
        if after is S.CLOSED and before is not S.CLOSED:
            assert (before, action) in CLOSING_STEPS
        if before is S.CLOSED:
            assert action is A.CASE_REOPEN
            assert after is S.REGISTERED
        self.state = after
        self.history.append((before, action, after))

    @invariant()
    def state_is_a_known_state(self) -> None:
        assert self.state in set(State)

    @invariant()
    def history_is_a_chain(self) -> None:
        for (_, _, after), (before, _, _) in zip(self.history, self.history[1:], strict=False):
            assert after is before


CaseProcess.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestCaseProcess = CaseProcess.TestCase


@given(
    steps=st.lists(st.tuples(st.sampled_from(Action), machine_arguments), max_size=60),
)
def test_no_sequence_of_actions_reaches_an_unknown_state_or_closes_by_a_side_door(steps):
    state = S.REGISTERED
    for action, kwargs in steps:
        try:
            after = next_state(state, action, **kwargs)
        except IllegalTransition:
            continue
        assert after in set(State)
        if after is S.CLOSED and state is not S.CLOSED:
            assert (state, action) in CLOSING_STEPS
            if (state, action) == (S.MONITORING, A.MONITORING_RECORD):
                assert kwargs["monitoring_outcome"] is MonitoringOutcome.STABLE
            elif (state, action) != (S.DECIDED, A.CASE_CLOSE):
                assert kwargs.get("monitoring_follows") is False
        state = after
