"""The Veilig Thuis case process as a pure state machine (no database, no Django models).

Services ask :func:`next_state` for the state an action leads to; it raises
:class:`IllegalTransition` with the state, the action and a :class:`Refusal` code when the action
is not allowed in the current state. This module holds no user-facing text: the services turn the
refusal into a translated message (``casework.labels``) and write the new state and its event in
one transaction.

Flow (BRIEF section 3)::

    registered --assessment_propose--> review --review_approve--> (by decision)
        no_further_steps / not_admissible / wrongly_addressed -> decided --case_close--> closed
        handover / rvdk_request / police_notification -> handover_offered
        vv -> vv --vv_complete--> handover_offered
        investigation -> investigation --investigation_conclude--> handover_offered | decided
    review --review_reject--> registered
    handover_offered --handover_accept--> monitoring (or closed when no monitoring follows)
    handover_offered --handover_refuse--> handover_refused --handover_offer--> handover_offered
    handover_refused --case_reassess--> registered
    monitoring --monitoring_record(continue)--> monitoring
    monitoring --monitoring_record(stable)--> closed
    monitoring --monitoring_record(renewed)--> registered
    closed --case_reopen--> registered

A handover to the household's own network needs no acceptance: where a handover would be offered,
the case goes straight on to monitoring (or is closed when no monitoring follows).
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    REGISTERED = "registered"
    REVIEW = "review"
    DECIDED = "decided"
    VV = "vv"
    INVESTIGATION = "investigation"
    HANDOVER_OFFERED = "handover_offered"
    HANDOVER_REFUSED = "handover_refused"
    MONITORING = "monitoring"
    CLOSED = "closed"


class Decision(StrEnum):
    """The decision after the safety assessment (BRIEF 3.5)."""

    NO_FURTHER_STEPS = "no_further_steps"
    HANDOVER = "handover"
    VV = "vv"
    INVESTIGATION = "investigation"
    RVDK_REQUEST = "rvdk_request"
    POLICE_NOTIFICATION = "police_notification"
    NOT_ADMISSIBLE = "not_admissible"
    WRONGLY_ADDRESSED = "wrongly_addressed"


class Action(StrEnum):
    ASSESSMENT_PROPOSE = "assessment_propose"
    REVIEW_APPROVE = "review_approve"
    REVIEW_REJECT = "review_reject"
    VV_COMPLETE = "vv_complete"
    INVESTIGATION_CONCLUDE = "investigation_conclude"
    HANDOVER_OFFER = "handover_offer"
    HANDOVER_ACCEPT = "handover_accept"
    HANDOVER_REFUSE = "handover_refuse"
    CASE_REASSESS = "case_reassess"
    MONITORING_RECORD = "monitoring_record"
    CASE_CLOSE = "case_close"
    CASE_REOPEN = "case_reopen"


class MonitoringOutcome(StrEnum):
    CONTINUE = "continue"
    STABLE = "stable"
    RENEWED = "renewed"


OPEN_STATES = frozenset(State) - {State.CLOSED}

# Decisions that end VT's own track and lead straight to closing (after the reporter feedback).
CLOSING_DECISIONS = frozenset(
    {Decision.NO_FURTHER_STEPS, Decision.NOT_ADMISSIBLE, Decision.WRONGLY_ADDRESSED}
)
# Decisions that hand the household over to another organisation.
HANDOVER_DECISIONS = frozenset(
    {Decision.HANDOVER, Decision.RVDK_REQUEST, Decision.POLICE_NOTIFICATION}
)
# Decisions after which VT itself works with the household before handing over.
VT_TRACK_DECISIONS = {Decision.VV: State.VV, Decision.INVESTIGATION: State.INVESTIGATION}


class Refusal(StrEnum):
    """Why :func:`next_state` refuses an action; ``casework.labels`` words it for the user."""

    NOT_ALLOWED = "not_allowed"  # the action is not possible in this state
    NO_DECISION = "no_decision"  # approving a review without a decision
    NO_MONITORING_OUTCOME = "no_monitoring_outcome"  # a monitoring moment without its outcome


_DEVELOPER_MESSAGES: dict[Refusal, str] = {
    Refusal.NOT_ALLOWED: "Action '{action}' is not allowed in state '{state}'.",
    Refusal.NO_DECISION: "There is no decision to approve.",
    Refusal.NO_MONITORING_OUTCOME: "A monitoring moment needs its outcome.",
}


class IllegalTransition(Exception):
    """An action that the process does not allow in the case's current state.

    ``message`` is English text for developers and logs; the text a worker reads comes from
    ``casework.labels.refusal_message``.
    """

    def __init__(self, state: State, action: Action, reason: Refusal = Refusal.NOT_ALLOWED) -> None:
        self.state = state
        self.action = action
        self.reason = reason
        self.message = _DEVELOPER_MESSAGES[reason].format(action=action, state=state)
        super().__init__(self.message)


# Actions whose target does not depend on anything but the current state.
_SIMPLE: dict[tuple[State, Action], State] = {
    (State.REGISTERED, Action.ASSESSMENT_PROPOSE): State.REVIEW,
    (State.REVIEW, Action.REVIEW_REJECT): State.REGISTERED,
    (State.VV, Action.VV_COMPLETE): State.HANDOVER_OFFERED,
    (State.HANDOVER_REFUSED, Action.HANDOVER_OFFER): State.HANDOVER_OFFERED,
    (State.HANDOVER_OFFERED, Action.HANDOVER_REFUSE): State.HANDOVER_REFUSED,
    (State.HANDOVER_REFUSED, Action.CASE_REASSESS): State.REGISTERED,
    (State.DECIDED, Action.CASE_CLOSE): State.CLOSED,
    (State.CLOSED, Action.CASE_REOPEN): State.REGISTERED,
}


def next_state(
    state: State,
    action: Action,
    *,
    decision: Decision | None = None,
    needs_acceptance: bool = True,
    monitoring_follows: bool = True,
    monitoring_outcome: MonitoringOutcome | None = None,
    handover_follows: bool = True,
) -> State:
    """The state that ``action`` leads to from ``state``, or :class:`IllegalTransition`.

    - ``decision``: the approved decision, for ``REVIEW_APPROVE``.
    - ``needs_acceptance``: False for a handover to the household's own network, which no
      organisation has to accept; the case goes straight on to monitoring.
    - ``monitoring_follows``: whether VT monitors after an accepted handover.
    - ``monitoring_outcome``: for ``MONITORING_RECORD``.
    - ``handover_follows``: for ``INVESTIGATION_CONCLUDE``, whether help is handed over.
    """
    state = State(state)
    action = Action(action)
    simple = _SIMPLE.get((state, action))
    if simple is not None:
        if simple is State.HANDOVER_OFFERED and not needs_acceptance:
            return _after_acceptance(monitoring_follows)
        return simple

    if action is Action.REVIEW_APPROVE and state is State.REVIEW:
        if decision is None:
            raise IllegalTransition(state, action, Refusal.NO_DECISION)
        decision = Decision(decision)
        if decision in CLOSING_DECISIONS:
            return State.DECIDED
        if decision in VT_TRACK_DECISIONS:
            return VT_TRACK_DECISIONS[decision]
        if not needs_acceptance:
            return _after_acceptance(monitoring_follows)
        return State.HANDOVER_OFFERED

    if action is Action.INVESTIGATION_CONCLUDE and state is State.INVESTIGATION:
        if not handover_follows:
            return State.DECIDED
        if not needs_acceptance:
            return _after_acceptance(monitoring_follows)
        return State.HANDOVER_OFFERED

    if action is Action.HANDOVER_ACCEPT and state is State.HANDOVER_OFFERED:
        return _after_acceptance(monitoring_follows)

    if action is Action.MONITORING_RECORD and state is State.MONITORING:
        if monitoring_outcome is None:
            raise IllegalTransition(state, action, Refusal.NO_MONITORING_OUTCOME)
        outcome = MonitoringOutcome(monitoring_outcome)
        if outcome is MonitoringOutcome.STABLE:
            return State.CLOSED
        if outcome is MonitoringOutcome.RENEWED:
            return State.REGISTERED
        return State.MONITORING

    raise IllegalTransition(state, action)


def _after_acceptance(monitoring_follows: bool) -> State:
    return State.MONITORING if monitoring_follows else State.CLOSED


def allowed_actions(state: State) -> frozenset[Action]:
    """Every action that is possible in ``state`` for at least one set of arguments."""
    state = State(state)
    allowed = {action for (s, action) in _SIMPLE if s is state}
    extra = {
        State.REVIEW: {Action.REVIEW_APPROVE},
        State.INVESTIGATION: {Action.INVESTIGATION_CONCLUDE},
        State.HANDOVER_OFFERED: {Action.HANDOVER_ACCEPT},
        State.MONITORING: {Action.MONITORING_RECORD},
    }
    allowed |= extra.get(state, set())
    return frozenset(allowed)
