"""Household plan pages: my plans and the director's queue, the plan, its forms, versions,
feed. Views are thin: a selector finds the plan within reach (404 otherwise), a form shapes the
input, one service writes (``services.py``). Every page that shows a person is logged (VIEW);
the services log their changes (EDIT).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.selectors import handovers_for_organisation
from ketenzicht.common.forms import ReasonForm, call_service, forged_fields
from ketenzicht.organisations.access import (
    AuthenticatedHttpRequest,
    receiver_required,
    roles_required,
)
from ketenzicht.organisations.models import Role, User
from ketenzicht.plans import services, versions
from ketenzicht.plans.forms import (
    ApproachForm,
    AssessmentForm,
    ConditionForm,
    ConfirmForm,
    DirectorForm,
    EvaluationPlanForm,
    EvaluationRecordForm,
    HandleForm,
    InvolvementForm,
    MemberForm,
    ParticipantForm,
    ParticipationReportForm,
    PlanNoteForm,
    ResultForm,
    TaskForm,
)
from ketenzicht.plans.models import (
    Agreement,
    ClientInvolvement,
    DomainAssessment,
    EvaluationMoment,
    HouseholdPlan,
    IntendedResult,
    LifeDomain,
    MemberKind,
    ParticipationReport,
    Phase,
    PlanMember,
    PlanParticipant,
    PlanStatus,
    PlanTask,
    PlanVersion,
    ResultFor,
    SafetyCondition,
)
from ketenzicht.plans.selectors import (
    can_edit,
    director_queue,
    is_participant,
    notes_visible_to,
    plan_feed,
    plan_for_page,
    plan_list,
    plans_visible_to,
)

#: Who opens plan pages at all: chain professionals (their plans) and Veilig Thuis roles (the
#: plans of their own cases, read-only). Everyone else gets 403; a plan outside reach is 404.
plan_roles_required = roles_required(
    Role.CHAIN_PROFESSIONAL, Role.INTAKE_WORKER, Role.VT_WORKER, Role.TEAM_LEAD
)

SECTION_LABELS = {
    "plan": gettext_lazy("Plan"),
    "participants": gettext_lazy("Participating organisations"),
    "members": gettext_lazy("Members and support network"),
    "safety_conditions": gettext_lazy("Safety plan"),
    "results": gettext_lazy("Intended results"),
    "tasks": gettext_lazy("Tasks"),
    "assessments": gettext_lazy("Life domains"),
    "evaluations": gettext_lazy("Evaluation moments"),
    "involvement": gettext_lazy("Client involvement"),
}
FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "case_director": gettext_lazy("Case director"),
    "process_director": gettext_lazy("Process director"),
    "approach": gettext_lazy("Approach"),
    "kind": gettext_lazy("Kind"),
    "name": gettext_lazy("Name"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "relation": gettext_lazy("Relation"),
    "contact": gettext_lazy("Contact details"),
    "member": gettext_lazy("Member"),
    "domain": gettext_lazy("Life domain"),
    "problems": gettext_lazy("Problems"),
    "question": gettext_lazy("Question for help"),
    "self_reliance": gettext_lazy("Self-reliance"),
    "description": gettext_lazy("Description"),
    "watcher": gettext_lazy("Watched by"),
    "from_handover": gettext_lazy("From Veilig Thuis"),
    "ended": gettext_lazy("Ended"),
    "phase": gettext_lazy("Phase"),
    "for": gettext_lazy("For"),
    "organisation": gettext_lazy("Organisation"),
    "professional": gettext_lazy("Professional"),
    "due_on": gettext_lazy("Due date"),
    "done": gettext_lazy("Done"),
    "cancelled": gettext_lazy("Cancelled"),
    "planned_on": gettext_lazy("Planned on"),
    "held_on": gettext_lazy("Held on"),
    "conclusion": gettext_lazy("Conclusion"),
    "representative": gettext_lazy("Legal representative"),
    "how_involved": gettext_lazy("How involved"),
    "view": gettext_lazy("View"),
    "agreement": gettext_lazy("Agreement"),
    "signed": gettext_lazy("Signed"),
}
STATUS_LABELS = {
    versions.ADDED: gettext_lazy("Added"),
    versions.REMOVED: gettext_lazy("Removed"),
    versions.CHANGED: gettext_lazy("Changed"),
    versions.SAME: gettext_lazy("Unchanged"),
}
CODE_LABELS: dict[str, dict[str, Any]] = {
    "status": dict(PlanStatus.choices),
    "kind": dict(MemberKind.choices),
    "phase": dict(Phase.choices),
    "for": dict(ResultFor.choices),
    "agreement": dict(Agreement.choices),
}


# --- plumbing --------------------------------------------------------------------------------


def _person_ids(plan: HouseholdPlan) -> list[int]:
    return [
        pid
        for pid in plan.members.filter(person__isnull=False).values_list("person_id", flat=True)
        if pid is not None
    ]


def _log_view(request: AuthenticatedHttpRequest, plan: HouseholdPlan, detail: str) -> None:
    access_record(
        request=request,
        action=AccessAction.VIEW,
        case_ids=(plan.case_id,),
        person_ids=_person_ids(plan),
        household_ids=(plan.household_id,),
        detail=f"plan {plan.pk}: {detail}",
    )


def _plan_or_404(request: AuthenticatedHttpRequest, pk: int) -> HouseholdPlan:
    try:
        return plan_for_page(request.user, pk)
    except HouseholdPlan.DoesNotExist:
        raise Http404 from None


def _in_reach(request: AuthenticatedHttpRequest, model: Any, pk: int) -> Any:
    """An object of a plan within reach (404 otherwise)."""
    return get_object_or_404(model.objects.filter(plan__in=plans_visible_to(request.user)), pk=pk)


def _director_only(user: User, plan: HouseholdPlan) -> bool:
    return can_edit(user, plan)


def _plan_action(
    request: AuthenticatedHttpRequest,
    plan_id: int,
    *,
    form_factory: Callable[[HouseholdPlan, Any], forms.Form],
    run: Callable[[HouseholdPlan, dict[str, Any], User], Any],
    title: str,
    done: str,
    anchor: str,
    allowed: Callable[[User, HouseholdPlan], bool] = _director_only,
    intro: str = "",
    submit: str | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not allowed(request.user, plan):
        raise PermissionDenied
    form = form_factory(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = call_service(form, lambda: run(plan, form.cleaned_data, request.user))
        if result is not None:
            messages.success(request, done)
            return redirect(f"{reverse('plans:detail', args=[plan.pk])}#{anchor}")
    _log_view(request, plan, "plan form")
    forged = request.method == "POST" and bool(forged_fields(form))
    status = 400 if forged else 422 if request.method == "POST" else 200
    page = {
        "plan": plan,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit or _("Save"),
        "anchor": anchor,
        **(context or {}),
    }
    response = render(request, "plans/action.html", page, status=status)
    return refused(response) if forged else response


# --- my plans and the director's queue -------------------------------------------------------


@receiver_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    plans = list(plan_list(request.user, today=today)[:200])
    queue = director_queue(request.user, today=today)
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        case_ids=[p.case_id for p in plans],
        household_ids=[p.household_id for p in plans],
        detail="household plans and director's queue",
    )
    context = {"plans": plans, "queue": queue, "today": today}
    return render(request, "plans/index.html", context)


@receiver_required
def plan_create_view(request: AuthenticatedHttpRequest, handover: int) -> HttpResponse:
    found = get_object_or_404(
        handovers_for_organisation(request.user).select_related(
            "case__report__household", "case__report__municipality"
        ),
        pk=handover,
    )
    existing = HouseholdPlan.objects.filter(handover=found).first()
    if existing is not None:
        return redirect("plans:detail", pk=existing.pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan = call_service(form, lambda: services.plan_create(handover=found, actor=request.user))
        if plan is not None:
            messages.success(
                request, _("The household plan was drawn up; you are its case director.")
            )
            return redirect("plans:detail", pk=plan.pk)
    involved = list(found.case.report.involved.select_related("person").order_by("pk"))
    access_record(
        request=request,
        action=AccessAction.VIEW,
        case_ids=(found.case_id,),
        person_ids=[i.person_id for i in involved],
        household_ids=(found.case.report.household_id,),
        detail="plan create page",
    )
    context = {
        "handover": found,
        "involved": involved,
        "conditions": services.split_conditions(found.safety_conditions),
        "form": form,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "plans/create.html", context, status=status)


# --- the plan page ---------------------------------------------------------------------------


def _member_rows(
    members: list[PlanMember], domains: list[LifeDomain], today: Any
) -> list[dict[str, Any]]:
    rows = []
    for member in members:
        by_domain = {a.domain_id: a for a in member.assessments.all()}
        rows.append(
            {
                "member": member,
                "age": services.age_on(member.date_of_birth, today)
                if member.date_of_birth
                else None,
                "cells": [(domain, by_domain.get(domain.pk)) for domain in domains],
                "involvement": list(member.involvement.all()),
            }
        )
    return rows


@plan_roles_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    user = request.user
    today = timezone.localdate()
    members = list(
        plan.members.prefetch_related(
            Prefetch("assessments", queryset=DomainAssessment.objects.select_related("domain")),
            Prefetch("involvement", queryset=ClientInvolvement.objects.order_by("pk")),
        )
    )
    domains = list(LifeDomain.objects.filter(active=True))
    tasks = list(plan.tasks.select_related("organisation", "professional", "domain"))
    results = list(plan.results.all())
    phases = [
        {
            "code": code,
            "label": label,
            "results": [r for r in results if r.phase == code],
            "tasks": [t for t in tasks if t.phase == code],
        }
        for code, label in Phase.choices
    ]
    editable = can_edit(user, plan) and plan.status != PlanStatus.CLOSED
    participant = is_participant(user, plan)
    conditions = list(plan.safety_conditions.select_related("watcher_organisation"))
    _log_view(request, plan, "plan page")
    context = {
        "plan": plan,
        "today": today,
        "can_edit": editable,
        "is_participant": participant,
        "can_report": plan.status != PlanStatus.CLOSED and _may_report(user, plan),
        "household": _member_rows(
            [m for m in members if m.kind == MemberKind.HOUSEHOLD], domains, today
        ),
        "network": [m for m in members if m.kind == MemberKind.NETWORK],
        "domains": domains,
        "open_conditions": [c for c in conditions if c.ended_at is None],
        "ended_conditions": [c for c in conditions if c.ended_at is not None],
        "safety_phase": phases[0],
        "later_phases": phases[1:],
        "evaluations": list(plan.evaluations.all()),
        "participants": list(
            plan.participants.filter(left_at__isnull=True).select_related("organisation")
        ),
        "reports": list(
            plan.participation_reports.select_related("organisation", "reported_by", "handled_by")[
                :50
            ]
        ),
        "notes": list(notes_visible_to(user, plan)[:50]),
        "problems": services.activation_problems(plan, today=today)
        if plan.status == PlanStatus.DRAFT
        else [],
        "needs_answer": services.NEEDS_ANSWER,
    }
    return render(request, "plans/detail.html", context)


# --- forms of the plan's sections -----------------------------------------------------------


@plan_roles_required
def approach_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ApproachForm(data, initial={"approach": plan.approach}),
        run=lambda plan, d, user: services.plan_approach_set(
            plan=plan, actor=user, approach=d["approach"]
        ),
        title=_("Approach"),
        done=_("The approach was saved."),
        anchor="approach",
    )


def _member_data(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("kind", "name", "date_of_birth", "relation", "contact")}


@plan_roles_required
def member_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: MemberForm(data, initial={"kind": MemberKind.NETWORK}),
        run=lambda plan, d, user: services.plan_member_save(
            plan=plan, actor=user, **_member_data(d)
        ),
        title=_("Add a member or a person of the support network"),
        done=_("The member was added."),
        anchor="members",
    )


@plan_roles_required
def member_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = _in_reach(request, PlanMember, pk)
    fields = ("kind", "name", "date_of_birth", "relation", "contact")
    initial = {k: getattr(member, k) for k in fields}
    return _plan_action(
        request,
        member.plan_id,
        form_factory=lambda plan, data: MemberForm(data, initial=initial),
        run=lambda plan, d, user: services.plan_member_save(
            plan=plan, actor=user, member=member, **_member_data(d)
        ),
        title=_("Change %(name)s") % {"name": member.name},
        done=_("The member was changed."),
        anchor="members",
    )


@plan_roles_required
def member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = _in_reach(request, PlanMember, pk)
    return _plan_action(
        request,
        member.plan_id,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.plan_member_remove(member=member, actor=user),
        title=_("Remove %(name)s from the plan") % {"name": member.name},
        done=_("The member was removed."),
        anchor="members",
        submit=_("Remove"),
    )


@plan_roles_required
def assessment_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = _in_reach(request, PlanMember, pk)
    initial: dict[str, Any] = {}
    domain_id = request.GET.get("domain", "")
    if domain_id.isdigit():
        found = DomainAssessment.objects.filter(member=member, domain_id=int(domain_id)).first()
        initial = {"domain": int(domain_id)}
        if found is not None:
            initial.update(
                problems=found.problems,
                question=found.question,
                self_reliance=found.self_reliance,
            )
    return _plan_action(
        request,
        member.plan_id,
        form_factory=lambda plan, data: AssessmentForm(data, initial=initial),
        run=lambda plan, d, user: services.assessment_set(
            plan=plan,
            actor=user,
            member=member,
            domain=d["domain"],
            problems=d["problems"],
            question=d["question"],
            self_reliance=d["self_reliance"],
        ),
        title=_("Life domains of %(name)s") % {"name": member.name},
        intro=_("Problems, the question for help and self-reliance on one life domain."),
        done=_("The life domain was saved."),
        anchor="domains",
    )


def _condition_run(condition: SafetyCondition | None) -> Callable[..., Any]:
    return lambda plan, d, user: services.safety_condition_save(
        plan=plan,
        actor=user,
        condition=condition,
        description=d["description"],
        watcher_organisation=d["watcher_organisation"],
        watcher_name=d["watcher_name"],
    )


@plan_roles_required
def condition_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ConditionForm(data, plan=plan),
        run=_condition_run(None),
        title=_("Add a safety condition"),
        done=_("The safety condition was added."),
        anchor="safety",
    )


@plan_roles_required
def condition_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = _in_reach(request, SafetyCondition, pk)
    initial = {
        "description": condition.description,
        "watcher_organisation": condition.watcher_organisation_id,
        "watcher_name": condition.watcher_name,
    }
    return _plan_action(
        request,
        condition.plan_id,
        form_factory=lambda plan, data: ConditionForm(data, plan=plan, initial=initial),
        run=_condition_run(condition),
        title=_("Safety condition and who watches it"),
        done=_("The safety condition was saved."),
        anchor="safety",
    )


@plan_roles_required
def condition_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = _in_reach(request, SafetyCondition, pk)
    return _plan_action(
        request,
        condition.plan_id,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.safety_condition_end(condition=condition, actor=user),
        title=_("End a safety condition"),
        intro=condition.description,
        done=_("The safety condition was ended."),
        anchor="safety",
        submit=_("End the condition"),
    )


@plan_roles_required
def result_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phase = request.GET.get("phase", Phase.SAFETY)
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ResultForm(data, initial={"phase": phase}),
        run=lambda plan, d, user: services.result_add(plan=plan, actor=user, **d),
        title=_("Add an intended result"),
        done=_("The intended result was added."),
        anchor=f"phase-{phase}",
    )


@plan_roles_required
def result_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _in_reach(request, IntendedResult, pk)
    return _plan_action(
        request,
        result.plan_id,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.result_remove(result=result, actor=user),
        title=_("Remove an intended result"),
        intro=result.description,
        done=_("The intended result was removed."),
        anchor=f"phase-{result.phase}",
        submit=_("Remove"),
    )


@plan_roles_required
def task_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phase = request.GET.get("phase", Phase.SAFETY)
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: TaskForm(data, plan=plan, initial={"phase": phase}),
        run=lambda plan, d, user: services.task_add(plan=plan, actor=user, **d),
        title=_("Add a task"),
        intro=_("Who does what by when: an organisation taking part and a due date."),
        done=_("The task was added."),
        anchor=f"phase-{phase}",
    )


def _may_complete(task: PlanTask) -> Callable[[User, HouseholdPlan], bool]:
    def allowed(user: User, plan: HouseholdPlan) -> bool:
        own = user.organisation_id == task.organisation_id and is_participant(user, plan)
        return can_edit(user, plan) or own

    return allowed


@plan_roles_required
def task_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = _in_reach(request, PlanTask, pk)
    return _plan_action(
        request,
        task.plan_id,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.task_complete(task=task, actor=user),
        title=_("Mark a task done"),
        intro=task.description,
        done=_("The task was marked done."),
        anchor=f"phase-{task.phase}",
        allowed=_may_complete(task),
        submit=_("Done"),
    )


@plan_roles_required
def task_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = _in_reach(request, PlanTask, pk)
    return _plan_action(
        request,
        task.plan_id,
        form_factory=lambda plan, data: ReasonForm(data),
        run=lambda plan, d, user: services.task_cancel(task=task, actor=user, reason=d["reason"]),
        title=_("Cancel a task"),
        intro=task.description,
        done=_("The task was cancelled."),
        anchor=f"phase-{task.phase}",
    )


@plan_roles_required
def evaluation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: EvaluationPlanForm(data),
        run=lambda plan, d, user: services.evaluation_plan(
            plan=plan, actor=user, planned_on=d["planned_on"]
        ),
        title=_("Plan an evaluation moment"),
        done=_("The evaluation moment was planned."),
        anchor="evaluations",
    )


@plan_roles_required
def evaluation_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = _in_reach(request, EvaluationMoment, pk)
    return _plan_action(
        request,
        evaluation.plan_id,
        form_factory=lambda plan, data: EvaluationRecordForm(
            data, initial={"held_on": timezone.localdate()}
        ),
        run=lambda plan, d, user: services.evaluation_record(
            evaluation=evaluation, actor=user, held_on=d["held_on"], conclusion=d["conclusion"]
        ),
        title=_("Record the evaluation"),
        done=_("The evaluation was recorded."),
        anchor="evaluations",
    )


@plan_roles_required
def involvement_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member_id = request.GET.get("member", "")
    initial = {"member": int(member_id)} if member_id.isdigit() else {}
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: InvolvementForm(data, plan=plan, initial=initial),
        run=lambda plan, d, user: services.involvement_record(plan=plan, actor=user, **d),
        title=_("Record the client's involvement"),
        intro=_(
            "From 12 a member is involved in the plan; for a member under 16 record the legal "
            "representative's view too."
        ),
        done=_("The involvement was recorded."),
        anchor="involvement",
    )


@plan_roles_required
def participant_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ParticipantForm(data, plan=plan),
        run=lambda plan, d, user: services.participant_add(
            plan=plan, actor=user, organisation=d["organisation"]
        ),
        title=_("Add a participating organisation"),
        done=_("The organisation takes part in the plan."),
        anchor="participants",
    )


@plan_roles_required
def participant_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        PlanParticipant.objects.filter(
            plan__in=plans_visible_to(request.user), left_at__isnull=True
        ).select_related("organisation"),
        pk=pk,
    )
    return _plan_action(
        request,
        participant.plan_id,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.participant_remove(participant=participant, actor=user),
        title=_("%(organisation)s no longer takes part")
        % {"organisation": participant.organisation.name},
        done=_("The organisation no longer takes part."),
        anchor="participants",
        submit=_("Remove"),
    )


@plan_roles_required
def director_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: DirectorForm(data, plan=plan),
        run=lambda plan, d, user: services.case_director_change(
            plan=plan, actor=user, director=d["director"], reason=d["reason"]
        ),
        title=_("Hand over case direction"),
        intro=_("The new case director works at an organisation that takes part in the plan."),
        done=_("The case director was changed."),
        anchor="direction",
    )


@plan_roles_required
def activate_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ConfirmForm(data),
        run=lambda plan, d, user: services.plan_activate(plan=plan, actor=user),
        title=_("Activate the plan"),
        intro=_(
            "An active plan has a case director, a safety plan with who watches each condition, "
            "and the involvement the age rules ask for."
        ),
        done=_("The plan is active."),
        anchor="status",
        submit=_("Activate"),
    )


@plan_roles_required
def close_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ReasonForm(data),
        run=lambda plan, d, user: services.plan_close(plan=plan, actor=user, reason=d["reason"]),
        title=_("Close the plan"),
        done=_("The plan was closed."),
        anchor="status",
    )


# --- participation reports and notes --------------------------------------------------------


def _may_report(user: User, plan: HouseholdPlan) -> bool:
    return (
        is_participant(user, plan)
        and user.organisation_id is not None
        and plan.participants.filter(
            organisation_id=user.organisation_id, left_at__isnull=True
        ).exists()
    )


@plan_roles_required
def report_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: ParticipationReportForm(data),
        run=lambda plan, d, user: services.participation_report(
            plan=plan, actor=user, kind=d["kind"], note=d["note"]
        ),
        title=_("Report to the case director"),
        intro=_(
            "Tell the case director that help started, ended or was broken off, that the "
            "client repeatedly did not show up or moved to another worker, or propose other help."
        ),
        done=_("Your report was sent to the case director."),
        anchor="reports",
        allowed=_may_report,
        submit=_("Send"),
    )


@plan_roles_required
def report_handle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        ParticipationReport.objects.filter(plan__in=plans_visible_to(request.user)).select_related(
            "organisation"
        ),
        pk=pk,
    )
    return _plan_action(
        request,
        report.plan_id,
        form_factory=lambda plan, data: HandleForm(data),
        run=lambda plan, d, user: services.participation_handle(
            report=report, actor=user, response=d["response"]
        ),
        title=_("Answer a report of %(organisation)s") % {"organisation": report.organisation},
        intro=f"{report.get_kind_display()}: {report.note}",
        done=_("Your response was recorded."),
        anchor="reports",
    )


@plan_roles_required
def note_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        form_factory=lambda plan, data: PlanNoteForm(data),
        run=lambda plan, d, user: services.plan_note_add(
            plan=plan, actor=user, text=d["text"], internal=d["internal"]
        ),
        title=_("Write a note"),
        done=_("The note was saved."),
        anchor="notes",
        allowed=is_participant,
    )


# --- versions, comparison, feed --------------------------------------------------------------


def _versions(plan: HouseholdPlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("changed_by").defer("snapshot")


@plan_roles_required
def versions_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    shown = list(_versions(plan)[:200])
    _log_view(request, plan, "plan versions")
    return render(request, "plans/versions.html", {"plan": plan, "versions": shown})


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    labels = CODE_LABELS.get(name)
    if labels is not None and value in labels:
        return str(labels[value])
    return str(value)


def compare_rows(sections: list[versions.SectionDiff]) -> list[dict[str, Any]]:
    """The comparison as table rows for the side-by-side page: per section its items, per item
    its fields with the old and new value and whether the value changed."""
    rows = []
    for section in sections:
        items = []
        for item in section.items:
            if item.status == versions.SAME and section.name != "plan":
                continue
            fields = [
                {
                    "label": FIELD_LABELS.get(f.name, f.name),
                    "old": "" if item.status == versions.ADDED else _shown(f.name, f.old),
                    "new": "" if item.status == versions.REMOVED else _shown(f.name, f.new),
                    "changed": f.changed and item.status == versions.CHANGED,
                }
                for f in item.fields
            ]
            items.append(
                {
                    "label": item.label,
                    "status": item.status,
                    "status_label": STATUS_LABELS[item.status],
                    "fields": fields,
                }
            )
        rows.append(
            {
                "name": section.name,
                "label": SECTION_LABELS.get(section.name, section.name),
                "items": items,
                "changed": section.changed,
            }
        )
    return rows


@plan_roles_required
def compare_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    numbers = [v for v in (request.GET.get("a", ""), request.GET.get("b", "")) if v.isdigit()]
    if len(numbers) == 2:
        a, b = sorted(int(n) for n in numbers)
    else:
        b = plan.version
        a = max(b - 1, 1)
    chosen = plan.versions.select_related("changed_by").filter(number__in=[a, b])
    found = {v.number: v for v in chosen}
    if a not in found or b not in found:
        raise Http404
    old, new = found[a], found[b]
    sections = versions.compare(old.snapshot, new.snapshot)
    _log_view(request, plan, f"plan versions {a} and {b} compared")
    context = {
        "plan": plan,
        "old": old,
        "new": new,
        "rows": compare_rows(sections),
        "summary": versions.summary(sections),
        "numbers": list(range(1, plan.version + 1)),
    }
    return render(request, "plans/compare.html", context)


@plan_roles_required
def feed_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    _log_view(request, plan, "plan feed")
    return render(request, "plans/feed.html", {"plan": plan, "entries": plan_feed(plan)})
