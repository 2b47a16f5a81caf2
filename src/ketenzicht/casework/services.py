"""Writes of the casework domain: every change to a case, with its event, in one transaction.

Each service validates its input and the actor's right to act, asks the pure state machine
(``states.py``) where the action leads, writes the new state, the history event and any tasks
and deadlines (``deadlines.py``) together, and refreshes the case's next deadline. Bad input
raises ``ValidationError`` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_log_deferred, access_record
from ketenzicht.casework import deadlines
from ketenzicht.casework.labels import refusal_message
from ketenzicht.casework.models import (
    AssessmentOutcome,
    Case,
    CaseEvent,
    ConditionsMet,
    Handover,
    HandoverStatus,
    HandoverTarget,
    MonitoringCheck,
    RestrainingOrder,
    RestrainingOrderStatus,
    RiskFactor,
    SafetyAssessment,
    Task,
    TaskKind,
    TermConfiguration,
)
from ketenzicht.casework.states import (
    HANDOVER_DECISIONS,
    Action,
    Decision,
    IllegalTransition,
    MonitoringOutcome,
    State,
    next_state,
)
from ketenzicht.common.calendar import add_working_days
from ketenzicht.common.inserts import insert_all
from ketenzicht.common.models import closing_days
from ketenzicht.common.validation import choices_valid, raise_if, require
from ketenzicht.hooks.models import EventType
from ketenzicht.hooks.services import Announcement, event_emit, events_emit
from ketenzicht.intake.models import (
    AdviceRequest,
    Channel,
    Household,
    MeldcodeStep,
    Person,
    Report,
    ReporterRole,
    ReportPerson,
    Urgency,
)
from ketenzicht.intake.services import (
    AddressInput,
    PersonInput,
    household_new,
    households_people_create,
    validate_address,
    validate_kinds,
    validate_person,
    validate_received_at,
    validate_vt_actor,
)
from ketenzicht.linkage.services import persons_index
from ketenzicht.organisations.models import Municipality, Organisation, OrganisationKind, User

# Which kinds of organisation may receive which handover.
TARGET_ORGANISATION_KINDS: dict[str, set[str]] = {
    HandoverTarget.LOCAL_TEAM: {OrganisationKind.LOCAL_TEAM},
    HandoverTarget.EXISTING_HELP: {
        OrganisationKind.CARE_PROVIDER,
        OrganisationKind.SHELTER,
        OrganisationKind.LOCAL_TEAM,
    },
    HandoverTarget.MDA: {OrganisationKind.MDA},
    HandoverTarget.RVDK: {OrganisationKind.RVDK},
    HandoverTarget.POLICE: {OrganisationKind.POLICE},
    HandoverTarget.OWN_NETWORK: set(),
}
DECISION_TARGETS: dict[Decision, set[str]] = {
    Decision.HANDOVER: {
        HandoverTarget.LOCAL_TEAM,
        HandoverTarget.EXISTING_HELP,
        HandoverTarget.MDA,
        HandoverTarget.OWN_NETWORK,
    },
    Decision.RVDK_REQUEST: {HandoverTarget.RVDK},
    Decision.POLICE_NOTIFICATION: {HandoverTarget.POLICE},
}


# The state machine's enums are plain StrEnums (no Django ``.values``).
DECISION_VALUES = frozenset(d.value for d in Decision)
MONITORING_OUTCOME_VALUES = frozenset(o.value for o in MonitoringOutcome)


def current_terms() -> TermConfiguration:
    config = TermConfiguration.objects.order_by("pk").first()
    return config if config is not None else TermConfiguration()


# --- plumbing --------------------------------------------------------------------------------


def _event_new(
    case: Case,
    *,
    kind: str,
    actor: User | None,
    at: datetime,
    reason: str = "",
    from_state: str = "",
    to_state: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """The event (not saved): for a caller that inserts many at once."""
    return CaseEvent(
        case=case,
        kind=kind,
        actor=actor,
        at=at,
        reason=reason,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
    )


def _event(case: Case, **fields: Any) -> CaseEvent:
    event = _event_new(case, **fields)
    event.save(force_insert=True)
    return event


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so concurrent actions are serialised."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _log_change(
    case: Case,
    *,
    actor: User | None,
    detail: str,
    subjects: tuple[Iterable[int], int] | None = None,
) -> None:
    """The access-log entry of a change to ``case`` (EDIT), in the change's own transaction:
    the case, its household and the people of its report. ``subjects`` (person ids, household
    id) when the caller has them at hand, e.g. right after registering them; else read."""
    if subjects is None:
        person_ids: Iterable[int] = ReportPerson.objects.filter(
            report_id=case.report_id
        ).values_list("person_id", flat=True)
        household_ids: Iterable[int] = Report.objects.filter(pk=case.report_id).values_list(
            "household_id", flat=True
        )
    else:
        person_ids, household_ids = subjects[0], (subjects[1],)
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=actor,
        case_ids=(case.pk,),
        person_ids=person_ids,
        household_ids=household_ids,
        detail=detail,
    )


def _report_announcement(report: Report, event_type: str, *, at: datetime) -> Announcement:
    """The webhook event of a report: for the Veilig Thuis that handles it and the organisation
    that sent it, nobody else."""
    return Announcement(
        event_type=event_type,
        subject=report.reference,
        audience=(report.organisation_id, report.reporting_organisation_id),
        occurred_at=at,
    )


def _announce_report(report: Report, event_type: str, *, at: datetime) -> None:
    """Emit :func:`_report_announcement` (in the caller's transaction)."""
    events_emit([_report_announcement(report, event_type, at=at)])


def _require_vt_on_case(actor: User, case: Case) -> None:
    if not actor.is_vt or actor.organisation_id != case.organisation_id:
        raise ValidationError(_("Only staff of the Veilig Thuis handling the case may do this."))


def _move(
    case: Case,
    action: Action,
    *,
    actor: User | None,
    at: datetime,
    reason: str = "",
    data: dict[str, Any] | None = None,
    **machine_args: Any,
) -> State:
    """Apply ``action`` to ``case`` (locked) and write the event. Returns the new state."""
    try:
        target = next_state(State(case.state), action, **machine_args)
    except IllegalTransition as exc:
        raise ValidationError(refusal_message(exc)) from exc
    previous = case.state
    case.state = target
    case.is_open = target is not State.CLOSED
    fields = ["state", "is_open"]
    if target is State.CLOSED:
        case.closed_at = at
        fields.append("closed_at")
    case.save(update_fields=fields)
    _event(
        case,
        kind=action.value,
        actor=actor,
        at=at,
        reason=reason,
        from_state=previous,
        to_state=target.value,
        data=data,
    )
    return target


def _validate_assignee(assignee: User | None, organisation_id: int, *, field: str) -> None:
    """A case is assigned to nobody (the team) or to a VT worker of its own organisation."""
    if assignee is not None and (not assignee.is_vt or assignee.organisation_id != organisation_id):
        raise ValidationError({field: [_("Assign to a staff member of this Veilig Thuis.")]})


def _add_task(case: Case, kind: str, due_at: datetime, at: datetime) -> Task:
    return Task.objects.create(case=case, kind=kind, due_at=due_at, created_at=at)


def _refresh_next_due(case: Case) -> None:
    """Store the case's earliest open deadline, so the work queue is one indexed query."""
    case.next_due_at, case.next_due_label = _next_due(case)
    case.save(update_fields=["next_due_at", "next_due_label"])


def _next_due(
    case: Case, *, open_tasks: Iterable[tuple[datetime, str]] | None = None
) -> tuple[datetime | None, str]:
    """The case's earliest open deadline and its label. ``open_tasks`` (due, kind) for a case
    that is being registered: it has no other tasks and no restraining order yet, so nothing is
    read; otherwise its open tasks and active restraining orders are read."""
    candidates: list[tuple[datetime, str]] = []
    state = State(case.state)
    if state in (State.REGISTERED, State.REVIEW):
        candidates.append((case.assessment_due_at, "assessment"))
    if state is State.VV and case.vv_due_at:
        candidates.append((case.vv_due_at, "vv"))
    if state is State.INVESTIGATION:
        if case.investigation_started_at is None and case.investigation_start_due_at:
            candidates.append((case.investigation_start_due_at, "investigation_start"))
        if case.investigation_due_at:
            candidates.append((case.investigation_due_at, "investigation"))
    if state is State.HANDOVER_REFUSED:
        refused = case.handovers.filter(status=HandoverStatus.REFUSED).order_by("-responded_at")
        last = refused.values_list("responded_at", flat=True).first()
        if last is not None:
            # A refused handover returns to VT: it needs a new handover or a new assessment
            # by the end of the next working day.
            day = add_working_days(deadlines.local_date(last), 1, closing_days())
            candidates.append((deadlines.end_of_day(day), "handover_refused"))
    if open_tasks is not None:
        candidates.extend(open_tasks)
    else:
        for task in case.tasks.filter(done_at__isnull=True, cancelled=False).only("kind", "due_at"):
            candidates.append((task.due_at, task.kind))
        for order in case.restraining_orders.filter(
            status__in=[RestrainingOrderStatus.ACTIVE, RestrainingOrderStatus.EXTENDED]
        ).only("ends_at"):
            candidates.append((order.ends_at, "restraining_order"))
    if candidates:
        return min(candidates, key=lambda item: item[0])
    return None, ""


# --- registration ----------------------------------------------------------------------------


def _validate_report(
    *,
    received_at: datetime,
    channel: str,
    reporter_role: str,
    reporter_name: str,
    reporter_shielded: bool,
    meldcode_step: int | None,
    kinds: list[str],
    urgency: str,
    municipality: Municipality | None,
    organisation: Organisation,
    household_address: AddressInput,
    people: Sequence[PersonInput],
    summary: str,
) -> None:
    errors: dict[str, list[str]] = {}
    validate_received_at(received_at, errors)
    require(channel in Channel.values, "channel", _("Choose a channel."), errors)
    require(
        reporter_role in ReporterRole.values,
        "reporter_role",
        _("Choose the reporter's role."),
        errors,
    )
    if reporter_role != ReporterRole.ANONYMOUS_CITIZEN:
        require(
            bool(reporter_name.strip()),
            "reporter_name",
            _(
                "A reporter makes themselves known to Veilig Thuis: fill in the name. If someone "
                "wants to stay anonymous, choose 'anonymous citizen' or register an advice request."
            ),
            errors,
        )
    if meldcode_step is not None:
        require(
            meldcode_step in MeldcodeStep.values,
            "meldcode_step",
            _("Unknown step of the Meldcode."),
            errors,
        )
    validate_kinds(kinds, errors)
    require(urgency in Urgency.values, "urgency", _("Choose the urgency."), errors)
    if municipality is None:
        errors.setdefault("municipality", []).append(_("Choose the municipality of residence."))
    elif municipality.region_id != organisation.region_id:
        errors.setdefault("municipality", []).append(
            _("This municipality is not in the region of this Veilig Thuis.")
        )
    require(bool(summary.strip()), "summary", _("Describe what was reported."), errors)
    validate_address(household_address, "household-", errors)
    require(bool(people), "people", _("Add at least one person involved."), errors)
    for index, person in enumerate(people):
        validate_person(person, index, errors)
    ids = [p.existing_person_id for p in people if p.existing_person_id is not None]
    require(len(ids) == len(set(ids)), "people", _("The same person is listed twice."), errors)
    if ids:
        # Need to know: only people already known to this VT (through one of its reports).
        found = (
            Person.objects.filter(pk__in=ids, involvements__report__organisation=organisation)
            .distinct()
            .count()
        )
        require(found == len(ids), "people", _("A chosen existing person does not exist."), errors)
    raise_if(errors)


class _RequiredReportFields(TypedDict):
    organisation: Organisation
    registered_by: User
    received_at: datetime
    channel: str
    reporter_role: str
    kinds: list[str]
    urgency: str
    municipality: Municipality | None
    household_address: AddressInput
    people: Sequence[PersonInput]
    summary: str


class ReportFields(_RequiredReportFields, total=False):
    """What :func:`report_register` takes: one report, the Veilig Thuis that registers it and
    who registers it. ``reporting_organisation`` is the chain organisation that sent it (e.g.
    the police through the API): it is told of the report's receipt and decision (webhooks)."""

    reporter_name: str
    reporter_organisation: str
    reporter_phone: str
    reporter_email: str
    reporter_shielded: bool
    meldcode_step: int | None
    reporter_keeps_helping: bool | None
    advice_request: AdviceRequest | None
    assign_to: User | None
    reporting_organisation: Organisation | None


class ReportsRefused(ValidationError):
    """Some of the reports given to :func:`reports_register` are not valid: ``by_index`` holds
    each one's own ``ValidationError`` (as :func:`report_register` raises it), by its place in
    the list. Nothing was written."""

    def __init__(self, by_index: dict[int, ValidationError]) -> None:
        self.by_index = dict(sorted(by_index.items()))
        combined: dict[str, list[ValidationError]] = {}
        for index, exc in self.by_index.items():
            parts = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
            for key, errors in parts.items():
                combined[f"{index}:{key}"] = list(errors)
        super().__init__(combined)


def _validate_registration(fields: ReportFields) -> None:
    organisation = fields["organisation"]
    validate_vt_actor(fields["registered_by"], organisation)
    _validate_report(
        received_at=fields["received_at"],
        channel=fields["channel"],
        reporter_role=fields["reporter_role"],
        reporter_name=fields.get("reporter_name", ""),
        reporter_shielded=fields.get("reporter_shielded", False),
        meldcode_step=fields.get("meldcode_step"),
        kinds=fields["kinds"],
        urgency=fields["urgency"],
        municipality=fields["municipality"],
        organisation=organisation,
        household_address=fields["household_address"],
        people=fields["people"],
        summary=fields["summary"],
    )
    _validate_assignee(fields.get("assign_to"), organisation.pk, field="assign_to")


def _report_new(fields: ReportFields, household: Household) -> Report:
    return Report(
        organisation=fields["organisation"],
        received_at=fields["received_at"],
        channel=fields["channel"],
        reporter_role=fields["reporter_role"],
        reporter_name=fields.get("reporter_name", "").strip(),
        reporter_organisation=fields.get("reporter_organisation", "").strip(),
        reporting_organisation=fields.get("reporting_organisation"),
        reporter_phone=fields.get("reporter_phone", "").strip(),
        reporter_email=fields.get("reporter_email", "").strip(),
        reporter_shielded=fields.get("reporter_shielded", False),
        meldcode_step=fields.get("meldcode_step"),
        reporter_keeps_helping=fields.get("reporter_keeps_helping"),
        kinds=list(fields["kinds"]),
        urgency=fields["urgency"],
        municipality=fields["municipality"],
        household=household,
        summary=fields["summary"].strip(),
        advice_request=fields.get("advice_request"),
        registered_by=fields["registered_by"],
    )


def report_register(**fields: Unpack[ReportFields]) -> Case:
    """Register a report, its household and people, and open its case with all deadlines.

    Bad input raises the ``ValidationError`` of the report's fields and writes nothing."""
    try:
        return reports_register([fields])[0]
    except ReportsRefused as exc:
        raise exc.by_index[0] from None


@transaction.atomic
def reports_register(many: Sequence[ReportFields]) -> list[Case]:
    """:func:`report_register` for many reports at once, in their order, in one transaction:
    every report is validated first (any invalid: :class:`ReportsRefused`, nothing written),
    then each kind of row is one insert for all of them (households, reports, people, their
    keys, cases, events, tasks, webhook events) and their access-log entries one append."""
    refused: dict[int, ValidationError] = {}
    for index, fields in enumerate(many):
        try:
            _validate_registration(fields)
        except ValidationError as exc:
            refused[index] = exc
    if refused:
        raise ReportsRefused(refused)
    if not many:
        return []
    with access_log_deferred():
        return _registered(many)


def _household_of(fields: ReportFields) -> Household:
    municipality = fields["municipality"]
    assert municipality is not None  # validated
    return household_new(municipality=municipality, address=fields["household_address"])


def _registered(many: Sequence[ReportFields]) -> list[Case]:
    households = insert_all([_household_of(fields) for fields in many])
    reports = insert_all(
        [_report_new(fields, household) for fields, household in zip(many, households, strict=True)]
    )
    people = households_people_create(
        [(fields["people"], household) for fields, household in zip(many, households, strict=True)]
    )
    persons_index(
        persons=[
            person
            for fields, persons in zip(many, people, strict=True)
            for person, data in zip(persons, fields["people"], strict=True)
            if data.existing_person_id is None
        ]
    )
    ReportPerson.objects.bulk_create(
        [
            ReportPerson(report=report, person=person, role=data.role)
            for fields, report, persons in zip(many, reports, people, strict=True)
            for person, data in zip(persons, fields["people"], strict=True)
        ]
    )

    terms = current_terms().as_terms()
    closed = closing_days()
    now = timezone.now()
    inform_due = deadlines.inform_involved_due(now, terms=terms)
    cases: list[Case] = []
    for fields, report in zip(many, reports, strict=True):
        case = Case(
            report=report,
            organisation=fields["organisation"],
            state=State.REGISTERED,
            opened_at=now,
            assigned_to=fields.get("assign_to"),
            assessment_due_at=deadlines.assessment_due(
                fields["received_at"],
                acute=fields["urgency"] == Urgency.ACUTE,
                terms=terms,
                closing_days=closed,
            ),
        )
        case.next_due_at, case.next_due_label = _next_due(
            case, open_tasks=[(inform_due, TaskKind.INFORM_INVOLVED)]
        )
        cases.append(case)
    insert_all(cases)
    events: list[CaseEvent] = []
    for fields, case in zip(many, cases, strict=True):
        advice_request = fields.get("advice_request")
        actor = fields["registered_by"]
        events.append(
            _event_new(
                case,
                kind="registered",
                actor=actor,
                at=now,
                to_state=State.REGISTERED,
                data={
                    "urgency": fields["urgency"],
                    "advice_request": advice_request.pk if advice_request else None,
                },
            )
        )
        if advice_request is not None:
            events.append(
                _event_new(
                    case,
                    kind="converted_from_advice",
                    actor=actor,
                    at=now,
                    data={"advice_request": advice_request.reference},
                )
            )
    insert_all(events)
    insert_all(
        [
            Task(case=case, kind=TaskKind.INFORM_INVOLVED, due_at=inform_due, created_at=now)
            for case in cases
        ]
    )
    events_emit(
        [_report_announcement(report, EventType.REPORT_RECEIVED, at=now) for report in reports]
    )
    for fields, case, household, persons in zip(many, cases, households, people, strict=True):
        _log_change(
            case,
            actor=fields["registered_by"],
            detail="report_register",
            subjects=([person.pk for person in persons], household.pk),
        )
    return cases


@transaction.atomic
def advice_request_convert(
    *, advice_request: AdviceRequest, registered_by: User, **report_fields: Any
) -> Case:
    """Turn an advice request into a report, keeping the advice request and its history."""
    locked = AdviceRequest.objects.select_for_update().get(pk=advice_request.pk)
    if Report.objects.filter(advice_request=locked).exists():
        raise ValidationError(_("This advice request has already been converted into a report."))
    if registered_by.organisation_id != locked.organisation_id:
        raise ValidationError(_("Only staff of this Veilig Thuis may do this."))
    report_fields.setdefault("kinds", list(locked.kinds))
    report_fields.setdefault("reporter_role", locked.reporter_role)
    report_fields.setdefault("channel", locked.channel)
    return report_register(
        organisation=locked.organisation,
        registered_by=registered_by,
        advice_request=locked,
        **report_fields,
    )


@transaction.atomic
def case_assign(*, case: Case, assignee: User | None, actor: User) -> Case:
    case = _lock(case)
    _require_vt_on_case(actor, case)
    if not case.is_open:
        raise ValidationError(_("A closed case is not assigned."))
    _validate_assignee(assignee, case.organisation_id, field="assignee")
    previous = case.assigned_to_id
    if previous == (assignee.pk if assignee else None):
        return case  # nothing changes, so nothing is recorded
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to"])
    _event(
        case,
        kind="assigned",
        actor=actor,
        at=timezone.now(),
        data={
            "from": previous,
            "to": assignee.pk if assignee else None,
            "name": str(assignee) if assignee else "",
        },
    )
    _log_change(case, actor=actor, detail="case_assign")
    return case


# --- safety assessment and decision ----------------------------------------------------------


def _validate_handover_target(
    *,
    target: str,
    organisation: Organisation | None,
    case: Case,
    allowed_targets: set[str],
    errors: dict[str, list[str]],
) -> None:
    if target not in allowed_targets:
        errors.setdefault("handover_target", []).append(_("Choose who the case is handed over to."))
        return
    kinds = TARGET_ORGANISATION_KINDS[target]
    if not kinds:
        if organisation is not None:
            errors.setdefault("handover_organisation", []).append(
                _("A handover to the family's own network has no organisation.")
            )
        return
    if organisation is None:
        errors.setdefault("handover_organisation", []).append(
            _("Choose the receiving organisation.")
        )
    elif organisation.kind not in kinds:
        errors.setdefault("handover_organisation", []).append(
            _("This organisation does not fit the chosen handover.")
        )
    elif organisation.region_id != case.organisation.region_id:
        errors.setdefault("handover_organisation", []).append(
            _("This organisation does not work in the region of this case.")
        )


@transaction.atomic
def assessment_propose(
    *,
    case: Case,
    actor: User,
    acute_unsafety: bool,
    structural_unsafety: bool,
    risk_factors: list[str],
    considerations: str,
    outcome: str,
    decision: str,
    handover_target: str = "",
    handover_organisation: Organisation | None = None,
    safety_conditions: str = "",
) -> SafetyAssessment:
    """Record the safety assessment and the proposed decision; a team lead must review it."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    require(
        choices_valid(risk_factors, RiskFactor.values),
        "risk_factors",
        _("Unknown risk factor."),
        errors,
    )
    require(
        bool(considerations.strip()), "considerations", _("Substantiate the assessment."), errors
    )
    require(outcome in AssessmentOutcome.values, "outcome", _("Choose the outcome."), errors)
    require(decision in DECISION_VALUES, "decision", _("Choose a decision."), errors)
    if decision in DECISION_VALUES and Decision(decision) in HANDOVER_DECISIONS:
        _validate_handover_target(
            target=handover_target,
            organisation=handover_organisation,
            case=case,
            allowed_targets=DECISION_TARGETS[Decision(decision)],
            errors=errors,
        )
    elif handover_target or handover_organisation:
        errors.setdefault("handover_target", []).append(
            _("A handover only goes with a decision to hand over.")
        )
    if acute_unsafety and decision in {
        Decision.NO_FURTHER_STEPS,
        Decision.NOT_ADMISSIBLE,
        Decision.WRONGLY_ADDRESSED,
    }:
        errors.setdefault("decision", []).append(
            _("With acute unsafety the case cannot be closed without follow-up.")
        )
    raise_if(errors)
    now = timezone.now()
    _move(
        case,
        Action.ASSESSMENT_PROPOSE,
        actor=actor,
        at=now,
        data={"decision": decision, "outcome": outcome},
    )
    assessment = SafetyAssessment.objects.create(
        case=case,
        proposed_by=actor,
        proposed_at=now,
        acute_unsafety=acute_unsafety,
        structural_unsafety=structural_unsafety,
        risk_factors=list(risk_factors),
        considerations=considerations.strip(),
        outcome=outcome,
        decision=decision,
        handover_target=handover_target,
        handover_organisation=handover_organisation,
        safety_conditions=safety_conditions.strip(),
    )
    _log_change(case, actor=actor, detail="assessment_propose")
    _refresh_next_due(case)
    return assessment


def _summary_of(assessment: SafetyAssessment) -> str:
    labels = dict(AssessmentOutcome.choices)
    yes, no = _("yes"), _("no")
    parts = [
        _("Outcome of the safety assessment: %(outcome)s.")
        % {"outcome": labels[assessment.outcome]},
        _("Acute unsafety: %(acute)s; structural unsafety: %(structural)s.")
        % {
            "acute": yes if assessment.acute_unsafety else no,
            "structural": yes if assessment.structural_unsafety else no,
        },
    ]
    if assessment.risk_factors:
        names = dict(RiskFactor.choices)
        factors = ", ".join(str(names[r]) for r in assessment.risk_factors)
        parts.append(_("Risk factors: %(factors)s") % {"factors": factors})
    parts.append(assessment.considerations)
    return "\n".join(parts)


def _offer_handover(
    case: Case,
    *,
    actor: User,
    at: datetime,
    target: str,
    organisation: Organisation | None,
    summary: str,
    safety_conditions: str,
    monitoring_follows: bool,
) -> Handover:
    accepted = target == HandoverTarget.OWN_NETWORK
    handover = Handover.objects.create(
        case=case,
        target=target,
        organisation=organisation,
        offered_by=actor,
        offered_at=at,
        assessment_summary=summary.strip(),
        safety_conditions=safety_conditions.strip(),
        status=HandoverStatus.ACCEPTED if accepted else HandoverStatus.OFFERED,
        responded_at=at if accepted else None,
        monitoring_follows=monitoring_follows,
    )
    if accepted and monitoring_follows:
        _schedule_monitoring(case, at)
    if not accepted:  # told to the receiving organisation only; the own network has none
        event_emit(
            event_type=EventType.HANDOVER_OFFERED,
            subject=str(handover.pk),
            audience=(handover.organisation_id,),
            occurred_at=at,
        )
    return handover


def _schedule_monitoring(case: Case, accepted_at: datetime) -> None:
    terms = current_terms().as_terms()
    for due in deadlines.monitoring_moments(accepted_at, terms=terms):
        _add_task(case, TaskKind.MONITORING, due, accepted_at)


@transaction.atomic
def assessment_review(
    *, case: Case, reviewer: User, approve: bool, comment: str = ""
) -> SafetyAssessment:
    """The second professional (a team lead, never the proposer) approves or rejects."""
    case = _lock(case)
    _require_vt_on_case(reviewer, case)
    # The newest proposal; pk breaks a tie between proposals made at the same moment.
    assessment = (
        case.assessments.select_related("handover_organisation")
        .order_by("-proposed_at", "-pk")
        .first()
    )
    if case.state != State.REVIEW or assessment is None or assessment.reviewed_at is not None:
        raise ValidationError(_("There is no decision awaiting review on this case."))
    if not reviewer.is_team_lead:
        raise ValidationError(_("Only a team lead reviews a decision (four-eyes principle)."))
    if reviewer.pk == assessment.proposed_by_id:
        raise ValidationError(
            _("You cannot approve your own proposal: a second professional must review it.")
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": [_("Say why the decision is rejected.")]})
    now = timezone.now()
    config = current_terms()
    terms = config.as_terms()
    decision = Decision(assessment.decision)
    own_network = assessment.handover_target == HandoverTarget.OWN_NETWORK
    monitoring_follows = config.monitoring_after_direct_handover
    if approve:
        _move(
            case,
            Action.REVIEW_APPROVE,
            actor=reviewer,
            at=now,
            reason=comment.strip(),
            data={"decision": decision.value},
            decision=decision,
            needs_acceptance=not own_network,
            monitoring_follows=monitoring_follows,
        )
        case.decision = decision.value
        case.assessed_at = now
        fields = ["decision", "assessed_at"]
        closed = closing_days()
        if decision is Decision.VV:
            case.vv_due_at = deadlines.vv_due(now, terms=terms)
            fields.append("vv_due_at")
        elif decision is Decision.INVESTIGATION:
            case.investigation_start_due_at = deadlines.investigation_start_due(
                now, terms=terms, closing_days=closed
            )
            case.investigation_due_at = deadlines.investigation_due(now, terms=terms)
            fields += ["investigation_start_due_at", "investigation_due_at"]
        case.save(update_fields=fields)
        _announce_report(case.report, EventType.DECISION_TAKEN, at=now)
        _add_task(
            case,
            TaskKind.FEEDBACK_DECISION,
            deadlines.reporter_feedback_due(now, terms=terms, closing_days=closed),
            now,
        )
        if decision in HANDOVER_DECISIONS:
            handover = _offer_handover(
                case,
                actor=reviewer,
                at=now,
                target=assessment.handover_target,
                organisation=assessment.handover_organisation,
                summary=_summary_of(assessment),
                safety_conditions=assessment.safety_conditions,
                monitoring_follows=monitoring_follows,
            )
            _event(
                case,
                kind="handover_offered",
                actor=reviewer,
                at=now,
                data={
                    "handover": handover.pk,
                    "target": handover.target,
                    "organisation": str(handover.organisation or ""),
                },
            )
    else:
        _move(case, Action.REVIEW_REJECT, actor=reviewer, at=now, reason=comment.strip())
    assessment.reviewed_by = reviewer
    assessment.reviewed_at = now
    assessment.approved = approve
    assessment.review_comment = comment.strip()
    assessment.save(update_fields=["reviewed_by", "reviewed_at", "approved", "review_comment"])
    _log_change(case, actor=reviewer, detail="assessment_review")
    _refresh_next_due(case)
    return assessment


# --- V&V and investigation -------------------------------------------------------------------


def _validate_offer(
    case: Case,
    target: str,
    organisation: Organisation | None,
    summary: str,
    errors: dict[str, list[str]],
) -> None:
    _validate_handover_target(
        target=target,
        organisation=organisation,
        case=case,
        allowed_targets=set(HandoverTarget.values),
        errors=errors,
    )
    require(bool(summary.strip()), "summary", _("Give a summary for the recipient."), errors)


@transaction.atomic
def vv_complete(
    *,
    case: Case,
    actor: User,
    safety_conditions: str,
    summary: str,
    handover_target: str,
    handover_organisation: Organisation | None,
) -> Handover:
    """V&V is done: the safety conditions are agreed and follow-up help is handed over."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    require(
        bool(safety_conditions.strip()),
        "safety_conditions",
        _("Record the agreed safety conditions."),
        errors,
    )
    _validate_offer(case, handover_target, handover_organisation, summary, errors)
    raise_if(errors)
    now = timezone.now()
    own_network = handover_target == HandoverTarget.OWN_NETWORK
    _move(case, Action.VV_COMPLETE, actor=actor, at=now, needs_acceptance=not own_network)
    case.vv_completed_at = now
    case.save(update_fields=["vv_completed_at"])
    handover = _offer_handover(
        case,
        actor=actor,
        at=now,
        target=handover_target,
        organisation=handover_organisation,
        summary=summary,
        safety_conditions=safety_conditions,
        monitoring_follows=True,
    )
    _log_change(case, actor=actor, detail="vv_complete")
    _refresh_next_due(case)
    return handover


@transaction.atomic
def investigation_start(*, case: Case, actor: User) -> Case:
    case = _lock(case)
    _require_vt_on_case(actor, case)
    if case.state != State.INVESTIGATION:
        raise ValidationError(_("This case is not under investigation."))
    if case.investigation_started_at is not None:
        raise ValidationError(_("The investigation has already started."))
    now = timezone.now()
    case.investigation_started_at = now
    case.save(update_fields=["investigation_started_at"])
    _event(case, kind="investigation_started", actor=actor, at=now)
    _log_change(case, actor=actor, detail="investigation_start")
    _refresh_next_due(case)
    return case


INVESTIGATION_OUTCOMES = {"confirmed", "not_confirmed", "unknown"}


@transaction.atomic
def investigation_conclude(
    *,
    case: Case,
    actor: User,
    outcome: str,
    conclusion: str,
    handover_target: str = "",
    handover_organisation: Organisation | None = None,
    safety_conditions: str = "",
    summary: str = "",
) -> Case:
    """Conclude an investigation (confirmed / not confirmed / unknown), then hand over or not."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    require(
        outcome in INVESTIGATION_OUTCOMES,
        "outcome",
        _("Choose the outcome of the investigation."),
        errors,
    )
    require(bool(conclusion.strip()), "conclusion", _("Describe the conclusion."), errors)
    if case.state == State.INVESTIGATION and case.investigation_started_at is None:
        errors.setdefault("__all__", []).append(
            _("Start the investigation before you conclude it.")
        )
    handover_follows = bool(handover_target)
    if handover_follows:
        _validate_offer(case, handover_target, handover_organisation, summary, errors)
    raise_if(errors)
    now = timezone.now()
    own_network = handover_target == HandoverTarget.OWN_NETWORK
    _move(
        case,
        Action.INVESTIGATION_CONCLUDE,
        actor=actor,
        at=now,
        data={"outcome": outcome},
        handover_follows=handover_follows,
        needs_acceptance=not own_network,
    )
    case.investigation_concluded_at = now
    case.investigation_outcome = outcome
    case.investigation_conclusion = conclusion.strip()
    case.save(
        update_fields=[
            "investigation_concluded_at",
            "investigation_outcome",
            "investigation_conclusion",
        ]
    )
    terms = current_terms().as_terms()
    closed = closing_days()
    _add_task(
        case,
        TaskKind.FEEDBACK_INVESTIGATION,
        deadlines.reporter_feedback_due(now, terms=terms, closing_days=closed),
        now,
    )
    _add_task(
        case,
        TaskKind.INVESTIGATION_REPORT,
        deadlines.reporter_feedback_due(now, terms=terms, closing_days=closed),
        now,
    )
    if handover_follows:
        _offer_handover(
            case,
            actor=actor,
            at=now,
            target=handover_target,
            organisation=handover_organisation,
            summary=summary,
            safety_conditions=safety_conditions,
            monitoring_follows=True,
        )
    _log_change(case, actor=actor, detail="investigation_conclude")
    _refresh_next_due(case)
    return case


# --- handover --------------------------------------------------------------------------------


@transaction.atomic
def handover_offer(
    *,
    case: Case,
    actor: User,
    target: str,
    organisation: Organisation | None,
    summary: str,
    safety_conditions: str = "",
) -> Handover:
    """Offer a refused handover again (to the same or another organisation)."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    _validate_offer(case, target, organisation, summary, errors)
    raise_if(errors)
    now = timezone.now()
    own_network = target == HandoverTarget.OWN_NETWORK
    monitoring = case.decision in (Decision.VV, Decision.INVESTIGATION) or (
        current_terms().monitoring_after_direct_handover
    )
    _move(
        case,
        Action.HANDOVER_OFFER,
        actor=actor,
        at=now,
        needs_acceptance=not own_network,
        monitoring_follows=monitoring,
    )
    handover = _offer_handover(
        case,
        actor=actor,
        at=now,
        target=target,
        organisation=organisation,
        summary=summary,
        safety_conditions=safety_conditions,
        monitoring_follows=monitoring,
    )
    _log_change(case, actor=actor, detail="handover_offer")
    _refresh_next_due(case)
    return handover


def _lock_open_handover(handover: Handover, actor: User) -> Handover:
    locked = (
        Handover.objects.select_for_update(of=("self",)).select_related("case").get(pk=handover.pk)
    )
    if locked.organisation_id is None or actor.organisation_id != locked.organisation_id:
        raise ValidationError(_("Only the receiving organisation responds to this handover."))
    if not actor.is_chain_professional:
        raise ValidationError(_("Only a professional of the receiving organisation may do this."))
    if locked.status != HandoverStatus.OFFERED:
        raise ValidationError(_("This handover has already been responded to."))
    return locked


@transaction.atomic
def handover_accept(*, handover: Handover, actor: User, note: str = "") -> Handover:
    handover = _lock_open_handover(handover, actor)
    case = _lock(handover.case)
    now = timezone.now()
    _move(
        case,
        Action.HANDOVER_ACCEPT,
        actor=actor,
        at=now,
        reason=note.strip(),
        data={"handover": handover.pk, "organisation": str(handover.organisation)},
        monitoring_follows=handover.monitoring_follows,
    )
    handover.status = HandoverStatus.ACCEPTED
    handover.responded_by = actor
    handover.responded_at = now
    handover.response_reason = note.strip()
    handover.save(update_fields=["status", "responded_by", "responded_at", "response_reason"])
    if handover.monitoring_follows:
        _schedule_monitoring(case, now)
    _log_change(case, actor=actor, detail="handover_accept")
    _refresh_next_due(case)
    return handover


@transaction.atomic
def handover_refuse(*, handover: Handover, actor: User, reason: str) -> Handover:
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the handover is refused.")]})
    handover = _lock_open_handover(handover, actor)
    case = _lock(handover.case)
    now = timezone.now()
    _move(
        case,
        Action.HANDOVER_REFUSE,
        actor=actor,
        at=now,
        reason=reason.strip(),
        data={"handover": handover.pk, "organisation": str(handover.organisation)},
    )
    handover.status = HandoverStatus.REFUSED
    handover.responded_by = actor
    handover.responded_at = now
    handover.response_reason = reason.strip()
    handover.save(update_fields=["status", "responded_by", "responded_at", "response_reason"])
    _log_change(case, actor=actor, detail="handover_refuse")
    _refresh_next_due(case)
    return handover


@transaction.atomic
def case_reassess(*, case: Case, actor: User, reason: str) -> Case:
    """After a refused handover VT may assess the case anew."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    _move(case, Action.CASE_REASSESS, actor=actor, at=timezone.now(), reason=reason.strip())
    _new_assessment_term(case)
    _log_change(case, actor=actor, detail="case_reassess")
    _refresh_next_due(case)
    return case


def _new_assessment_term(case: Case) -> None:
    terms = current_terms().as_terms()
    case.assessment_due_at = deadlines.assessment_due(
        timezone.now(), acute=case.report.is_acute, terms=terms, closing_days=closing_days()
    )
    case.decision = ""
    case.assessed_at = None
    case.save(update_fields=["assessment_due_at", "decision", "assessed_at"])


# --- monitoring, tasks, closure --------------------------------------------------------------


@transaction.atomic
def monitoring_record(
    *,
    case: Case,
    actor: User,
    conditions_met: str,
    direct_safety: bool,
    stable_safety: bool,
    recovery_attention: bool,
    notes: str,
    outcome: str,
) -> MonitoringCheck:
    """Record a monitoring moment: continue, close at stable safety, or renew VT involvement."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    require(
        conditions_met in ConditionsMet.values, "conditions_met", _("Answer the question."), errors
    )
    require(outcome in MONITORING_OUTCOME_VALUES, "outcome", _("Choose the outcome."), errors)
    require(bool(notes.strip()), "notes", _("Explain the monitoring."), errors)
    if outcome == MonitoringOutcome.STABLE and not (direct_safety and stable_safety):
        errors.setdefault("outcome", []).append(
            _("Monitoring only closes with both direct and stable safety.")
        )
    raise_if(errors)
    now = timezone.now()
    _move(
        case,
        Action.MONITORING_RECORD,
        actor=actor,
        at=now,
        reason=notes.strip(),
        data={"outcome": outcome},
        monitoring_outcome=MonitoringOutcome(outcome),
    )
    open_moments = case.tasks.filter(
        kind=TaskKind.MONITORING, done_at__isnull=True, cancelled=False
    ).order_by("due_at")
    task = open_moments.first()
    if task is not None:
        task.done_at, task.done_by, task.outcome = now, actor, notes.strip()
        task.save(update_fields=["done_at", "done_by", "outcome"])
    # ``open_moments`` is evaluated afresh below: the moment just recorded is no longer open.
    if outcome != MonitoringOutcome.CONTINUE:
        open_moments.update(cancelled=True)
    elif not open_moments.exists():
        # Monitoring goes on past the planned moments: plan the next one, so the case keeps a
        # deadline and stays in the work queue until stable safety is reached.
        terms = current_terms().as_terms()
        interval = min(terms.monitoring_months)
        next_day = deadlines.add_months(deadlines.local_date(now), interval)
        _add_task(case, TaskKind.MONITORING, deadlines.end_of_day(next_day), now)
    if outcome == MonitoringOutcome.RENEWED:
        _new_assessment_term(case)
    check = MonitoringCheck.objects.create(
        case=case,
        task=task,
        conditions_met=conditions_met,
        direct_safety=direct_safety,
        stable_safety=stable_safety,
        recovery_attention=recovery_attention,
        notes=notes.strip(),
        outcome=outcome,
        recorded_by=actor,
        recorded_at=now,
    )
    _log_change(case, actor=actor, detail="monitoring_record")
    _refresh_next_due(case)
    return check


@transaction.atomic
def task_complete(*, task: Task, actor: User, outcome: str) -> Task:
    """Record what was done or communicated (reporter feedback, informing the people involved)."""
    task = Task.objects.select_for_update(of=("self",)).select_related("case").get(pk=task.pk)
    _require_vt_on_case(actor, task.case)
    if task.kind == TaskKind.MONITORING:
        raise ValidationError(_("A monitoring moment is recorded with the monitoring form."))
    if not task.is_open:
        raise ValidationError(_("This task has already been completed."))
    if not outcome.strip():
        raise ValidationError({"outcome": [_("Record what was done or communicated.")]})
    now = timezone.now()
    task.done_at, task.done_by, task.outcome = now, actor, outcome.strip()
    task.save(update_fields=["done_at", "done_by", "outcome"])
    case = _lock(task.case)
    _event(
        case,
        kind="task_done",
        actor=actor,
        at=now,
        reason=outcome.strip(),
        data={"task": task.pk, "task_kind": task.kind},
    )
    _log_change(case, actor=actor, detail="task_complete")
    _refresh_next_due(case)
    return task


@transaction.atomic
def task_extend(*, task: Task, actor: User, reason: str) -> Task:
    """Extend the term for informing the people involved by 2 weeks, with a reason."""
    task = Task.objects.select_for_update(of=("self",)).select_related("case").get(pk=task.pk)
    _require_vt_on_case(actor, task.case)
    if task.kind != TaskKind.INFORM_INVOLVED:
        raise ValidationError(_("Only the term for informing the people involved can be extended."))
    if not task.is_open:
        raise ValidationError(_("This task has already been completed."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the postponement.")]})
    terms = current_terms().as_terms()
    previous = task.due_at
    task.due_at = deadlines.inform_involved_extended(previous, terms=terms)
    task.extensions += 1
    task.save(update_fields=["due_at", "extensions"])
    case = _lock(task.case)
    _event(
        case,
        kind="task_extended",
        actor=actor,
        at=timezone.now(),
        reason=reason.strip(),
        data={"task": task.pk, "from": previous.isoformat(), "to": task.due_at.isoformat()},
    )
    _log_change(case, actor=actor, detail="task_extend")
    _refresh_next_due(case)
    return task


@transaction.atomic
def case_close(*, case: Case, actor: User, reason: str = "") -> Case:
    """Close a case after a decision without VT follow-up, once the reporter has had feedback."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    if case.tasks.filter(
        kind__in=[TaskKind.FEEDBACK_DECISION, TaskKind.FEEDBACK_INVESTIGATION],
        done_at__isnull=True,
        cancelled=False,
    ).exists():
        raise ValidationError(
            _("First give feedback to the reporter: that is a legal duty after the decision.")
        )
    _move(case, Action.CASE_CLOSE, actor=actor, at=timezone.now(), reason=reason.strip())
    _log_change(case, actor=actor, detail="case_close")
    _refresh_next_due(case)
    return case


@transaction.atomic
def case_reopen(*, case: Case, actor: User, reason: str) -> Case:
    case = _lock(case)
    _require_vt_on_case(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason to reopen the case.")]})
    _move(case, Action.CASE_REOPEN, actor=actor, at=timezone.now(), reason=reason.strip())
    case.reopen_count += 1
    case.closed_at = None
    case.save(update_fields=["reopen_count", "closed_at"])
    _new_assessment_term(case)
    _log_change(case, actor=actor, detail="case_reopen")
    _refresh_next_due(case)
    return case


# --- tijdelijk huisverbod --------------------------------------------------------------------


@transaction.atomic
def restraining_order_register(
    *,
    case: Case,
    actor: User,
    imposed_at: datetime,
    rihg_outcome: str,
    subject: Person | None = None,
    icm_name: str = "",
    icm_organisation: Organisation | None = None,
) -> RestrainingOrder:
    """Record a tijdelijk huisverbod imposed by the mayor (police), as a parallel track."""
    case = _lock(case)
    _require_vt_on_case(actor, case)
    errors: dict[str, list[str]] = {}
    validate_received_at(imposed_at, errors)
    if "received_at" in errors:
        errors["imposed_at"] = errors.pop("received_at")
    require(bool(rihg_outcome.strip()), "rihg_outcome", _("Copy the outcome of the RiHG."), errors)
    if subject is not None:
        involved = case.report.involved.filter(person=subject).first()
        require(
            involved is not None,
            "subject",
            _("The restraining order applies to a person involved in this report."),
            errors,
        )
        if subject.date_of_birth is not None:
            today, born = timezone.localdate(), subject.date_of_birth
            # Whole years of age (days // 365 would make someone 18 a few days early).
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            require(
                age >= 18,
                "subject",
                _("A restraining order is only imposed on an adult."),
                errors,
            )
    if case.restraining_orders.filter(
        status__in=[RestrainingOrderStatus.ACTIVE, RestrainingOrderStatus.EXTENDED]
    ).exists():
        errors.setdefault("__all__", []).append(
            _("A restraining order is already running on this case.")
        )
    raise_if(errors)
    terms = current_terms().as_terms()
    order = RestrainingOrder.objects.create(
        case=case,
        subject=subject,
        imposed_at=imposed_at,
        ends_at=deadlines.restraining_order_end(imposed_at, terms=terms),
        rihg_outcome=rihg_outcome.strip(),
        icm_name=icm_name.strip(),
        icm_organisation=icm_organisation,
        recorded_by=actor,
    )
    _event(
        case,
        kind="restraining_order_registered",
        actor=actor,
        at=timezone.now(),
        data={"order": order.pk, "ends_at": order.ends_at.isoformat()},
    )
    _log_change(case, actor=actor, detail="restraining_order_register")
    _refresh_next_due(case)
    return order


@transaction.atomic
def restraining_order_extend(
    *, order: RestrainingOrder, actor: User, extended_until: datetime, reason: str
) -> RestrainingOrder:
    """The mayor extends the order; it may run to at most 28 days after imposition."""
    order = (
        RestrainingOrder.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=order.pk)
    )
    _require_vt_on_case(actor, order.case)
    terms = current_terms().as_terms()
    errors: dict[str, list[str]] = {}
    require(order.is_active, "__all__", _("This restraining order is no longer running."), errors)
    require(bool(reason.strip()), "reason", _("Give the reason for the extension."), errors)
    latest = deadlines.restraining_order_latest_end(order.imposed_at, terms=terms)
    require(
        extended_until is not None
        and not timezone.is_naive(extended_until)
        and order.ends_at < extended_until <= latest,
        "extended_until",
        _(
            "Extend until after the current end and at the latest %(latest)s "
            "(%(days)s days after the imposition)."
        )
        % {
            "latest": f"{latest.astimezone(deadlines.AMSTERDAM):%d-%m-%Y %H:%M}",
            "days": terms.restraining_order_max_days,
        },
        errors,
    )
    raise_if(errors)
    previous = order.ends_at
    order.ends_at = extended_until
    order.status = RestrainingOrderStatus.EXTENDED
    order.extension_decided_at = timezone.now()
    order.extension_reason = reason.strip()
    order.save(update_fields=["ends_at", "status", "extension_decided_at", "extension_reason"])
    case = _lock(order.case)
    _event(
        case,
        kind="restraining_order_extended",
        actor=actor,
        at=timezone.now(),
        reason=reason.strip(),
        data={"order": order.pk, "from": previous.isoformat(), "to": extended_until.isoformat()},
    )
    _log_change(case, actor=actor, detail="restraining_order_extend")
    _refresh_next_due(case)
    return order


@transaction.atomic
def restraining_order_end(
    *, order: RestrainingOrder, actor: User, lifted_early: bool, reason: str = ""
) -> RestrainingOrder:
    order = (
        RestrainingOrder.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=order.pk)
    )
    _require_vt_on_case(actor, order.case)
    if not order.is_active:
        raise ValidationError(_("This restraining order is no longer running."))
    if lifted_early and not reason.strip():
        raise ValidationError(
            {"reason": [_("Give the reason why the restraining order ends early.")]}
        )
    order.status = RestrainingOrderStatus.LIFTED if lifted_early else RestrainingOrderStatus.ENDED
    order.save(update_fields=["status"])
    case = _lock(order.case)
    _event(
        case,
        kind="restraining_order_ended",
        actor=actor,
        at=timezone.now(),
        reason=reason.strip(),
        data={"order": order.pk, "lifted_early": lifted_early},
    )
    _log_change(case, actor=actor, detail="restraining_order_end")
    _refresh_next_due(case)
    return order
