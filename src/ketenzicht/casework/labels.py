"""What a worker reads for the states, actions and refusals of the pure state machine.

``states.py`` may not import Django, so its user-facing words live here, translated: the labels
of the states and actions, and :func:`refusal_message` for an :class:`IllegalTransition`.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework.states import Action, IllegalTransition, Refusal, State

STATE_LABELS: dict[State, Promise] = {
    State.REGISTERED: _("Awaiting safety assessment"),
    State.REVIEW: _("Decision under review (four eyes)"),
    State.DECIDED: _("Decided, to be completed"),
    State.VV: _("Voorwaarden en vervolg"),
    State.INVESTIGATION: _("Investigation"),
    State.HANDOVER_OFFERED: _("Handover offered"),
    State.HANDOVER_REFUSED: _("Handover refused"),
    State.MONITORING: _("Monitoring"),
    State.CLOSED: _("Closed"),
}

# An infinitive phrase per action, for "You cannot <action> in the state '<state>'".
ACTION_LABELS: dict[Action, Promise] = {
    Action.ASSESSMENT_PROPOSE: _("record a safety assessment"),
    Action.REVIEW_APPROVE: _("approve the decision"),
    Action.REVIEW_REJECT: _("reject the decision"),
    Action.VV_COMPLETE: _("complete Voorwaarden en vervolg"),
    Action.INVESTIGATION_CONCLUDE: _("conclude the investigation"),
    Action.HANDOVER_OFFER: _("offer a handover"),
    Action.HANDOVER_ACCEPT: _("accept the handover"),
    Action.HANDOVER_REFUSE: _("refuse the handover"),
    Action.CASE_REASSESS: _("assess again"),
    Action.MONITORING_RECORD: _("record a monitoring moment"),
    Action.CASE_CLOSE: _("close the case"),
    Action.CASE_REOPEN: _("reopen the case"),
}


def refusal_message(exc: IllegalTransition) -> str:
    """The refusal in the active language."""
    if exc.reason is Refusal.NO_DECISION:
        return gettext("There is no decision to approve.")
    if exc.reason is Refusal.NO_MONITORING_OUTCOME:
        return gettext("Choose the outcome of the monitoring moment.")
    return gettext("You cannot %(action)s in the state '%(state)s'.") % {
        "action": ACTION_LABELS[exc.action],
        "state": STATE_LABELS[exc.state],
    }
