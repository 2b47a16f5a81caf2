"""Everything the system holds about one person, for a subject access request (*inzageverzoek*,
GDPR art. 15), within the asking team lead's Veilig Thuis organisation.

What is left out, because the right of access does not reach other people's data (art. 15(4))
and the reporter may be shielded: other people's names, BSNs, dates of birth and addresses (only
their role in a report is given); the reporter's name and contact details (a shielded reporter's
organisation too; the role stays, as the source of the data, art. 15(1)(g)); the names of
staff (their organisation and role are given, as in the access log -- CJEU C-579/21). Free
texts (what was reported, considerations, notes) are given as written: the team lead reads the
PDF before it is sent and redacts by hand what concerns only others.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from ketenzicht.audit.models import AccessAction, AccessLogEntry, SubjectKind
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.models import Case
from ketenzicht.casework.states import State
from ketenzicht.common.crypto import bsn_index
from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.models import PersonMerge
from ketenzicht.linkage.selectors import persons_visible_to
from ketenzicht.organisations.models import Organisation, Role, User

FORMAT = "ketenzicht.subject-access/1"
MAX_FOUND = 20


def subjects_visible_to(user: User) -> QuerySet[Person]:
    """The persons a subject access request of ``user`` may cover: those known to their VT
    organisation (``linkage.selectors.persons_visible_to``); only team leads (see views)."""
    return persons_visible_to(user)


def find_subjects(
    user: User, *, bsn: str = "", surname: str = "", date_of_birth: date | None = None
) -> list[Person]:
    """Persons by BSN (through the blind index), or by surname and date of birth."""
    persons = subjects_visible_to(user).filter(merged_into__isnull=True)
    if bsn:
        index = bsn_index(bsn)
        persons = persons.filter(bsn_index=index) if index else persons.none()
    else:
        persons = persons.filter(surname__iexact=surname.strip(), date_of_birth=date_of_birth)
    return list(persons.order_by("surname", "first_names", "pk")[:MAX_FOUND])


def subject_for_request(user: User, pk: int) -> Person:
    """One person within reach (``Person.DoesNotExist`` otherwise: the view answers 404)."""
    return subjects_visible_to(user).select_related("municipality").get(pk=pk)


def _when(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _staff(user: User | None) -> dict[str, str] | None:
    """A member of staff by organisation and role, never by name."""
    if user is None:
        return None
    return {
        "organisation": str(user.organisation) if user.organisation_id else "",
        "role": str(user.get_role_display()) if user.role else "",
    }


def _address(person: Person) -> str:
    number = f"{person.house_number}{person.house_number_suffix}".strip()
    first = " ".join(part for part in (person.street, number) if part)
    second = " ".join(part for part in (person.postcode, person.city) if part)
    return ", ".join(part for part in (first, second) if part)


def _person_data(person: Person) -> dict[str, Any]:
    return {
        "record": person.pk,
        "first_names": person.first_names,
        "surname_prefix": person.surname_prefix,
        "surname": person.surname,
        "date_of_birth": _day(person.date_of_birth),
        "sex": str(person.get_sex_display()),
        "bsn": person.bsn,
        "address": _address(person),
        "municipality": str(person.municipality) if person.municipality_id else "",
        "recorded_at": _when(person.created_at),
    }


def _report(involvement: ReportPerson, records: set[int]) -> dict[str, Any]:
    report = involvement.report
    shielded = report.reporter_shielded
    others = [
        {"role": str(other.get_role_display())}
        for other in report.involved.all()
        if other.person_id not in records
    ]
    advice = report.advice_request
    return {
        "reference": report.reference,
        "received_at": _when(report.received_at),
        "role_of_this_person": str(involvement.get_role_display()),
        "channel": str(report.get_channel_display()),
        "reporter": {
            "role": str(report.get_reporter_role_display()),
            "organisation": "" if shielded else report.reporter_organisation,
            "shielded": shielded,
        },
        "kinds_of_violence": report.kind_labels(),
        "urgency": str(report.get_urgency_display()),
        "municipality": str(report.municipality),
        "what_was_reported": report.summary,
        "other_people_involved": others,
        "advice_request": (
            {
                "reference": advice.reference,
                "received_at": _when(advice.received_at),
                "question": advice.question,
                "advice": advice.advice,
            }
            if advice is not None
            else None
        ),
    }


def _case(case: Case, records: set[int]) -> dict[str, Any]:
    orders = []
    for order in case.restraining_orders.all():
        about_this_person = order.subject_id in records
        orders.append(
            {
                "imposed_at": _when(order.imposed_at),
                "ends_at": _when(order.ends_at),
                "status": str(order.get_status_display()),
                "imposed_on": "this person" if about_this_person else "another person",
                "rihg_outcome": order.rihg_outcome if about_this_person else "",
            }
        )
    return {
        "reference": case.reference,
        "state": str(STATE_LABELS.get(State(case.state), case.state)),
        "opened_at": _when(case.opened_at),
        "closed_at": _when(case.closed_at),
        "decision": str(case.get_decision_display()) if case.decision else "",
        "investigation_outcome": case.investigation_outcome,
        "investigation_conclusion": case.investigation_conclusion,
        "assessments": [
            {
                "proposed_at": _when(a.proposed_at),
                "proposed_by": _staff(a.proposed_by),
                "acute_unsafety": a.acute_unsafety,
                "structural_unsafety": a.structural_unsafety,
                "risk_factors": list(a.risk_factors),
                "considerations": a.considerations,
                "outcome": str(a.get_outcome_display()),
                "proposed_decision": str(a.get_decision_display()),
                "safety_conditions": a.safety_conditions,
                "reviewed_at": _when(a.reviewed_at),
                "approved": a.approved,
                "review_comment": a.review_comment,
            }
            for a in case.assessments.all()
        ],
        "handovers": [
            {
                "offered_at": _when(h.offered_at),
                "to": str(h.get_target_display()),
                "organisation": str(h.organisation) if h.organisation_id else "",
                "status": str(h.get_status_display()),
                "assessment_summary": h.assessment_summary,
                "safety_conditions": h.safety_conditions,
                "responded_at": _when(h.responded_at),
                "response_reason": h.response_reason,
            }
            for h in case.handovers.all()
        ],
        "monitoring": [
            {
                "recorded_at": _when(m.recorded_at),
                "conditions_met": str(m.get_conditions_met_display()),
                "direct_safety": m.direct_safety,
                "stable_safety": m.stable_safety,
                "recovery_attention": m.recovery_attention,
                "notes": m.notes,
                "outcome": str(m.get_outcome_display()),
            }
            for m in case.monitoring_checks.all()
        ],
        "restraining_orders": orders,
        "history": [
            {
                "at": _when(e.at),
                "event": e.kind,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "reason": e.reason,
            }
            for e in case.events.all()
        ],
    }


def _access_log(records: set[int], case_ids: list[int]) -> list[dict[str, Any]]:
    """Who looked at this person or at a case file they are in (the access log, every
    organisation), by organisation and role, never by name (CJEU C-579/21: the times and
    purposes of the consultations, not the identity of the employees)."""
    roles = dict(Role.choices)
    actions = dict(AccessAction.choices)
    about = Q(subjects__kind=SubjectKind.PERSON, subjects__object_id__in=records) | Q(
        subjects__kind=SubjectKind.CASE, subjects__object_id__in=case_ids
    )
    entries = AccessLogEntry.objects.filter(about).distinct().order_by("sequence")
    return [
        {
            "at": _when(e.occurred_at),
            "action": str(actions.get(e.action, e.action)),
            "organisation": e.organisation_name,
            "role": str(roles.get(e.role, e.role)),
        }
        for e in entries.only("occurred_at", "action", "organisation_name", "role", "sequence")
    ]


def dossier(user: User, person: Person) -> dict[str, Any]:
    """The machine-readable answer to a subject access request about ``person``: plain JSON
    types only (the PDF is rendered from the same dictionary)."""
    organisation: Organisation | None = user.organisation
    if organisation is None:
        raise PermissionDenied
    organisation_id: int = organisation.pk
    merged = list(
        Person.objects.filter(merged_into=person).select_related("municipality").order_by("pk")
    )
    records = {person.pk, *(m.pk for m in merged)}
    involvements = list(
        ReportPerson.objects.filter(person_id__in=records, report__organisation_id=organisation_id)
        .select_related("report__municipality", "report__advice_request", "report__case")
        .prefetch_related("report__involved")
        .order_by("report__received_at", "pk")
    )
    case_ids = [inv.report.case.pk for inv in involvements if hasattr(inv.report, "case")]
    cases = {
        case.report_id: case
        for case in Case.objects.filter(pk__in=case_ids).prefetch_related(
            "assessments__proposed_by__organisation",
            "handovers__organisation",
            "monitoring_checks",
            "events",
            "restraining_orders",
        )
    }
    reports = []
    for involvement in involvements:
        entry = _report(involvement, records)
        case = cases.get(involvement.report_id)
        entry["case"] = _case(case, records) if case is not None else None
        reports.append(entry)
    merges = PersonMerge.objects.filter(
        Q(survivor_id__in=records) | Q(merged_id__in=records),
        organisation_id=organisation_id,
    ).order_by("merged_at", "pk")
    return {
        "format": FORMAT,
        "generated_at": _when(timezone.now()),
        "organisation": str(organisation),
        "person": _person_data(person),
        "records_merged_into_this_person": [_person_data(m) for m in merged],
        "reports": reports,
        "advice_requests": [],  # by design they hold no data about a family (only via a report)
        "record_merges": [
            {
                "merged_at": _when(m.merged_at),
                "kept_record": m.survivor_id,
                "merged_record": m.merged_id,
                "reason": m.reason,
                "undone_at": _when(m.undone_at),
            }
            for m in merges
        ],
        "access_log": _access_log(records, case_ids),
    }
