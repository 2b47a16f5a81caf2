"""Writes of the escalation ladder (*opschalingsmodel*, BRIEF §5).

Who may do what:

- raising a stagnation or reporting that the case director fails: the plan's director or any
  professional of a participating organisation; the region's process-direction desk then joins
  the plan (a :class:`PlanParticipant`), so its staff see it;
- moving along the ladder, recording the meeting's agreements, resolving: the plan's director or
  the desk's staff;
- appointing a process director, administrative decisions, resolving failure reports: desk staff;
- binding decisions (*doorzettingsmacht*) and handing direction back: the current process director;
- calling an urgent care meeting: desk staff or the process director.

Every service validates first, raises ``ValidationError`` with every problem and writes nothing
then; otherwise it writes its rows, a new plan version (``plans.services.record_version``, or
``plan_direction_set`` when direction changes) and an access-log entry in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.models import closing_days
from ketenzicht.escalation import ladder
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import (
    AdministrativeDecision,
    BindingDecision,
    DirectionFailureReport,
    Escalation,
    EscalationStatus,
    EscalationStep,
    EscalationTermConfiguration,
    FailureStatus,
    MeetingAgreement,
    ProcessDirectorAppointment,
    StepKind,
    UrgentCareMeeting,
)
from ketenzicht.organisations.models import Municipality, Organisation, OrganisationKind, Role, User
from ketenzicht.plans.models import DirectionKind, HouseholdPlan, PlanParticipant, PlanStatus
from ketenzicht.plans.selectors import can_edit, is_participant
from ketenzicht.plans.services import plan_direction_set, record_version


def current_terms() -> ladder.Terms:
    """The terms in force: the configured row, else the documented defaults."""
    config = EscalationTermConfiguration.objects.order_by("pk").first()
    return config.as_terms() if config is not None else ladder.DEFAULT_TERMS


# --- who is who ------------------------------------------------------------------------------


def desk_of_region(region_id: int | None) -> Organisation | None:
    """The process-direction desk of a region (the first, if an administrator made several)."""
    if region_id is None:
        return None
    return (
        Organisation.objects.filter(kind=OrganisationKind.PROCESS_DESK, region_id=region_id)
        .order_by("pk")
        .first()
    )


def desk_of_plan(plan: HouseholdPlan) -> Organisation | None:
    return desk_of_region(plan.lead_organisation.region_id)


def is_desk_staff(user: User, desk: Organisation | int | None) -> bool:
    """An active chain professional of ``desk`` (a process-direction desk)."""
    desk_id = desk.pk if isinstance(desk, Organisation) else desk
    return (
        desk_id is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.CHAIN_PROFESSIONAL
        and user.organisation_id == desk_id
    )


def is_any_desk_staff(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CHAIN_PROFESSIONAL
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.PROCESS_DESK
    )


def may_steer(user: User, escalation: Escalation) -> bool:
    """The plan's director or the desk's staff move the ladder along."""
    return can_edit(user, escalation.plan) or is_desk_staff(user, escalation.desk_id)


def is_process_director(user: User, plan: HouseholdPlan) -> bool:
    return user.is_authenticated and user.pk is not None and user.pk == plan.process_director_id


def _active_professional(user: User | None) -> bool:
    return (
        user is not None
        and user.is_active
        and user.role == Role.CHAIN_PROFESSIONAL
        and user.organisation_id is not None
    )


# --- plumbing --------------------------------------------------------------------------------


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _log(plan: HouseholdPlan, *, actor: User, detail: str) -> None:
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=actor,
        case_ids=(plan.case_id,),
        person_ids=[
            pid
            for pid in plan.members.filter(person__isnull=False).values_list("person_id", flat=True)
            if pid is not None
        ],
        household_ids=(plan.household_id,),
        detail=f"plan {plan.pk}: {detail}"[:300],
    )


def _changed(plan: HouseholdPlan, *, actor: User, change: str, detail: str, at: datetime) -> None:
    record_version(plan, actor=actor, change=change, at=at)
    _log(plan, actor=actor, detail=detail)


def _lock(escalation: Escalation) -> Escalation:
    return (
        Escalation.objects.select_for_update()
        .select_related("plan__lead_organisation", "desk")
        .get(pk=escalation.pk)
    )


def _lock_open(escalation: Escalation) -> Escalation:
    escalation = _lock(escalation)
    if not escalation.is_open:
        raise ValidationError(gettext("This escalation is closed."))
    return escalation


def _current_step(escalation: Escalation) -> EscalationStep:
    return EscalationStep.objects.select_for_update().get(
        escalation=escalation, step=escalation.current_step
    )


def _step_label(step: int) -> str:
    return str(StepKind(step).label)


def _start_step(escalation: Escalation, step: Step, *, actor: User, at: datetime) -> EscalationStep:
    return EscalationStep.objects.create(
        escalation=escalation,
        step=step,
        started_at=at,
        started_by=actor,
        due_at=ladder.step_due(step, at, terms=current_terms(), closing_days=closing_days()),
    )


def _desk_joins(plan: HouseholdPlan, desk: Organisation, *, at: datetime) -> None:
    """The desk takes part in the plan from now on, so its staff see it (need-to-know)."""
    participant = PlanParticipant.objects.filter(plan=plan, organisation=desk).first()
    if participant is None:
        PlanParticipant.objects.create(plan=plan, organisation=desk, joined_at=at)
    elif participant.left_at is not None:
        participant.joined_at, participant.left_at = at, None
        participant.save(update_fields=["joined_at", "left_at"])


def _plan_desk_or_error(plan: HouseholdPlan) -> Organisation:
    desk = desk_of_plan(plan)
    if desk is None:
        raise ValidationError(
            gettext(
                "The region of this plan has no process-direction desk: ask an administrator "
                "to register it."
            )
        )
    return desk


# --- raising a stagnation --------------------------------------------------------------------


@transaction.atomic
def stagnation_raise(
    *,
    plan: HouseholdPlan,
    actor: User,
    stalls: str,
    stalled_organisations: Iterable[Organisation],
    urgent: bool = False,
    serious: bool = False,
    at: datetime | None = None,
) -> Escalation:
    """Record that help stalls; the ladder starts at step 1 (advice from the desk)."""
    at = at or timezone.now()
    plan = (
        HouseholdPlan.objects.select_for_update()
        .select_related("lead_organisation")
        .get(pk=plan.pk)
    )
    if not is_participant(actor, plan):
        raise ValidationError(
            gettext("Only a professional taking part in the plan may report a stagnation.")
        )
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(gettext("This plan is closed."))
    desk = _plan_desk_or_error(plan)
    errors: dict[str, list[str]] = {}
    if not stalls.strip():
        errors["stalls"] = [gettext("Say what stalls.")]
    organisations = list(stalled_organisations)
    if not organisations:
        errors["stalled_organisations"] = [gettext("Choose where it stalls.")]
    elif any(o.region_id != plan.lead_organisation.region_id for o in organisations):
        errors["stalled_organisations"] = [gettext("Choose organisations of the plan's region.")]
    if Escalation.objects.filter(plan=plan, status=EscalationStatus.OPEN).exists():
        errors["__all__"] = [gettext("This plan already has an open escalation.")]
    _raise(errors)
    escalation = Escalation.objects.create(
        plan=plan,
        desk=desk,
        raised_by=actor,
        raised_at=at,
        stalls=stalls.strip(),
        urgent=urgent,
        serious=serious,
        current_step=Step.DESK_ADVICE,
    )
    escalation.stalled_organisations.set(organisations)
    _start_step(escalation, Step.DESK_ADVICE, actor=actor, at=at)
    _desk_joins(plan, desk, at=at)
    _changed(
        plan,
        actor=actor,
        change=gettext("Stagnation put to the process-direction desk"),
        detail=f"stagnation_raise {escalation.pk}",
        at=at,
    )
    return escalation


# --- the ladder ------------------------------------------------------------------------------

ADVANCE_MESSAGES = {
    ladder.NO_OUTCOME: gettext_noop("Record the outcome of the current step first."),
    ladder.LAST_STEP: gettext_noop("This is the last step of the ladder."),
    ladder.BACKWARDS: gettext_noop("The ladder goes forward only."),
    ladder.SKIPS: gettext_noop(
        "Go one step at a time; only an urgent escalation goes straight to the desk."
    ),
    ladder.NOT_SERIOUS: gettext_noop("The administrative step is only for a case marked serious."),
}


@transaction.atomic
def escalation_advance(
    *,
    escalation: Escalation,
    actor: User,
    outcome: str,
    to_step: int | None = None,
    at: datetime | None = None,
) -> EscalationStep:
    """Record the current step's outcome and start the next step with its deadline."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    if not may_steer(actor, escalation):
        raise ValidationError(
            gettext("Only the plan's director or the desk may move the escalation on.")
        )
    current = Step(escalation.current_step)
    target = Step(to_step) if to_step is not None and to_step in Step._value2member_map_ else None
    if to_step is None:
        target = Step(min(current + 1, ladder.LAST))
    errors: dict[str, list[str]] = {}
    if target is None:
        errors["to_step"] = [gettext("Choose a step of the ladder.")]
    else:
        for code in ladder.advance_problems(
            current,
            target,
            urgent=escalation.urgent,
            serious=escalation.serious,
            outcome=outcome,
        ):
            field = "outcome" if code == ladder.NO_OUTCOME else "to_step"
            errors.setdefault(field, []).append(gettext(ADVANCE_MESSAGES[code]))
    _raise(errors)
    assert target is not None
    step = _current_step(escalation)
    step.completed_at, step.outcome, step.recorded_by = at, outcome.strip(), actor
    step.save(update_fields=["completed_at", "outcome", "recorded_by"])
    escalation.current_step = target
    escalation.save(update_fields=["current_step"])
    started = _start_step(escalation, target, actor=actor, at=at)
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Escalation: %(step)s") % {"step": _step_label(target)},
        detail=f"escalation_advance {escalation.pk} -> {int(target)}",
        at=at,
    )
    return started


@dataclass(frozen=True)
class AgreementInput:
    organisation: Organisation | None
    what: str
    due_on: date | None


@transaction.atomic
def meeting_agreements_record(
    *,
    escalation: Escalation,
    actor: User,
    agreements: Sequence[AgreementInput],
    at: datetime | None = None,
) -> list[MeetingAgreement]:
    """Step 2: record who does which part by when (organisations taking part in the plan)."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    if not may_steer(actor, escalation):
        raise ValidationError(
            gettext("Only the plan's director or the desk may record the agreements.")
        )
    if escalation.current_step != Step.MEETING:
        raise ValidationError(
            gettext("Agreements are recorded at the meeting of the organisations (step 2).")
        )
    today = timezone.localdate(at)
    participating = set(
        escalation.plan.participants.filter(left_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    errors: dict[str, list[str]] = {}
    if not agreements:
        errors["__all__"] = [gettext("Record at least one agreement.")]
    for item in agreements:
        if item.organisation is None:
            errors.setdefault("organisation", []).append(gettext("Choose an organisation."))
        elif item.organisation.pk not in participating:
            errors.setdefault("organisation", []).append(
                gettext("Choose an organisation that takes part in the plan.")
            )
        if not item.what.strip():
            errors.setdefault("what", []).append(gettext("Say what is agreed."))
        if item.due_on is None:
            errors.setdefault("due_on", []).append(gettext("Give a due date."))
        elif item.due_on < today:
            errors.setdefault("due_on", []).append(gettext("The due date lies in the past."))
    _raise(errors)
    step = _current_step(escalation)
    rows = []
    for item in agreements:
        assert item.organisation is not None and item.due_on is not None
        rows.append(
            MeetingAgreement.objects.create(
                step=step,
                organisation=item.organisation,
                what=item.what.strip(),
                due_on=item.due_on,
                recorded_by=actor,
                recorded_at=at,
            )
        )
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Escalation: agreements of the meeting recorded"),
        detail=f"meeting_agreements_record {escalation.pk}",
        at=at,
    )
    return rows


# --- step 4: the process director -----------------------------------------------------------


@transaction.atomic
def process_director_appoint(
    *,
    escalation: Escalation,
    actor: User,
    director: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> ProcessDirectorAppointment:
    """The desk appoints a process director, who takes over direction of the plan."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    if not is_desk_staff(actor, escalation.desk_id):
        raise ValidationError(
            gettext("Only the process-direction desk appoints a process director.")
        )
    errors: dict[str, list[str]] = {}
    if escalation.current_step != Step.PROCESS_DIRECTOR:
        errors["__all__"] = [gettext("A process director is appointed at step 4 of the ladder.")]
    elif ProcessDirectorAppointment.objects.filter(escalation=escalation).exists():
        errors["__all__"] = [gettext("A process director was already appointed.")]
    if not _active_professional(director):
        errors["director"] = [gettext("A director must be an active chain professional.")]
    _raise(errors)
    assert director is not None
    step = _current_step(escalation)
    appointment = ProcessDirectorAppointment.objects.create(
        escalation=escalation,
        director=director,
        appointed_by=actor,
        appointed_at=at,
        due_at=step.due_at,
        late=ladder.is_missed(step.due_at, now=at),
    )
    plan_direction_set(
        plan=escalation.plan,
        kind=DirectionKind.PROCESS_DIRECTOR,
        director=director,
        actor=actor,
        reason=reason.strip() or gettext("Appointed by the process-direction desk."),
        at=at,
    )
    _log(escalation.plan, actor=actor, detail=f"process_director_appoint {escalation.pk}")
    return appointment


@transaction.atomic
def binding_decision_record(
    *,
    escalation: Escalation,
    actor: User,
    organisation: Organisation | None,
    what: str,
    due_on: date | None,
    at: datetime | None = None,
) -> BindingDecision:
    """*Doorzettingsmacht*: the process director requires an organisation to act."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    plan = escalation.plan
    if not is_process_director(actor, plan):
        raise ValidationError(
            gettext("Only the plan's process director may require an organisation to act.")
        )
    errors: dict[str, list[str]] = {}
    if organisation is None:
        errors["organisation"] = [gettext("Choose an organisation.")]
    elif organisation.region_id != plan.lead_organisation.region_id:
        errors["organisation"] = [gettext("Choose an organisation of the plan's region.")]
    if not what.strip():
        errors["what"] = [gettext("Say what the organisation must do.")]
    if due_on is None:
        errors["due_on"] = [gettext("Give a due date.")]
    elif due_on < timezone.localdate(at):
        errors["due_on"] = [gettext("The due date lies in the past.")]
    _raise(errors)
    assert organisation is not None and due_on is not None
    decision = BindingDecision.objects.create(
        escalation=escalation,
        organisation=organisation,
        what=what.strip(),
        due_on=due_on,
        decided_by=actor,
        decided_at=at,
    )
    _changed(
        plan,
        actor=actor,
        change=gettext("Binding decision: %(organisation)s must act")
        % {"organisation": organisation.name},
        detail=f"binding_decision_record {decision.pk}",
        at=at,
    )
    return decision


@transaction.atomic
def binding_decision_compliance_record(
    *, decision: BindingDecision, actor: User, complied: bool, note: str = ""
) -> BindingDecision:
    """Record whether the organisation did what it was required to (once)."""
    now = timezone.now()
    decision = (
        BindingDecision.objects.select_for_update()
        .select_related("escalation__plan", "organisation")
        .get(pk=decision.pk)
    )
    plan = decision.escalation.plan
    if not is_process_director(actor, plan):
        raise ValidationError(gettext("Only the plan's process director records compliance."))
    if decision.complied is not None:
        raise ValidationError(gettext("Compliance with this decision was already recorded."))
    decision.complied, decision.compliance_note = complied, note.strip()
    decision.compliance_at, decision.compliance_by = now, actor
    decision.save(update_fields=["complied", "compliance_note", "compliance_at", "compliance_by"])
    _changed(
        plan,
        actor=actor,
        change=(
            gettext("%(organisation)s complied with the binding decision")
            if complied
            else gettext("%(organisation)s did not comply with the binding decision")
        )
        % {"organisation": decision.organisation.name},
        detail=f"binding_decision_compliance_record {decision.pk}",
        at=now,
    )
    return decision


@transaction.atomic
def urgent_care_meeting_call(
    *, escalation: Escalation, actor: User, at: datetime | None = None
) -> UrgentCareMeeting:
    """An urgent escalation at step 4: a care meeting within 2 working days."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    if not (
        is_desk_staff(actor, escalation.desk_id) or is_process_director(actor, escalation.plan)
    ):
        raise ValidationError(
            gettext("Only the desk or the process director calls an urgent care meeting.")
        )
    if not escalation.urgent:
        raise ValidationError(gettext("An urgent care meeting is for an urgent escalation."))
    if escalation.current_step < Step.PROCESS_DIRECTOR:
        raise ValidationError(
            gettext("An urgent care meeting is called once the stagnation is put to the desk.")
        )
    if escalation.urgent_meetings.filter(held_on__isnull=True).exists():
        raise ValidationError(gettext("An urgent care meeting is already waiting to be held."))
    meeting = UrgentCareMeeting.objects.create(
        escalation=escalation,
        called_by=actor,
        called_at=at,
        due_at=ladder.urgent_meeting_due(at, terms=current_terms(), closing_days=closing_days()),
    )
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Urgent care meeting called"),
        detail=f"urgent_care_meeting_call {meeting.pk}",
        at=at,
    )
    return meeting


@transaction.atomic
def urgent_care_meeting_record(
    *, meeting: UrgentCareMeeting, actor: User, held_on: date | None, outcome: str
) -> UrgentCareMeeting:
    now = timezone.now()
    meeting = UrgentCareMeeting.objects.select_for_update().get(pk=meeting.pk)
    escalation = _lock(meeting.escalation)
    if not (
        is_desk_staff(actor, escalation.desk_id) or is_process_director(actor, escalation.plan)
    ):
        raise ValidationError(
            gettext("Only the desk or the process director records the urgent care meeting.")
        )
    if meeting.held_on is not None:
        raise ValidationError(gettext("This meeting was already recorded."))
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = [gettext("Give the date the meeting was held.")]
    elif held_on > timezone.localdate(now) or held_on < timezone.localdate(meeting.called_at):
        errors["held_on"] = [gettext("The meeting was held between calling it and today.")]
    if not outcome.strip():
        errors["outcome"] = [gettext("Record the outcome.")]
    _raise(errors)
    meeting.held_on, meeting.outcome, meeting.recorded_by = held_on, outcome.strip(), actor
    meeting.save(update_fields=["held_on", "outcome", "recorded_by"])
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Urgent care meeting held"),
        detail=f"urgent_care_meeting_record {meeting.pk}",
        at=now,
    )
    return meeting


# --- step 5: the administrative decision -----------------------------------------------------


@transaction.atomic
def administrative_decision_record(
    *,
    escalation: Escalation,
    actor: User,
    official_name: str,
    official_function: str,
    municipality: Municipality | None,
    oral_decision_at: datetime | None,
    text: str,
) -> AdministrativeDecision:
    """The official's oral decision, to be confirmed in writing within 24 hours."""
    now = timezone.now()
    escalation = _lock_open(escalation)
    if not is_desk_staff(actor, escalation.desk_id):
        raise ValidationError(gettext("Only the desk records an administrative decision."))
    if not escalation.serious or escalation.current_step != Step.ADMINISTRATIVE:
        raise ValidationError(
            gettext("An administrative decision is taken at step 5, for a serious case.")
        )
    errors: dict[str, list[str]] = {}
    if not official_name.strip():
        errors["official_name"] = [gettext("Give the official's name.")]
    if not official_function.strip():
        errors["official_function"] = [gettext("Give the official's function.")]
    if municipality is None:
        errors["municipality"] = [gettext("Choose the municipality.")]
    elif municipality.region_id != escalation.plan.lead_organisation.region_id:
        errors["municipality"] = [gettext("Choose a municipality of the plan's region.")]
    if oral_decision_at is None:
        errors["oral_decision_at"] = [gettext("Give when the decision was taken.")]
    elif timezone.is_naive(oral_decision_at):
        errors["oral_decision_at"] = [gettext("Give a date and time with its time zone.")]
    elif oral_decision_at > now:
        errors["oral_decision_at"] = [gettext("The decision cannot lie in the future.")]
    if not text.strip():
        errors["text"] = [gettext("Record the decision.")]
    _raise(errors)
    assert municipality is not None and oral_decision_at is not None
    decision = AdministrativeDecision.objects.create(
        escalation=escalation,
        official_name=official_name.strip(),
        official_function=official_function.strip(),
        municipality=municipality,
        oral_decision_at=oral_decision_at,
        text=text.strip(),
        confirmation_due_at=ladder.confirmation_due(oral_decision_at, terms=current_terms()),
        recorded_by=actor,
        recorded_at=now,
    )
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Administrative decision (oral)"),
        detail=f"administrative_decision_record {decision.pk}",
        at=now,
    )
    return decision


@transaction.atomic
def administrative_decision_confirm(
    *,
    decision: AdministrativeDecision,
    actor: User,
    written_reference: str,
    confirmed_at: datetime | None = None,
) -> AdministrativeDecision:
    """The written confirmation (late when after the 24 hours; still recorded)."""
    now = timezone.now()
    confirmed_at = confirmed_at or now
    decision = AdministrativeDecision.objects.select_for_update().get(pk=decision.pk)
    escalation = _lock(decision.escalation)
    if not is_desk_staff(actor, escalation.desk_id):
        raise ValidationError(gettext("Only the desk records the written confirmation."))
    if decision.confirmed_at is not None:
        raise ValidationError(gettext("This decision was already confirmed in writing."))
    errors: dict[str, list[str]] = {}
    if not written_reference.strip():
        errors["written_reference"] = [gettext("Give the reference of the letter.")]
    if timezone.is_naive(confirmed_at):
        errors["confirmed_at"] = [gettext("Give a date and time with its time zone.")]
    elif confirmed_at > now or confirmed_at < decision.oral_decision_at:
        errors["confirmed_at"] = [
            gettext("The confirmation lies between the oral decision and now.")
        ]
    _raise(errors)
    decision.confirmed_at, decision.confirmed_by = confirmed_at, actor
    decision.written_reference = written_reference.strip()
    decision.save(update_fields=["confirmed_at", "confirmed_by", "written_reference"])
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Administrative decision confirmed in writing"),
        detail=f"administrative_decision_confirm {decision.pk}",
        at=now,
    )
    return decision


def confirmation_late(decision: AdministrativeDecision, *, now: datetime) -> bool:
    return ladder.is_missed(decision.confirmation_due_at, now=now, done_at=decision.confirmed_at)


# --- direction: failure reports and handing back ---------------------------------------------


@transaction.atomic
def direction_failure_report(
    *, plan: HouseholdPlan, actor: User, reason: str, at: datetime | None = None
) -> DirectionFailureReport:
    """A participating professional reports that the case director fails."""
    at = at or timezone.now()
    plan = (
        HouseholdPlan.objects.select_for_update()
        .select_related("lead_organisation")
        .get(pk=plan.pk)
    )
    if not is_participant(actor, plan) or actor.pk == plan.case_director_id:
        raise ValidationError(
            gettext(
                "Only another professional taking part in the plan may report that the case "
                "director fails."
            )
        )
    if plan.status == PlanStatus.CLOSED or plan.case_director_id is None:
        raise ValidationError(gettext("This plan has no case director to report on."))
    desk = _plan_desk_or_error(plan)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [gettext("Say why direction fails.")]
    if DirectionFailureReport.objects.filter(plan=plan, status=FailureStatus.OPEN).exists():
        errors["__all__"] = [gettext("A report on this plan's direction is already open.")]
    _raise(errors)
    assert plan.case_director is not None
    report = DirectionFailureReport.objects.create(
        plan=plan,
        desk=desk,
        director=plan.case_director,
        reporter=actor,
        reported_at=at,
        reason=reason.strip(),
    )
    _desk_joins(plan, desk, at=at)
    _changed(
        plan,
        actor=actor,
        change=gettext("Reported to the desk that direction fails"),
        detail=f"direction_failure_report {report.pk}",
        at=at,
    )
    return report


@transaction.atomic
def direction_failure_resolve(
    *,
    report: DirectionFailureReport,
    actor: User,
    reassign_to: User | None = None,
    rejection_reason: str = "",
) -> DirectionFailureReport:
    """The desk reassigns case direction, or rejects the report with a reason."""
    now = timezone.now()
    report = (
        DirectionFailureReport.objects.select_for_update()
        .select_related("plan__lead_organisation")
        .get(pk=report.pk)
    )
    if not is_desk_staff(actor, report.desk_id):
        raise ValidationError(gettext("Only the process-direction desk resolves this report."))
    if report.status != FailureStatus.OPEN:
        raise ValidationError(gettext("This report was already resolved."))
    plan = report.plan
    errors: dict[str, list[str]] = {}
    rejected = rejection_reason.strip()
    if (reassign_to is None) == (not rejected):
        errors["__all__"] = [
            gettext("Either reassign direction to a professional or reject with a reason.")
        ]
    elif reassign_to is not None:
        if not _active_professional(reassign_to):
            errors["reassign_to"] = [gettext("A director must be an active chain professional.")]
        elif reassign_to.pk == plan.case_director_id:
            errors["reassign_to"] = [gettext("This professional already is the case director.")]
        elif not plan.participants.filter(
            organisation_id=reassign_to.organisation_id or 0, left_at__isnull=True
        ).exists():
            errors["reassign_to"] = [
                gettext("The case director works at an organisation that takes part in the plan.")
            ]
    _raise(errors)
    report.resolved_by, report.resolved_at = actor, now
    if reassign_to is not None:
        report.status, report.reassigned_to = FailureStatus.REASSIGNED, reassign_to
        report.save(update_fields=["status", "reassigned_to", "resolved_by", "resolved_at"])
        plan_direction_set(
            plan=plan,
            kind=DirectionKind.REASSIGNED,
            director=reassign_to,
            actor=actor,
            reason=report.reason,
            at=now,
        )
        _log(plan, actor=actor, detail=f"direction_failure_resolve {report.pk} reassigned")
    else:
        report.status, report.rejection_reason = FailureStatus.REJECTED, rejected
        report.save(update_fields=["status", "rejection_reason", "resolved_by", "resolved_at"])
        _changed(
            plan,
            actor=actor,
            change=gettext("The desk rejected the report that direction fails"),
            detail=f"direction_failure_resolve {report.pk} rejected",
            at=now,
        )
    return report


@transaction.atomic
def direction_hand_back(
    *, plan: HouseholdPlan, actor: User, director: User | None, reason: str
) -> HouseholdPlan:
    """The process director hands direction back to a regular case director."""
    plan = HouseholdPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_process_director(actor, plan):
        raise ValidationError(gettext("Only the process director hands direction back."))
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [gettext("Say why direction goes back.")]
    if not _active_professional(director):
        errors["director"] = [gettext("A director must be an active chain professional.")]
    elif director is not None and director.pk == plan.process_director_id:
        errors["director"] = [gettext("Hand direction to a regular case director.")]
    elif (
        director is not None
        and not plan.participants.filter(
            organisation_id=director.organisation_id or 0, left_at__isnull=True
        ).exists()
    ):
        errors["director"] = [
            gettext("The case director works at an organisation that takes part in the plan.")
        ]
    _raise(errors)
    assert director is not None
    plan = plan_direction_set(
        plan=plan,
        kind=DirectionKind.HANDED_BACK,
        director=director,
        actor=actor,
        reason=reason.strip(),
    )
    _log(plan, actor=actor, detail="direction_hand_back")
    return plan


@transaction.atomic
def escalation_resolve(
    *,
    escalation: Escalation,
    actor: User,
    reason: str,
    withdrawn: bool = False,
    at: datetime | None = None,
) -> Escalation:
    """Close the escalation: help runs again (resolved) or it is no longer needed (withdrawn)."""
    at = at or timezone.now()
    escalation = _lock_open(escalation)
    if not may_steer(actor, escalation):
        raise ValidationError(gettext("Only the plan's director or the desk closes an escalation."))
    if not reason.strip():
        raise ValidationError({"reason": [gettext("Say why the escalation is closed.")]})
    step = _current_step(escalation)
    if step.completed_at is None:
        step.completed_at, step.recorded_by = at, actor
        step.outcome = step.outcome or reason.strip()
        step.save(update_fields=["completed_at", "recorded_by", "outcome"])
    escalation.status = EscalationStatus.WITHDRAWN if withdrawn else EscalationStatus.RESOLVED
    escalation.resolved_at, escalation.resolved_by = at, actor
    escalation.resolution = reason.strip()
    escalation.save(update_fields=["status", "resolved_at", "resolved_by", "resolution"])
    _changed(
        escalation.plan,
        actor=actor,
        change=gettext("Escalation withdrawn") if withdrawn else gettext("Escalation resolved"),
        detail=f"escalation_resolve {escalation.pk}",
        at=at,
    )
    return escalation
