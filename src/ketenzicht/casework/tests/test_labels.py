"""The words a worker reads for the pure state machine: state and action labels, refusals.

``states.py`` holds no text; ``labels.py`` gives it, in Dutch by default and in English when
English is active.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from ketenzicht.casework.labels import ACTION_LABELS, STATE_LABELS, refusal_message
from ketenzicht.casework.states import (
    Action,
    IllegalTransition,
    MonitoringOutcome,
    Refusal,
    State,
    allowed_actions,
    next_state,
)


def _refusal(state: State, action: Action, **kwargs) -> IllegalTransition:
    with pytest.raises(IllegalTransition) as info:
        next_state(state, action, **kwargs)
    return info.value


def test_every_state_and_action_has_a_label():
    assert set(STATE_LABELS) == set(State)
    assert set(ACTION_LABELS) == set(Action)


def test_the_labels_are_dutch_by_default_and_english_on_request():
    with translation.override("nl"):
        assert str(STATE_LABELS[State.REVIEW]) == "Besluit ter toetsing (vier ogen)"
        assert str(ACTION_LABELS[Action.CASE_CLOSE]) == "de zaak afsluiten"
    with translation.override("en"):
        assert str(STATE_LABELS[State.REVIEW]) == "Decision under review (four eyes)"
        assert str(ACTION_LABELS[Action.CASE_CLOSE]) == "close the case"


ILLEGAL = [(s, a) for s in State for a in Action if a not in allowed_actions(s)]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_every_refused_action_reads_as_a_dutch_sentence(state, action):
    exc = _refusal(state, action, monitoring_outcome=MonitoringOutcome.STABLE)
    with translation.override("nl"):
        assert refusal_message(exc) == (
            f"U kunt niet {ACTION_LABELS[action]} in de status '{STATE_LABELS[state]}'."
        )


def test_a_refusal_names_the_action_and_the_state_in_the_active_language():
    exc = _refusal(State.REGISTERED, Action.CASE_CLOSE)
    with translation.override("nl"):
        assert refusal_message(exc) == (
            "U kunt niet de zaak afsluiten in de status 'Wacht op veiligheidsbeoordeling'."
        )
    with translation.override("en"):
        assert refusal_message(exc) == (
            "You cannot close the case in the state 'Awaiting safety assessment'."
        )


@pytest.mark.parametrize(
    ("state", "action", "reason", "dutch", "english"),
    [
        (
            State.REVIEW,
            Action.REVIEW_APPROVE,
            Refusal.NO_DECISION,
            "Er is geen besluit om goed te keuren.",
            "There is no decision to approve.",
        ),
        (
            State.MONITORING,
            Action.MONITORING_RECORD,
            Refusal.NO_MONITORING_OUTCOME,
            "Kies de uitkomst van het monitoringsmoment.",
            "Choose the outcome of the monitoring moment.",
        ),
    ],
)
def test_a_missing_argument_has_its_own_message(state, action, reason, dutch, english):
    exc = _refusal(state, action)
    assert exc.reason is reason
    with translation.override("nl"):
        assert refusal_message(exc) == dutch
    with translation.override("en"):
        assert refusal_message(exc) == english
