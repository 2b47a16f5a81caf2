"""Reads of the handover endpoints: the handovers offered to the client's organisation.

A client sees exactly what a chain professional of its organisation sees in the handover inbox
and on the handover page (``casework.selectors.handovers_for_organisation`` and
``handover_for_receiver``, read as the organisation's handover account): never the VT file.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from ketenzicht.api.handover_services import handover_account_for
from ketenzicht.api.models import ApiClient
from ketenzicht.casework.models import Handover
from ketenzicht.casework.selectors import handover_for_receiver, handovers_for_organisation
from ketenzicht.plans.models import HouseholdPlan


def handovers_of_client(*, client: ApiClient, status: str = "") -> QuerySet[Handover]:
    """The handovers offered to the client's organisation, open ones first, then the newest."""
    handovers = handovers_for_organisation(handover_account_for(client.organisation))
    handovers = handovers.prefetch_related(
        Prefetch("plan", queryset=HouseholdPlan.objects.only("pk", "handover_id"))
    )
    return handovers.filter(status=status) if status else handovers


def handover_of_client(*, client: ApiClient, handover_id: int) -> Handover | None:
    """One handover to the client's organisation with its people, or None (also another's)."""
    try:
        return handover_for_receiver(handover_account_for(client.organisation), handover_id)
    except Handover.DoesNotExist:
        return None


def _plan_reference(handover: Handover) -> str | None:
    try:
        return str(handover.plan.reference)
    except HouseholdPlan.DoesNotExist:
        return None


def handover_summary(handover: Handover) -> dict[str, Any]:
    """What the inbox shows of a handover: no names, no address."""
    municipality = handover.case.report.municipality
    return {
        "id": handover.pk,
        "case_reference": handover.case.reference,
        "veilig_thuis": handover.case.organisation.name,
        "target": handover.target,
        "offered_at": handover.offered_at,
        "status": handover.status,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "responded_at": handover.responded_at,
        "plan_reference": _plan_reference(handover),
    }


def handover_detail(handover: Handover) -> dict[str, Any]:
    """What the handover page shows the receiving organisation (``handover_detail.html``): the
    household's address, the kinds of violence, the people involved (name, role, date of birth;
    no BSN), the summary of the safety assessment and the safety conditions."""
    report = handover.case.report
    household = report.household
    return {
        **handover_summary(handover),
        "offered_by": str(handover.offered_by),
        "household": {
            "street": household.street,
            "house_number": household.house_number,
            "house_number_suffix": household.house_number_suffix,
            "postcode": household.postcode,
            "city": household.city,
        },
        "kinds": list(report.kinds),
        "people": [
            {
                "first_names": involved.person.first_names,
                "surname_prefix": involved.person.surname_prefix,
                "surname": involved.person.surname,
                "date_of_birth": involved.person.date_of_birth,
                "role": involved.role,
            }
            for involved in report.involved.all()
        ],
        "assessment_summary": handover.assessment_summary,
        "safety_conditions": handover.safety_conditions,
        "response_reason": handover.response_reason,
    }


def handover_people_ids(handover: Handover) -> list[int]:
    return [involved.person_id for involved in handover.case.report.involved.all()]
