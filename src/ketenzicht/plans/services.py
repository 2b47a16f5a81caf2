"""Writes to household plans. Every change writes a new :class:`PlanVersion` in its transaction.

Rules (BRIEF §4, issue P5): only the director (the case director, or the process director while
one has taken over) changes the plan's content and direction; a plan is activated only with a
case director and a safety section; a task needs an organisation and a due date. Every service
validates first, raises ``ValidationError`` with every problem at once and writes nothing then.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.models import Handover, HandoverStatus
from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User
from ketenzicht.plans.models import (
    Agreement,
    ClientInvolvement,
    DirectionChange,
    DirectionKind,
    DomainAssessment,
    EvaluationMoment,
    HouseholdPlan,
    IntendedResult,
    LifeDomain,
    MemberKind,
    ParticipationKind,
    ParticipationReport,
    Phase,
    PlanMember,
    PlanNote,
    PlanParticipant,
    PlanStatus,
    PlanTask,
    PlanVersion,
    ResultFor,
    SafetyCondition,
)
from ketenzicht.plans.selectors import NEEDS_ANSWER_KINDS, can_edit, is_participant


def _snapshot(plan: HouseholdPlan) -> dict[str, Any]:
    """The whole plan as plain JSON: what a version keeps and what ``versions.py`` compares."""
    return {
        "status": plan.status,
        "case_director": str(plan.case_director) if plan.case_director else "",
        "process_director": str(plan.process_director) if plan.process_director else "",
        "approach": plan.approach,
        "participants": sorted(
            p.organisation.name
            for p in plan.participants.select_related("organisation")
            if p.left_at is None
        ),
        "members": [
            {
                "id": m.pk,
                "kind": m.kind,
                "name": m.name,
                "date_of_birth": m.date_of_birth.isoformat() if m.date_of_birth else "",
                "relation": m.relation,
                "contact": m.contact,
            }
            for m in plan.members.all()
        ],
        "assessments": [
            {
                "id": a.pk,
                "member": a.member.name,
                "domain": a.domain.name,
                "problems": a.problems,
                "question": a.question,
                "self_reliance": a.self_reliance,
            }
            for a in plan.assessments.select_related("member", "domain").order_by(
                "member_id", "domain__order"
            )
        ],
        "safety_conditions": [
            {
                "id": c.pk,
                "description": c.description,
                "watcher": c.watcher_name
                or (c.watcher_organisation.name if c.watcher_organisation else ""),
                "from_handover": c.from_handover,
                "ended": c.ended_at is not None,
            }
            for c in plan.safety_conditions.select_related("watcher_organisation")
        ],
        "results": [
            {"id": r.pk, "phase": r.phase, "for": r.result_for, "description": r.description}
            for r in plan.results.all()
        ],
        "tasks": [
            {
                "id": t.pk,
                "phase": t.phase,
                "domain": t.domain.name if t.domain else "",
                "description": t.description,
                "organisation": t.organisation.name,
                "professional": t.professional_name
                or (str(t.professional) if t.professional else ""),
                "contact": t.contact,
                "due_on": t.due_on.isoformat(),
                "done": t.done_at is not None,
                "cancelled": t.cancelled,
            }
            for t in plan.tasks.select_related("domain", "organisation", "professional")
        ],
        "evaluations": [
            {
                "id": e.pk,
                "planned_on": e.planned_on.isoformat(),
                "held_on": e.held_on.isoformat() if e.held_on else "",
                "conclusion": e.conclusion,
            }
            for e in plan.evaluations.all()
        ],
        "involvement": [
            {
                "id": i.pk,
                "member": i.member.name,
                "representative": i.representative_name,
                "how_involved": i.how_involved,
                "view": i.view,
                "agreement": i.agreement,
                "signed": i.signed,
            }
            for i in plan.involvement.select_related("member")
        ],
    }


def record_version(
    plan: HouseholdPlan, *, actor: User, change: str, at: datetime | None = None
) -> PlanVersion:
    """Write the plan's next version (call inside the change's transaction, after the change)."""
    plan = HouseholdPlan.objects.select_for_update().get(pk=plan.pk)
    plan.version += 1
    plan.save(update_fields=["version"])
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        changed_by=actor,
        changed_at=at or timezone.now(),
        change=change[:200],
        snapshot=_snapshot(plan),
    )


def _validate_director(user: User | None, *, field: str) -> None:
    if user is None or not user.is_active or user.role != Role.CHAIN_PROFESSIONAL:
        raise ValidationError({field: gettext("A director must be an active chain professional.")})


@transaction.atomic
def plan_direction_set(
    *,
    plan: HouseholdPlan,
    kind: str,
    director: User,
    actor: User,
    reason: str = "",
    at: datetime | None = None,
) -> HouseholdPlan:
    """Change who directs the plan, with a :class:`DirectionChange` row and a new version.

    ``kind`` says what happens: a (new) case director, a process director taking over, direction
    handed back to a case director (the process director steps back), or the desk reassigning
    direction after a report that the case director fails. Who may do which is checked by the
    caller's service (plans for the director's own change, escalation for the desk's); this
    function checks only that the new director is an active chain professional.
    """
    if kind not in DirectionKind.values:
        raise ValueError(f"unknown direction kind {kind!r}")
    _validate_director(director, field="director")
    at = at or timezone.now()
    plan = HouseholdPlan.objects.select_for_update().get(pk=plan.pk)
    previous = plan.director
    fields: list[str]
    if kind == DirectionKind.PROCESS_DIRECTOR:
        plan.process_director = director
        fields = ["process_director"]
    else:
        plan.case_director = director
        fields = ["case_director"]
        if kind == DirectionKind.HANDED_BACK:
            plan.process_director = None
            fields.append("process_director")
    plan.save(update_fields=fields)
    DirectionChange.objects.create(
        plan=plan,
        kind=kind,
        previous=previous,
        director=director,
        actor=actor,
        at=at,
        reason=reason,
    )
    record_version(plan, actor=actor, change=str(DirectionKind(kind).label), at=at)
    return plan


# --- plumbing --------------------------------------------------------------------------------

#: Ages of the client-involvement rules (BRIEF §4): from 12 a child is involved in the plan
#: itself; under 16 the legal representative's view is recorded too.
INVOLVED_FROM_AGE = 12
REPRESENTATIVE_UNDER_AGE = 16

#: Participation reports that ask the director for an answer.
NEEDS_ANSWER = frozenset(NEEDS_ANSWER_KINDS)

# An enumeration or bullet at the start of a line: "-", "*", "•", dashes, "1.", "2)".
_BULLET = re.compile(r"^\s*(?:[-*•\u2013\u2014·]+|\(?\d{1,2}[.)])\s*")


def split_conditions(text: str) -> list[str]:
    """The safety conditions of a handover's text: one per non-empty line or bullet."""
    found = []
    for line in text.splitlines():
        cleaned = _BULLET.sub("", line, count=1).strip()
        if cleaned:
            found.append(cleaned)
    return found


def age_on(date_of_birth: date, today: date) -> int:
    """Age in whole years on ``today`` (a birthday on 29 February counts from 1 March)."""
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def _lock(plan: HouseholdPlan) -> HouseholdPlan:
    return HouseholdPlan.objects.select_for_update().get(pk=plan.pk)


def _log_change(plan: HouseholdPlan, *, actor: User, detail: str) -> None:
    """The access-log entry (EDIT) of a change to ``plan``, in the change's own transaction."""
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
    _log_change(plan, actor=actor, detail=detail)


def _require_director(plan: HouseholdPlan, actor: User) -> HouseholdPlan:
    """Lock the plan; only its director changes it, and a closed plan no longer changes."""
    plan = _lock(plan)
    if not can_edit(actor, plan):
        raise ValidationError(gettext("Only the plan's director may change the plan."))
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(gettext("This plan is closed and can no longer be changed."))
    return plan


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _participating(plan: HouseholdPlan, organisation: Organisation) -> bool:
    return plan.participants.filter(organisation=organisation, left_at__isnull=True).exists()


def _member_of(plan: HouseholdPlan, member: PlanMember) -> None:
    if member.plan_id != plan.pk:
        raise ValidationError({"member": [gettext("This person is not a member of this plan.")]})


# --- creating a plan from an accepted handover ----------------------------------------------


@transaction.atomic
def plan_create(*, handover: Handover, actor: User, at: datetime | None = None) -> HouseholdPlan:
    """Draft the household plan of an accepted handover to the actor's organisation.

    The receiving organisation leads the plan and takes part in it; the people of the case's
    report become the household's members (name, date of birth); the handover's safety
    conditions are carried over, one per line; the creator becomes the case director.
    """
    at = at or timezone.now()
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("case__report", "organisation")
        .get(pk=handover.pk)
    )
    if (
        not actor.is_active
        or actor.role != Role.CHAIN_PROFESSIONAL
        or actor.organisation_id is None
        or actor.organisation_id != handover.organisation_id
    ):
        raise ValidationError(
            gettext("Only a professional of the receiving organisation may draw up this plan.")
        )
    if handover.status != HandoverStatus.ACCEPTED:
        raise ValidationError(gettext("A plan is drawn up only after the handover was accepted."))
    if HouseholdPlan.objects.filter(handover=handover).exists():
        raise ValidationError(gettext("This handover already has a household plan."))
    assert handover.organisation is not None
    report = handover.case.report
    plan = HouseholdPlan.objects.create(
        case=handover.case,
        handover=handover,
        household_id=report.household_id,
        lead_organisation=handover.organisation,
        case_director=actor,
        created_by=actor,
        created_at=at,
    )
    PlanParticipant.objects.create(plan=plan, organisation=handover.organisation, joined_at=at)
    for involved in report.involved.select_related("person").order_by("pk"):
        person = involved.person
        PlanMember.objects.create(
            plan=plan,
            kind=MemberKind.HOUSEHOLD,
            person=person,
            name=person.full_name,
            date_of_birth=person.date_of_birth,
        )
    SafetyCondition.objects.bulk_create(
        SafetyCondition(plan=plan, description=line, from_handover=True)
        for line in split_conditions(handover.safety_conditions)
    )
    DirectionChange.objects.create(
        plan=plan,
        kind=DirectionKind.CASE_DIRECTOR,
        previous=None,
        director=actor,
        actor=actor,
        at=at,
        reason=gettext("Drew up the plan."),
    )
    _changed(
        plan,
        actor=actor,
        change=gettext("Plan drawn up from the handover"),
        detail="plan_create",
        at=at,
    )
    plan.refresh_from_db()
    return plan


# --- content: approach, members, life domains ------------------------------------------------


@transaction.atomic
def plan_approach_set(*, plan: HouseholdPlan, actor: User, approach: str) -> HouseholdPlan:
    plan = _require_director(plan, actor)
    approach = approach.strip()
    if not approach:
        raise ValidationError({"approach": [gettext("Describe the approach.")]})
    plan.approach = approach
    plan.save(update_fields=["approach"])
    _changed(
        plan,
        actor=actor,
        change=gettext("Approach changed"),
        detail="approach",
        at=timezone.now(),
    )
    return plan


@transaction.atomic
def plan_member_save(
    *,
    plan: HouseholdPlan,
    actor: User,
    kind: str,
    name: str,
    member: PlanMember | None = None,
    date_of_birth: date | None = None,
    relation: str = "",
    contact: str = "",
) -> PlanMember:
    """Add a household member or a person of the support network, or change one."""
    plan = _require_director(plan, actor)
    errors: dict[str, list[str]] = {}
    if kind not in MemberKind.values:
        errors["kind"] = [gettext("Choose household member or support network.")]
    if not name.strip():
        errors["name"] = [gettext("Give the name.")]
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        errors["date_of_birth"] = [gettext("A date of birth cannot lie in the future.")]
    if member is not None:
        _member_of(plan, member)
        if member.person_id is not None and kind != member.kind:
            errors["kind"] = [gettext("A member from the report stays a household member.")]
    _raise(errors)
    created = member is None
    if member is None:
        member = PlanMember(plan=plan)
    member.kind = kind
    member.name = name.strip()
    member.date_of_birth = date_of_birth
    member.relation = relation.strip()
    member.contact = contact.strip()
    member.save()
    change = gettext("Member added: %(name)s") if created else gettext("Member changed: %(name)s")
    _changed(
        plan,
        actor=actor,
        change=change % {"name": member.name},
        detail="member_add" if created else "member_change",
        at=timezone.now(),
    )
    return member


@transaction.atomic
def plan_member_remove(*, member: PlanMember, actor: User) -> HouseholdPlan:
    plan = _require_director(member.plan, actor)
    member = PlanMember.objects.get(pk=member.pk)
    if member.person_id is not None:
        raise ValidationError(
            gettext("A member from the report stays in the plan; correct their details instead.")
        )
    name = member.name
    member.delete()
    _changed(
        plan,
        actor=actor,
        change=gettext("Member removed: %(name)s") % {"name": name},
        detail="member_remove",
        at=timezone.now(),
    )
    return plan


@transaction.atomic
def assessment_set(
    *,
    plan: HouseholdPlan,
    actor: User,
    member: PlanMember,
    domain: LifeDomain,
    problems: str = "",
    question: str = "",
    self_reliance: int | None = None,
) -> DomainAssessment | None:
    """Record problems, question for help and self-reliance (1-5) of a member on a life domain.

    All three empty removes the assessment (the domain is then not assessed).
    """
    plan = _require_director(plan, actor)
    _member_of(plan, member)
    errors: dict[str, list[str]] = {}
    if member.kind != MemberKind.HOUSEHOLD:
        errors["member"] = [gettext("Life domains are assessed for household members.")]
    if not domain.active:
        errors["domain"] = [gettext("This life domain is no longer in use.")]
    if self_reliance is not None and not 1 <= self_reliance <= 5:
        errors["self_reliance"] = [gettext("Self-reliance is a score from 1 to 5.")]
    _raise(errors)
    existing = DomainAssessment.objects.filter(member=member, domain=domain).first()
    problems, question = problems.strip(), question.strip()
    result: DomainAssessment | None
    if not problems and not question and self_reliance is None:
        if existing is None:
            raise ValidationError(gettext("Fill in problems, question or self-reliance."))
        existing.delete()
        result = None
    else:
        result = existing or DomainAssessment(plan=plan, member=member, domain=domain)
        result.problems = problems
        result.question = question
        result.self_reliance = self_reliance
        result.save()
    _changed(
        plan,
        actor=actor,
        change=gettext("Life domain %(domain)s of %(name)s assessed")
        % {"domain": domain.name, "name": member.name},
        detail="assessment",
        at=timezone.now(),
    )
    return result


# --- the safety plan -------------------------------------------------------------------------


def _validate_watcher(
    plan: HouseholdPlan, organisation: Organisation | None, name: str
) -> dict[str, list[str]]:
    if organisation is None and not name.strip():
        return {
            "watcher_name": [
                gettext("Say who watches this condition: an organisation or a person.")
            ]
        }
    if organisation is not None and organisation.region_id != plan.lead_organisation.region_id:
        return {"watcher_organisation": [gettext("Choose an organisation of the plan's region.")]}
    return {}


@transaction.atomic
def safety_condition_save(
    *,
    plan: HouseholdPlan,
    actor: User,
    description: str,
    condition: SafetyCondition | None = None,
    watcher_organisation: Organisation | None = None,
    watcher_name: str = "",
) -> SafetyCondition:
    """Add a condition to the safety plan, or change one (e.g. say who watches a carried-over
    condition). Who watches is required: an organisation, or a person by name."""
    plan = _require_director(plan, actor)
    plan = HouseholdPlan.objects.select_related("lead_organisation").get(pk=plan.pk)
    errors = _validate_watcher(plan, watcher_organisation, watcher_name)
    if not description.strip():
        errors["description"] = [gettext("Describe the condition.")]
    if condition is not None:
        if condition.plan_id != plan.pk:
            raise ValidationError(gettext("This condition is not part of this plan."))
        if condition.ended_at is not None:
            errors.setdefault("description", []).append(gettext("This condition has ended."))
    _raise(errors)
    created = condition is None
    if condition is None:
        condition = SafetyCondition(plan=plan)
    condition.description = description.strip()
    condition.watcher_organisation = watcher_organisation
    condition.watcher_name = watcher_name.strip()
    condition.save()
    _changed(
        plan,
        actor=actor,
        change=(
            gettext("Safety condition added") if created else gettext("Safety condition changed")
        ),
        detail="safety_condition_add" if created else "safety_condition_change",
        at=timezone.now(),
    )
    return condition


@transaction.atomic
def safety_condition_end(*, condition: SafetyCondition, actor: User) -> SafetyCondition:
    plan = _require_director(condition.plan, actor)
    condition = SafetyCondition.objects.get(pk=condition.pk)
    if condition.ended_at is not None:
        raise ValidationError(gettext("This condition has already ended."))
    now = timezone.now()
    condition.ended_at = now
    condition.save(update_fields=["ended_at"])
    _changed(
        plan,
        actor=actor,
        change=gettext("Safety condition ended"),
        detail="safety_condition_end",
        at=now,
    )
    return condition


# --- intended results and tasks --------------------------------------------------------------


@transaction.atomic
def result_add(
    *, plan: HouseholdPlan, actor: User, phase: str, result_for: str, description: str
) -> IntendedResult:
    plan = _require_director(plan, actor)
    errors: dict[str, list[str]] = {}
    if phase not in Phase.values:
        errors["phase"] = [gettext("Choose the phase.")]
    if result_for not in ResultFor.values:
        errors["result_for"] = [gettext("Say for whom the result is.")]
    if not description.strip():
        errors["description"] = [gettext("Describe the intended result.")]
    _raise(errors)
    result = IntendedResult.objects.create(
        plan=plan, phase=phase, result_for=result_for, description=description.strip()
    )
    _changed(
        plan,
        actor=actor,
        change=gettext("Intended result added"),
        detail="result_add",
        at=timezone.now(),
    )
    return result


@transaction.atomic
def result_remove(*, result: IntendedResult, actor: User) -> HouseholdPlan:
    plan = _require_director(result.plan, actor)
    IntendedResult.objects.filter(pk=result.pk).delete()
    _changed(
        plan,
        actor=actor,
        change=gettext("Intended result removed"),
        detail="result_remove",
        at=timezone.now(),
    )
    return plan


@transaction.atomic
def task_add(
    *,
    plan: HouseholdPlan,
    actor: User,
    phase: str,
    description: str,
    organisation: Organisation | None,
    due_on: date | None,
    domain: LifeDomain | None = None,
    professional: User | None = None,
    professional_name: str = "",
    contact: str = "",
) -> PlanTask:
    """Who does what by when: an organisation taking part and a due date are required. An
    MDA++ team gets no task: it watches the agreements and gives no care itself."""
    plan = _require_director(plan, actor)
    errors: dict[str, list[str]] = {}
    if phase not in Phase.values:
        errors["phase"] = [gettext("Choose the phase.")]
    if not description.strip():
        errors["description"] = [gettext("Describe what has to be done.")]
    if organisation is None:
        errors["organisation"] = [gettext("Say which organisation does this.")]
    elif organisation.kind == OrganisationKind.MDA:
        errors["organisation"] = [
            gettext(
                "An MDA++ team watches the agreements and gives no care: give the task to an "
                "organisation that helps."
            )
        ]
    elif not _participating(plan, organisation):
        errors["organisation"] = [
            gettext("This organisation does not take part in the plan: add it first.")
        ]
    if due_on is None:
        errors["due_on"] = [gettext("Give the due date.")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [gettext("The due date lies in the past.")]
    if domain is not None and not domain.active:
        errors["domain"] = [gettext("This life domain is no longer in use.")]
    if professional is not None and (
        organisation is None
        or professional.organisation_id != organisation.pk
        or professional.role != Role.CHAIN_PROFESSIONAL
        or not professional.is_active
    ):
        errors["professional"] = [
            gettext("The professional must work at the organisation that does the task.")
        ]
    _raise(errors)
    assert organisation is not None and due_on is not None
    task = PlanTask.objects.create(
        plan=plan,
        phase=phase,
        domain=domain,
        description=description.strip(),
        organisation=organisation,
        professional=professional,
        professional_name=professional_name.strip(),
        contact=contact.strip(),
        due_on=due_on,
    )
    _changed(
        plan,
        actor=actor,
        change=gettext("Task added for %(organisation)s") % {"organisation": organisation.name},
        detail="task_add",
        at=timezone.now(),
    )
    return task


def _lock_open_task(task: PlanTask) -> PlanTask:
    task = (
        PlanTask.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=task.pk)
    )
    if task.done_at is not None or task.cancelled:
        raise ValidationError(gettext("This task is already done or cancelled."))
    return task


@transaction.atomic
def task_complete(*, task: PlanTask, actor: User) -> PlanTask:
    """Mark a task done: the director, or a professional of the organisation that does it."""
    plan = _lock(task.plan)
    own = (
        actor.role == Role.CHAIN_PROFESSIONAL
        and actor.organisation_id is not None
        and actor.organisation_id == task.organisation_id
        and is_participant(actor, plan)
    )
    if not can_edit(actor, plan) and not own:
        raise ValidationError(
            gettext("Only the director or the organisation that does the task marks it done.")
        )
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(gettext("This plan is closed and can no longer be changed."))
    task = _lock_open_task(task)
    now = timezone.now()
    task.done_at = now
    task.save(update_fields=["done_at"])
    _changed(plan, actor=actor, change=gettext("Task done"), detail="task_complete", at=now)
    return task


@transaction.atomic
def task_cancel(*, task: PlanTask, actor: User, reason: str) -> PlanTask:
    plan = _require_director(task.plan, actor)
    if not reason.strip():
        raise ValidationError({"reason": [gettext("Say why the task is cancelled.")]})
    task = _lock_open_task(task)
    task.cancelled = True
    task.save(update_fields=["cancelled"])
    _changed(
        plan,
        actor=actor,
        change=gettext("Task cancelled: %(reason)s") % {"reason": reason.strip()},
        detail="task_cancel",
        at=timezone.now(),
    )
    return task


# --- evaluation moments and the client's involvement -----------------------------------------


@transaction.atomic
def evaluation_plan(
    *, plan: HouseholdPlan, actor: User, planned_on: date | None
) -> EvaluationMoment:
    plan = _require_director(plan, actor)
    if planned_on is None:
        raise ValidationError({"planned_on": [gettext("Give the date of the evaluation.")]})
    if planned_on < timezone.localdate():
        raise ValidationError({"planned_on": [gettext("An evaluation is planned from today on.")]})
    moment = EvaluationMoment.objects.create(plan=plan, planned_on=planned_on)
    _changed(
        plan,
        actor=actor,
        change=gettext("Evaluation planned"),
        detail="evaluation_plan",
        at=timezone.now(),
    )
    return moment


@transaction.atomic
def evaluation_record(
    *, evaluation: EvaluationMoment, actor: User, held_on: date | None, conclusion: str
) -> EvaluationMoment:
    plan = _require_director(evaluation.plan, actor)
    evaluation = EvaluationMoment.objects.select_for_update().get(pk=evaluation.pk)
    errors: dict[str, list[str]] = {}
    if evaluation.held_on is not None:
        raise ValidationError(gettext("This evaluation has already been recorded."))
    if held_on is None:
        errors["held_on"] = [gettext("Give the date the evaluation was held.")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [gettext("An evaluation is recorded once it was held.")]
    if not conclusion.strip():
        errors["conclusion"] = [gettext("Write down the conclusion.")]
    _raise(errors)
    evaluation.held_on = held_on
    evaluation.conclusion = conclusion.strip()
    evaluation.save(update_fields=["held_on", "conclusion"])
    _changed(
        plan,
        actor=actor,
        change=gettext("Evaluation held"),
        detail="evaluation_record",
        at=timezone.now(),
    )
    return evaluation


@transaction.atomic
def involvement_record(
    *,
    plan: HouseholdPlan,
    actor: User,
    member: PlanMember,
    how_involved: str,
    view: str,
    agreement: str,
    signed: bool = False,
    representative_name: str = "",
) -> ClientInvolvement:
    """How a member (or, with ``representative_name``, their legal representative) was involved
    in the plan, their view and whether they agree (signed, or their recorded opinion)."""
    plan = _require_director(plan, actor)
    _member_of(plan, member)
    errors: dict[str, list[str]] = {}
    if member.kind != MemberKind.HOUSEHOLD:
        errors["member"] = [gettext("Involvement is recorded for household members.")]
    if not how_involved.strip():
        errors["how_involved"] = [gettext("Say how the client was involved.")]
    if not view.strip():
        errors["view"] = [gettext("Record the client's view.")]
    if agreement not in Agreement.values:
        errors["agreement"] = [gettext("Say whether the client agrees.")]
    _raise(errors)
    row = ClientInvolvement.objects.create(
        plan=plan,
        member=member,
        representative_name=representative_name.strip(),
        how_involved=how_involved.strip(),
        view=view.strip(),
        agreement=agreement,
        signed=signed,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    _changed(
        plan,
        actor=actor,
        change=gettext("Involvement of %(name)s recorded") % {"name": member.name},
        detail="involvement",
        at=row.recorded_at,
    )
    return row


# --- participants and direction --------------------------------------------------------------

#: Organisations that take part in a plan: chain partners (not Veilig Thuis, which monitors
#: from its own file, and not a municipality's policy staff).
PARTICIPANT_KINDS = frozenset(OrganisationKind.values) - {
    OrganisationKind.VEILIG_THUIS,
    OrganisationKind.MUNICIPALITY,
}


@transaction.atomic
def participant_add(
    *, plan: HouseholdPlan, actor: User, organisation: Organisation | None
) -> PlanParticipant:
    plan = _require_director(plan, actor)
    plan = HouseholdPlan.objects.select_related("lead_organisation").get(pk=plan.pk)
    if organisation is None:
        raise ValidationError({"organisation": [gettext("Choose an organisation.")]})
    if organisation.region_id != plan.lead_organisation.region_id:
        raise ValidationError(
            {"organisation": [gettext("Choose an organisation of the plan's region.")]}
        )
    if organisation.kind not in PARTICIPANT_KINDS:
        raise ValidationError(
            {"organisation": [gettext("This kind of organisation does not take part in a plan.")]}
        )
    now = timezone.now()
    participant = PlanParticipant.objects.filter(plan=plan, organisation=organisation).first()
    if participant is not None and participant.left_at is None:
        raise ValidationError(
            {"organisation": [gettext("This organisation already takes part in the plan.")]}
        )
    if participant is None:
        participant = PlanParticipant.objects.create(
            plan=plan, organisation=organisation, joined_at=now
        )
    else:
        participant.joined_at, participant.left_at = now, None
        participant.save(update_fields=["joined_at", "left_at"])
    _changed(
        plan,
        actor=actor,
        change=gettext("%(organisation)s takes part") % {"organisation": organisation.name},
        detail="participant_add",
        at=now,
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: PlanParticipant, actor: User) -> PlanParticipant:
    plan = _require_director(participant.plan, actor)
    participant = PlanParticipant.objects.select_related("organisation").get(pk=participant.pk)
    if participant.left_at is not None:
        raise ValidationError(gettext("This organisation no longer takes part."))
    if participant.organisation_id == plan.lead_organisation_id:
        raise ValidationError(gettext("The lead organisation stays in the plan."))
    if plan.tasks.filter(
        organisation_id=participant.organisation_id, done_at__isnull=True, cancelled=False
    ).exists():
        raise ValidationError(
            gettext("This organisation still has open tasks: complete or cancel them first.")
        )
    now = timezone.now()
    participant.left_at = now
    participant.save(update_fields=["left_at"])
    _changed(
        plan,
        actor=actor,
        change=gettext("%(organisation)s no longer takes part")
        % {"organisation": participant.organisation.name},
        detail="participant_remove",
        at=now,
    )
    return participant


@transaction.atomic
def case_director_change(
    *, plan: HouseholdPlan, actor: User, director: User | None, reason: str
) -> HouseholdPlan:
    """The director hands case direction to a chain professional of a participating
    organisation (``plan_direction_set`` with kind case_director)."""
    plan = _require_director(plan, actor)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [gettext("Say why the case director changes.")]
    if director is None:
        errors["director"] = [gettext("Choose the new case director.")]
    elif director.pk == plan.case_director_id:
        errors["director"] = [gettext("This professional already is the case director.")]
    elif (
        director.organisation is None
        or director.role != Role.CHAIN_PROFESSIONAL
        or not _participating(plan, director.organisation)
    ):
        errors["director"] = [
            gettext("The case director works at an organisation that takes part in the plan.")
        ]
    _raise(errors)
    assert director is not None
    return plan_direction_set(
        plan=plan,
        kind=DirectionKind.CASE_DIRECTOR,
        director=director,
        actor=actor,
        reason=reason.strip(),
    )


# --- activation and closing ------------------------------------------------------------------


def activation_problems(plan: HouseholdPlan, *, today: date) -> list[str]:
    """Why ``plan`` cannot be activated yet (empty: it can). Shown on the plan page too."""
    problems = []
    if plan.case_director_id is None:
        problems.append(gettext("The plan has no case director."))
    if (
        not plan.safety_conditions.filter(ended_at__isnull=True)
        .exclude(watcher_organisation__isnull=True, watcher_name="")
        .exists()
    ):
        problems.append(
            gettext(
                "The safety plan is empty: record at least one safety condition and who watches it."
            )
        )
    if plan.safety_conditions.filter(
        ended_at__isnull=True, watcher_organisation__isnull=True, watcher_name=""
    ).exists():
        problems.append(gettext("Say who watches every safety condition."))
    rows = list(plan.involvement.values_list("member_id", "representative_name"))
    own = {m for m, rep in rows if not rep}
    represented = {m for m, rep in rows if rep}
    for member in plan.members.filter(kind=MemberKind.HOUSEHOLD).order_by("pk"):
        if member.date_of_birth is None:
            problems.append(
                gettext(
                    "The date of birth of %(name)s is not known: record it, so the age rules "
                    "for involvement can be checked."
                )
                % {"name": member.name}
            )
            continue
        age = age_on(member.date_of_birth, today)
        if age >= INVOLVED_FROM_AGE and member.pk not in own:
            problems.append(
                gettext("%(name)s (%(age)s) is 12 or older: record how they were involved.")
                % {"name": member.name, "age": age}
            )
        if age < REPRESENTATIVE_UNDER_AGE and member.pk not in represented:
            problems.append(
                gettext("%(name)s (%(age)s) is under 16: record the legal representative's view.")
                % {"name": member.name, "age": age}
            )
    return problems


@transaction.atomic
def plan_activate(*, plan: HouseholdPlan, actor: User) -> HouseholdPlan:
    plan = _require_director(plan, actor)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(gettext("Only a draft plan can be activated."))
    problems = activation_problems(plan, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    plan.status = PlanStatus.ACTIVE
    plan.activated_at = now
    plan.save(update_fields=["status", "activated_at"])
    _changed(plan, actor=actor, change=gettext("Plan activated"), detail="activate", at=now)
    return plan


@transaction.atomic
def plan_close(*, plan: HouseholdPlan, actor: User, reason: str) -> HouseholdPlan:
    plan = _require_director(plan, actor)
    if not reason.strip():
        raise ValidationError({"reason": [gettext("Say why the plan is closed.")]})
    now = timezone.now()
    plan.status = PlanStatus.CLOSED
    plan.closed_at = now
    plan.close_reason = reason.strip()
    plan.save(update_fields=["status", "closed_at", "close_reason"])
    _changed(plan, actor=actor, change=gettext("Plan closed"), detail="close", at=now)
    return plan


# --- participation reports and notes ---------------------------------------------------------
# These are messages about the plan, not its content: they keep their own rows (shown in the
# plan's feed) and write no plan version.


@transaction.atomic
def participation_report(
    *, plan: HouseholdPlan, actor: User, kind: str, note: str = ""
) -> ParticipationReport:
    """A participating organisation tells the director that help started, ended, was broken off,
    that the client repeatedly did not show up, moved to another worker, or proposes other
    help."""
    plan = _lock(plan)
    if (
        actor.role != Role.CHAIN_PROFESSIONAL
        or actor.organisation is None
        or not _participating(plan, actor.organisation)
    ):
        raise ValidationError(
            gettext("Only a professional of a participating organisation reports on the plan.")
        )
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(gettext("This plan is closed and can no longer be changed."))
    errors: dict[str, list[str]] = {}
    if kind not in ParticipationKind.values:
        errors["kind"] = [gettext("Choose what you report.")]
    elif kind in NEEDS_ANSWER and not note.strip():
        errors["note"] = [gettext("Explain this report: the director has to answer it.")]
    _raise(errors)
    report = ParticipationReport.objects.create(
        plan=plan,
        organisation=actor.organisation,
        kind=kind,
        note=note.strip(),
        reported_by=actor,
        reported_at=timezone.now(),
    )
    _log_change(plan, actor=actor, detail=f"participation_report {kind}")
    return report


@transaction.atomic
def participation_handle(
    *, report: ParticipationReport, actor: User, response: str
) -> ParticipationReport:
    plan = _require_director(report.plan, actor)
    report = ParticipationReport.objects.select_for_update().get(pk=report.pk)
    if report.handled_at is not None:
        raise ValidationError(gettext("This report has already been handled."))
    if not response.strip():
        raise ValidationError({"response": [gettext("Write your response.")]})
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.response = response.strip()
    report.save(update_fields=["handled_by", "handled_at", "response"])
    _log_change(plan, actor=actor, detail="participation_handle")
    return report


@transaction.atomic
def plan_note_add(
    *, plan: HouseholdPlan, actor: User, text: str, internal: bool = True
) -> PlanNote:
    """A note; an internal note is seen only by the writer's own organisation."""
    plan = _lock(plan)
    if not is_participant(actor, plan) or actor.organisation is None:
        raise ValidationError(gettext("Only professionals taking part write notes on the plan."))
    if not text.strip():
        raise ValidationError({"text": [gettext("Write the note.")]})
    note = PlanNote.objects.create(
        plan=plan,
        organisation=actor.organisation,
        author=actor,
        written_at=timezone.now(),
        text=text.strip(),
        internal=internal,
    )
    _log_change(plan, actor=actor, detail="note")
    return note
