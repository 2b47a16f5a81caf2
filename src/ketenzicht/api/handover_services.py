"""Writes of the handover endpoints: a receiving organisation's answers through its own system.

The answers go through the domain services a chain professional's clicks go through
(``casework.services.handover_accept`` / ``handover_refuse``, ``plans.services.
participation_report``), acted by the organisation's *handover account*
(:func:`handover_account_for`): ``api-handover-<organisation id>``, role chain professional,
inactive, no usable password, no e-mail (made on first use, like the intake account of
``services``). The case history and the plan name it as the one who answered; the client's own
EDIT entry in the access log, in the same transaction, says which client it was.

Monitoring (BRIEF §3.8) is Veilig Thuis's own work (``monitoring_record`` refuses anyone but VT
staff on the case), so a partner does not answer it. What a partner reports after taking over is
BRIEF §4's: help started, ended, broken off, the client repeatedly not showing up, moved to
another worker, a proposal for other help — a *participation report* on the household plan
drawn up from the handover (:func:`api_participation_report`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ketenzicht.api.models import ApiClient
from ketenzicht.api.services import client_edit_logged, service_account_for
from ketenzicht.casework.models import Handover, HandoverStatus
from ketenzicht.casework.services import handover_accept, handover_refuse
from ketenzicht.organisations.models import Organisation, Role, User
from ketenzicht.plans.models import HouseholdPlan, ParticipationReport
from ketenzicht.plans.services import participation_report

HANDOVER_ACCOUNT_PREFIX = "api-handover-"


class HandoverAnswered(Exception):
    """The handover was answered before (accepted or refused): it cannot be answered again."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def handover_account_for(organisation: Organisation) -> User:
    """The account that answers handovers to ``organisation`` through the API (made once)."""
    return service_account_for(
        prefix=HANDOVER_ACCOUNT_PREFIX, organisation=organisation, role=Role.CHAIN_PROFESSIONAL
    )


def _client_entry(client: ApiClient, handover: Handover, detail: str) -> None:
    """The client's own EDIT entry for a change to the handover's case."""
    client_edit_logged(client, case_id=handover.case_id, report=handover.case.report, detail=detail)


def _open(handover: Handover) -> Handover:
    """The handover under a row lock, still open; :class:`HandoverAnswered` otherwise."""
    locked = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("case__report")
        .get(pk=handover.pk)
    )
    if locked.status != HandoverStatus.OFFERED:
        raise HandoverAnswered(locked.status)
    return locked


def _answer(
    client: ApiClient, handover: Handover, answered: str, run: Callable[[Handover, User], Handover]
) -> Handover:
    locked = _open(handover)
    done = run(locked, handover_account_for(client.organisation))
    _client_entry(client, locked, f"handover {locked.pk} {answered}")
    return done


@transaction.atomic
def api_handover_accept(*, client: ApiClient, handover: Handover, note: str = "") -> Handover:
    """Accept ``handover`` (offered to the client's organisation) for that organisation."""
    return _answer(
        client,
        handover,
        "accepted",
        lambda locked, actor: handover_accept(handover=locked, actor=actor, note=note),
    )


@transaction.atomic
def api_handover_refuse(*, client: ApiClient, handover: Handover, reason: str) -> Handover:
    """Refuse ``handover`` with a reason (``handover_refuse`` requires one); it returns to
    Veilig Thuis."""
    return _answer(
        client,
        handover,
        "refused",
        lambda locked, actor: handover_refuse(handover=locked, actor=actor, reason=reason),
    )


@transaction.atomic
def api_participation_report(
    *, client: ApiClient, handover: Handover, kind: str, note: str = ""
) -> ParticipationReport:
    """Tell the case director of the plan drawn up from ``handover`` what happened to the help.

    Refused (``ValidationError``, code ``no_plan``) while no plan was drawn up from the
    handover; the rules of a participation report are ``participation_report``'s.
    """
    plan = HouseholdPlan.objects.filter(handover_id=handover.pk).first()
    if plan is None:
        raise ValidationError(
            _("No household plan was drawn up from this handover yet."),
            code="no_plan",
        )
    report = participation_report(
        plan=plan, actor=handover_account_for(client.organisation), kind=kind, note=note
    )
    _client_entry(client, handover, f"handover {handover.pk} participation {kind}")
    return report
