"""Pages of the escalation ladder: the desk's queue, one escalation, and the forms around it.

Need-to-know: every page starts from ``plans.selectors.plans_visible_to`` (404 outside reach);
a form is shown, and its POST accepted, only for who may do that action (403 otherwise); the
services check the rules again and write nothing on bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.deadlines import end_of_day
from ketenzicht.common.forms import call_service, forged_fields
from ketenzicht.escalation import forms as ef
from ketenzicht.escalation import ladder, selectors, services
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import (
    DirectionFailureReport,
    Escalation,
    FailureStatus,
    StepKind,
)
from ketenzicht.organisations.access import AuthenticatedHttpRequest, receiver_required
from ketenzicht.plans.models import HouseholdPlan
from ketenzicht.plans.selectors import is_participant, plan_for_page, plans_visible_to


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
        detail=detail,
    )


def _plan_or_404(request: AuthenticatedHttpRequest, plan_id: int) -> HouseholdPlan:
    try:
        return plan_for_page(request.user, plan_id)
    except HouseholdPlan.DoesNotExist as exc:
        raise Http404 from exc


def _escalation_or_404(request: AuthenticatedHttpRequest, pk: int) -> Escalation:
    try:
        return selectors.escalation_for_page(request.user, pk)
    except Escalation.DoesNotExist as exc:
        raise Http404 from exc


def _answer(
    request: AuthenticatedHttpRequest,
    template: str,
    context: dict[str, Any],
    form: forms.BaseForm | None,
) -> HttpResponse:
    if request.method != "POST" or form is None:
        return render(request, template, context)
    forged = bool(forged_fields(form))
    response = render(request, template, context, status=400 if forged else 422)
    return refused(response) if forged else response


# --- the desk's queue ------------------------------------------------------------------------


@receiver_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.desk_of_user(request.user) is None:
        raise PermissionDenied
    now = timezone.now()
    rows = selectors.desk_queue(request.user, now=now)
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        case_ids=sorted({row.plan.case_id for row in rows}),
        household_ids=sorted({row.plan.household_id for row in rows}),
        detail="escalation desk queue",
    )
    return render(request, "escalation/queue.html", {"rows": rows, "now": now})


# --- one escalation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A form on the escalation page: who may use it, its form, and the service it calls."""

    title: Any
    allowed: Callable[[Any, Escalation], bool]
    form: Callable[..., forms.BaseForm]
    run: Callable[[Any, Escalation, dict[str, Any]], Any]
    button: Any


def _open(e: Escalation) -> bool:
    return e.is_open


def _steer(u: Any, e: Escalation) -> bool:
    return e.is_open and services.may_steer(u, e)


def _desk(u: Any, e: Escalation) -> bool:
    return e.is_open and services.is_desk_staff(u, e.desk_id)


def _director(u: Any, e: Escalation) -> bool:
    return e.is_open and services.is_process_director(u, e.plan)


def _has_appointment(e: Escalation) -> bool:
    try:
        return e.appointment is not None
    except Escalation.appointment.RelatedObjectDoesNotExist:
        return False


def _options(e: Escalation) -> tuple[int, ...]:
    return tuple(ladder.allowed_next(Step(e.current_step), urgent=e.urgent, serious=e.serious))


ACTIONS: dict[str, Action] = {
    "advance": Action(
        title=gettext_lazy("Next step"),
        allowed=lambda u, e: _steer(u, e) and bool(_options(e)),
        form=lambda e, data=None: ef.AdvanceForm(data, options=_options(e), prefix="advance"),
        run=lambda u, e, d: services.escalation_advance(
            escalation=e, actor=u, outcome=d["outcome"], to_step=d["to_step"]
        ),
        button=gettext_lazy("Record the outcome and go to the next step"),
    ),
    "agreement": Action(
        title=gettext_lazy("Agreement of the meeting"),
        allowed=lambda u, e: _steer(u, e) and e.current_step == Step.MEETING,
        form=lambda e, data=None: ef.AgreementForm(data, escalation=e, prefix="agreement"),
        run=lambda u, e, d: services.meeting_agreements_record(
            escalation=e,
            actor=u,
            agreements=[
                services.AgreementInput(
                    organisation=d["organisation"], what=d["what"], due_on=d["due_on"]
                )
            ],
        ),
        button=gettext_lazy("Record the agreement"),
    ),
    "appoint": Action(
        title=gettext_lazy("Appoint a process director"),
        allowed=lambda u, e: (
            _desk(u, e) and e.current_step >= Step.PROCESS_DIRECTOR and not _has_appointment(e)
        ),
        form=lambda e, data=None: ef.AppointForm(data, escalation=e, prefix="appoint"),
        run=lambda u, e, d: services.process_director_appoint(
            escalation=e, actor=u, director=d["director"], reason=d["reason"]
        ),
        button=gettext_lazy("Appoint"),
    ),
    "binding": Action(
        title=gettext_lazy("Binding decision (doorzettingsmacht)"),
        allowed=_director,
        form=lambda e, data=None: ef.BindingDecisionForm(data, escalation=e, prefix="binding"),
        run=lambda u, e, d: services.binding_decision_record(
            escalation=e,
            actor=u,
            organisation=d["organisation"],
            what=d["what"],
            due_on=d["due_on"],
        ),
        button=gettext_lazy("Require the organisation to act"),
    ),
    "compliance": Action(
        title=gettext_lazy("Was the binding decision complied with?"),
        allowed=lambda u, e: (
            _director(u, e) and any(d.complied is None for d in e.binding_decisions.all())
        ),
        form=lambda e, data=None: ef.ComplianceForm(data, escalation=e, prefix="compliance"),
        run=lambda u, e, d: services.binding_decision_compliance_record(
            decision=d["decision"], actor=u, complied=d["complied"], note=d["note"]
        ),
        button=gettext_lazy("Record"),
    ),
    "urgent_call": Action(
        title=gettext_lazy("Call an urgent care meeting"),
        allowed=lambda u, e: (
            e.urgent
            and (_desk(u, e) or _director(u, e))
            and not any(m.held_on is None for m in e.urgent_meetings.all())
        ),
        form=lambda e, data=None: forms.Form(data, prefix="urgent_call"),
        run=lambda u, e, d: services.urgent_care_meeting_call(escalation=e, actor=u),
        button=gettext_lazy("Call an urgent care meeting (within 2 working days)"),
    ),
    "urgent_record": Action(
        title=gettext_lazy("Urgent care meeting held"),
        allowed=lambda u, e: (
            (_desk(u, e) or _director(u, e))
            and any(m.held_on is None for m in e.urgent_meetings.all())
        ),
        form=lambda e, data=None: ef.UrgentRecordForm(data, escalation=e, prefix="urgent_record"),
        run=lambda u, e, d: services.urgent_care_meeting_record(
            meeting=d["meeting"], actor=u, held_on=d["held_on"], outcome=d["outcome"]
        ),
        button=gettext_lazy("Record the meeting"),
    ),
    "administrative": Action(
        title=gettext_lazy("Administrative decision"),
        allowed=lambda u, e: _desk(u, e) and e.current_step == Step.ADMINISTRATIVE,
        form=lambda e, data=None: ef.AdministrativeDecisionForm(
            data, escalation=e, prefix="administrative"
        ),
        run=lambda u, e, d: services.administrative_decision_record(
            escalation=e,
            actor=u,
            official_name=d["official_name"],
            official_function=d["official_function"],
            municipality=d["municipality"],
            oral_decision_at=d["oral_decision_at"],
            text=d["text"],
        ),
        button=gettext_lazy("Record the oral decision"),
    ),
    "confirm": Action(
        title=gettext_lazy("Written confirmation of the decision"),
        allowed=lambda u, e: (
            services.is_desk_staff(u, e.desk_id)
            and any(d.confirmed_at is None for d in e.administrative_decisions.all())
        ),
        form=lambda e, data=None: ef.AdministrativeConfirmForm(
            data, escalation=e, prefix="confirm"
        ),
        run=lambda u, e, d: services.administrative_decision_confirm(
            decision=d["decision"],
            actor=u,
            written_reference=d["written_reference"],
            confirmed_at=d["confirmed_at"],
        ),
        button=gettext_lazy("Record the written confirmation"),
    ),
    "resolve": Action(
        title=gettext_lazy("Close the escalation"),
        allowed=_steer,
        form=lambda e, data=None: ef.ResolveForm(data, prefix="resolve"),
        run=lambda u, e, d: services.escalation_resolve(
            escalation=e, actor=u, reason=d["reason"], withdrawn=d["withdrawn"]
        ),
        button=gettext_lazy("Close the escalation"),
    ),
}


def _detail(
    request: AuthenticatedHttpRequest,
    escalation: Escalation,
    *,
    bound: tuple[str, forms.BaseForm] | None = None,
) -> HttpResponse:
    user, now = request.user, timezone.now()
    shown = []
    for name, action in ACTIONS.items():
        if not action.allowed(user, escalation):
            continue
        form = bound[1] if bound and bound[0] == name else action.form(escalation)
        shown.append(
            {
                "name": name,
                "action": action,
                "form": form,
                "url": reverse(f"escalation:{name}", args=[escalation.pk]),
            }
        )
    _log_view(request, escalation.plan, f"escalation {escalation.pk}")
    context = {
        "escalation": escalation,
        "plan": escalation.plan,
        "rungs": selectors.ladder_rungs(escalation, now=now),
        "appointment": escalation.appointment if _has_appointment(escalation) else None,
        "now": now,
        "actions": shown,
        "urgent_meetings": [
            (m, ladder.is_missed(m.due_at, now=now, done_at=_end_of(m.held_on)))
            for m in escalation.urgent_meetings.all()
        ],
        "administrative_decisions": [
            (d, services.confirmation_late(d, now=now))
            for d in escalation.administrative_decisions.all()
        ],
    }
    return _answer(request, "escalation/detail.html", context, bound[1] if bound else None)


def _end_of(day: Any) -> Any:
    return None if day is None else end_of_day(day)


@receiver_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _escalation_or_404(request, pk))


def action_view(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    escalation = _escalation_or_404(request, pk)
    if request.method != "POST":
        return redirect("escalation:detail", pk=escalation.pk)
    spec = ACTIONS[action]
    if not spec.allowed(request.user, escalation):
        raise PermissionDenied
    form = spec.form(escalation, request.POST)
    if form.is_valid() and call_service(
        form, lambda: spec.run(request.user, escalation, form.cleaned_data) or True
    ):
        messages.success(request, _("Saved."))
        return redirect("escalation:detail", pk=escalation.pk)
    escalation = _escalation_or_404(request, pk)
    return _detail(request, escalation, bound=(action, form))


action_view = receiver_required(action_view)


# --- from a plan: raise, report failing direction, hand back ---------------------------------


@receiver_required
def raise_stagnation(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not is_participant(request.user, plan):
        raise PermissionDenied
    form = ef.RaiseForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        escalation = call_service(
            form,
            services.stagnation_raise,
            plan=plan,
            actor=request.user,
            stalls=form.cleaned_data["stalls"],
            stalled_organisations=form.cleaned_data["stalled_organisations"],
            urgent=form.cleaned_data["urgent"],
            serious=form.cleaned_data["serious"],
        )
        if escalation is not None:
            messages.success(request, _("The stagnation was put to the process-direction desk."))
            return redirect("escalation:detail", pk=escalation.pk)
    _log_view(request, plan, f"raise stagnation on plan {plan.pk}")
    context = {
        "plan": plan,
        "form": form,
        "title": _("Report a stagnation"),
        "intro": _(
            "Help stalls? The ladder starts with advice from the process-direction desk; the desk "
            "then takes part in the plan."
        ),
        "button": _("Report the stagnation"),
    }
    return _answer(request, "escalation/form.html", context, form)


@receiver_required
def failure_new(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not is_participant(request.user, plan) or request.user.pk == plan.case_director_id:
        raise PermissionDenied
    form = ef.FailureReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form,
            services.direction_failure_report,
            plan=plan,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        if report is not None:
            messages.success(request, _("The desk was told that direction fails."))
            return redirect("plans:detail", plan.pk)
    _log_view(request, plan, f"direction failure form on plan {plan.pk}")
    context = {
        "plan": plan,
        "form": form,
        "title": _("Report that direction fails"),
        "intro": _(
            "The process-direction desk looks at the report and reassigns direction or rejects "
            "the report with a reason."
        ),
        "button": _("Send to the desk"),
    }
    return _answer(request, "escalation/form.html", context, form)


@receiver_required
def failure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        report = DirectionFailureReport.objects.select_related(
            "plan__lead_organisation", "reporter", "director", "resolved_by", "reassigned_to"
        ).get(pk=pk, plan__in=plans_visible_to(request.user))
    except DirectionFailureReport.DoesNotExist as exc:
        raise Http404 from exc
    may_resolve = report.status == FailureStatus.OPEN and services.is_desk_staff(
        request.user, report.desk_id
    )
    form = ef.FailureResolveForm(request.POST or None, plan=report.plan)
    if request.method == "POST":
        if not may_resolve:
            raise PermissionDenied
        if form.is_valid():
            reassign = form.cleaned_data["decision"] == "reassign"
            done = call_service(
                form,
                services.direction_failure_resolve,
                report=report,
                actor=request.user,
                reassign_to=form.cleaned_data["reassign_to"] if reassign else None,
                rejection_reason="" if reassign else form.cleaned_data["rejection_reason"],
            )
            if done is not None:
                messages.success(request, _("The report was resolved."))
                return redirect("escalation:failure_detail", pk=report.pk)
    _log_view(request, report.plan, f"direction failure report {report.pk}")
    context = {"report": report, "plan": report.plan, "form": form if may_resolve else None}
    return _answer(request, "escalation/failure_detail.html", context, form)


@receiver_required
def hand_back(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    if not services.is_process_director(request.user, plan):
        raise PermissionDenied
    form = ef.HandBackForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.direction_hand_back,
            plan=plan,
            actor=request.user,
            director=form.cleaned_data["director"],
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Direction was handed back."))
            return redirect("plans:detail", plan.pk)
    _log_view(request, plan, f"hand back direction of plan {plan.pk}")
    context = {
        "plan": plan,
        "form": form,
        "title": _("Hand direction back"),
        "intro": _("Hand direction back to a regular case director as soon as possible."),
        "button": _("Hand direction back"),
    }
    return _answer(request, "escalation/form.html", context, form)


STEP_LABELS = dict(StepKind.choices)
