"""The outcome codes, without a database."""

from __future__ import annotations

import pytest

from ketenzicht.api.outcomes import Outcome, Status, outcome_of, status_of


@pytest.mark.parametrize(
    ("state", "decision", "handed_over", "expected"),
    [
        ("registered", "", False, Outcome.IN_PROGRESS),
        ("review", "handover", False, Outcome.IN_PROGRESS),
        ("decided", "not_admissible", False, Outcome.NOT_ADMISSIBLE),
        ("closed", "wrongly_addressed", False, Outcome.WRONGLY_ADDRESSED),
        ("decided", "no_further_steps", False, Outcome.NO_FOLLOW_UP),
        ("closed", "no_further_steps", False, Outcome.NO_FOLLOW_UP),
        ("vv", "vv", False, Outcome.FOLLOW_UP_BY_VT),
        ("investigation", "investigation", False, Outcome.FOLLOW_UP_BY_VT),
        ("decided", "investigation", False, Outcome.FOLLOW_UP_BY_VT),
        ("closed", "investigation", False, Outcome.CLOSED_WITHOUT_HANDOVER),
        ("closed", "vv", True, Outcome.HANDOVER),
        ("handover_offered", "vv", True, Outcome.HANDOVER),
        ("monitoring", "handover", True, Outcome.HANDOVER),
        ("handover_offered", "rvdk_request", True, Outcome.HANDOVER),
        ("closed", "police_notification", True, Outcome.HANDOVER),
    ],
)
def test_the_outcome_code_of_a_case(state, decision, handed_over, expected):
    assert outcome_of(state, decision, handed_over=handed_over) is expected


def test_the_status_of_a_case():
    assert [status_of(s) for s in ("registered", "review", "vv", "monitoring", "closed")] == [
        Status.RECEIVED,
        Status.ASSESSING,
        Status.DECIDED,
        Status.DECIDED,
        Status.CLOSED,
    ]
