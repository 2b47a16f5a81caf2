"""What a sender of a report may see of its progress: a status and an outcome code.

Pure (no Django). The outcome codes are comparable to the national "JZV meldingen" codes of the
Veilig Thuis figures; they are computed from the case's state, its approved decision and whether
a handover was accepted:

- ``in_progress``: no decision yet (registered, or the safety assessment under review)
- ``not_admissible`` / ``wrongly_addressed``: the decisions of those names
- ``no_follow_up``: decided that no further steps by VT or others are needed
- ``follow_up_by_vt``: VT itself goes on (conditions and follow-up, investigation)
- ``handover``: handed over to a local team, existing help, MDA++, the RvdK or the police
- ``closed_without_handover``: VT's own follow-up ended and the case closed with no handover
"""

from __future__ import annotations

from enum import StrEnum

from ketenzicht.casework.states import CLOSING_DECISIONS, HANDOVER_DECISIONS, Decision, State


class Outcome(StrEnum):
    IN_PROGRESS = "in_progress"
    NOT_ADMISSIBLE = "not_admissible"
    WRONGLY_ADDRESSED = "wrongly_addressed"
    NO_FOLLOW_UP = "no_follow_up"
    FOLLOW_UP_BY_VT = "follow_up_by_vt"
    HANDOVER = "handover"
    CLOSED_WITHOUT_HANDOVER = "closed_without_handover"


class Status(StrEnum):
    RECEIVED = "received"  # registered, the safety assessment is due
    ASSESSING = "assessing"  # a proposed decision awaits its second reviewer
    DECIDED = "decided"  # decided, the case is still open
    CLOSED = "closed"


_HANDOVER_STATES = frozenset({State.HANDOVER_OFFERED, State.HANDOVER_REFUSED, State.MONITORING})
_VT_STATES = frozenset({State.VV, State.INVESTIGATION})


def status_of(state: str) -> Status:
    current = State(state)
    if current is State.REGISTERED:
        return Status.RECEIVED
    if current is State.REVIEW:
        return Status.ASSESSING
    if current is State.CLOSED:
        return Status.CLOSED
    return Status.DECIDED


def outcome_of(state: str, decision: str, *, handed_over: bool) -> Outcome:
    """The outcome code of a case in ``state`` with approved ``decision`` ("" if none yet).

    ``handed_over``: a handover of the case was offered or accepted at some point (a case may be
    handed over after VT's own conditions and follow-up or investigation).
    """
    current = State(state)
    if current in {State.REGISTERED, State.REVIEW} or not decision:
        return Outcome.IN_PROGRESS
    chosen = Decision(decision)
    if chosen is Decision.NOT_ADMISSIBLE:
        return Outcome.NOT_ADMISSIBLE
    if chosen is Decision.WRONGLY_ADDRESSED:
        return Outcome.WRONGLY_ADDRESSED
    if handed_over or chosen in HANDOVER_DECISIONS or current in _HANDOVER_STATES:
        return Outcome.HANDOVER
    if chosen in CLOSING_DECISIONS:
        return Outcome.NO_FOLLOW_UP
    if current is State.CLOSED:
        return Outcome.CLOSED_WITHOUT_HANDOVER
    return Outcome.FOLLOW_UP_BY_VT
