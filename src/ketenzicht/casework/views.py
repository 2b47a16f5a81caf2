"""Case pages: the work queue, the case file, its actions, and the receiver's handover inbox.

Views are thin: a selector finds the case within the user's reach (404 otherwise), a form shapes
the input, one service does the work (see ``services.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework import exports as queue_exports
from ketenzicht.casework import services
from ketenzicht.casework.forms import (
    DECISION_LABELS,
    INVESTIGATION_OUTCOME_LABELS,
    MONITORING_OUTCOME_LABELS,
    AssessmentForm,
    AssignForm,
    HandoverOfferForm,
    InvestigationConcludeForm,
    MonitoringForm,
    NoteForm,
    RestrainingOrderEndForm,
    RestrainingOrderExtendForm,
    RestrainingOrderForm,
    ReviewForm,
    TaskCompleteForm,
    VVCompleteForm,
)
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.models import (
    Case,
    HandoverStatus,
    RestrainingOrder,
    Task,
)
from ketenzicht.casework.radar import radar_for_case
from ketenzicht.casework.selectors import (
    QUEUE_VIEWS,
    active_grant,
    case_by_reference,
    case_for_page,
    cases_visible_to,
    handover_for_receiver,
    handovers_for_organisation,
    queue_rows,
    state_counts_for_region,
    work_queue,
)
from ketenzicht.casework.states import Action, State, allowed_actions
from ketenzicht.common.exports import csv_bytes, xlsx_bytes
from ketenzicht.common.forms import ReasonForm, call_service, forged_fields
from ketenzicht.common.models import closing_days
from ketenzicht.common.pagination import CappedPaginator
from ketenzicht.organisations.access import (
    AuthenticatedHttpRequest,
    policy_required,
    receiver_required,
    vt_required,
)
from ketenzicht.organisations.models import Role

EVENT_LABELS = {
    "registered": gettext_lazy("Report registered"),
    "converted_from_advice": gettext_lazy("Converted from an advice request"),
    "assigned": gettext_lazy("Assigned"),
    Action.ASSESSMENT_PROPOSE: gettext_lazy("Safety assessment recorded, decision proposed"),
    Action.REVIEW_APPROVE: gettext_lazy("Decision approved by the second reviewer"),
    Action.REVIEW_REJECT: gettext_lazy("Decision rejected by the second reviewer"),
    "handover_offered": gettext_lazy("Handover offered"),
    Action.VV_COMPLETE: gettext_lazy("V&V completed"),
    "investigation_started": gettext_lazy("Investigation started"),
    Action.INVESTIGATION_CONCLUDE: gettext_lazy("Investigation concluded"),
    Action.HANDOVER_OFFER: gettext_lazy("Handover offered again"),
    Action.HANDOVER_ACCEPT: gettext_lazy("Handover accepted"),
    Action.HANDOVER_REFUSE: gettext_lazy("Handover refused"),
    Action.CASE_REASSESS: gettext_lazy("Back to safety assessment"),
    Action.MONITORING_RECORD: gettext_lazy("Monitoring moment recorded"),
    Action.CASE_CLOSE: gettext_lazy("Case closed"),
    Action.CASE_REOPEN: gettext_lazy("Case reopened"),
    "task_done": gettext_lazy("Task done"),
    "task_extended": gettext_lazy("Term extended"),
    "restraining_order_registered": gettext_lazy("Restraining order recorded"),
    "restraining_order_extended": gettext_lazy("Restraining order extended"),
    "restraining_order_ended": gettext_lazy("Restraining order ended"),
    "erasure_request_registered": gettext_lazy("Erasure request registered"),
    "erasure_request_refused": gettext_lazy("Erasure request refused"),
}
QUEUE_TITLES = {
    "mine": gettext_lazy("My cases"),
    "team": gettext_lazy("My team"),
    "overdue": gettext_lazy("Overdue"),
    "week": gettext_lazy("Due this week"),
    "review": gettext_lazy("Awaiting review"),
}


@vt_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    reference = request.GET.get("q", "").strip()
    if reference:
        found = case_by_reference(request.user, reference)
        if found is not None:
            return redirect("casework:detail", pk=found.pk)
        messages.error(
            request,
            _("No case %(ref)s within your reach. Use a case number (Z…) or report number (M…).")
            % {"ref": reference},
        )
    view = request.GET.get("view", "mine")
    if view not in QUEUE_VIEWS:
        view = "mine"
    today, now = timezone.localdate(), timezone.now()
    cases = work_queue(request.user, view=view, today=today, now=now)
    page = CappedPaginator(cases, 25).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    rows = queue_rows(shown, today=today, now=now, closed=closing_days())
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        case_ids=[case.pk for case in shown],
        detail=f"work queue {view}, page {page.number}",
    )
    context = {
        "page": page,
        "rows": rows,
        "view": view,
        "views": [(key, QUEUE_TITLES[key]) for key in QUEUE_VIEWS],
        "title": QUEUE_TITLES[view],
    }
    return render(request, "casework/queue.html", context)


@vt_required
def queue_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue view (same ``view`` filter as the page, every page of it) as CSV or XLSX
    (``format``); formula-injection-safe, and logged as an export of those cases and people."""
    fmt = request.GET.get("format", "csv")
    if fmt not in queue_exports.FORMATS:
        return refused(HttpResponseBadRequest(_("Unknown export format.")))
    view = request.GET.get("view", "mine")
    if view not in QUEUE_VIEWS:
        view = "mine"
    today, now = timezone.localdate(), timezone.now()
    cases = list(
        queue_exports.with_people(work_queue(request.user, view=view, today=today, now=now))[
            : queue_exports.MAX_ROWS + 1
        ]
    )
    if len(cases) > queue_exports.MAX_ROWS:
        messages.error(
            request,
            _("This queue holds more than %(max)s cases: choose a smaller view to export.")
            % {"max": f"{queue_exports.MAX_ROWS:,}".replace(",", ".")},
        )
        return redirect(f"{reverse('casework:queue')}?view={view}")
    rows = queue_rows(cases, today=today, now=now, closed=closing_days())
    header, table = queue_exports.queue_table(rows)
    if fmt == "csv":
        data, count = csv_bytes(header, table)
    else:
        data, count = xlsx_bytes(header, table, sheet=_("Work queue"))
    filename = queue_exports.export_filename(view, today, fmt)
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        case_ids=tuple(case.pk for case in cases),
        person_ids=tuple(
            sorted({inv.person_id for case in cases for inv in case.report.involved.all()})
        ),
        household_ids=tuple(sorted({case.report.household_id for case in cases})),
        detail=f"export {filename} ({count} rows)",
    )
    response = HttpResponse(data, content_type=queue_exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The case file, for its Veilig Thuis; read-only for an administrator under break-glass."""
    user = request.user
    grant = None
    if not user.is_authenticated or not user.is_vt:
        if not user.is_authenticated or user.role != Role.ADMINISTRATOR:
            raise PermissionDenied
        grant = active_grant(user, pk)
        if grant is None:
            raise PermissionDenied
    try:
        case = case_for_page(user, pk)
    except Case.DoesNotExist:
        return render(request, "404.html", status=404)
    state = State(case.state)
    allowed = allowed_actions(state)
    involved = list(case.report.involved.all())
    # Break-glass shows this one file only: no radar of other files, no actions.
    radar = None
    if grant is None:
        radar = radar_for_case(
            case,
            involved=involved,
            windows=services.current_terms().parsed_repeat_report_months(),
            now=timezone.now(),
        )
        access_record(
            request=request,
            action=AccessAction.VIEW,
            case_ids=(case.pk,),
            person_ids=[i.person_id for i in involved],
            household_ids=(case.report.household_id,),
            detail="case page",
        )
    else:
        access_record(
            request=request,
            action=AccessAction.BREAK_GLASS,
            case_ids=(case.pk,),
            person_ids=tuple(i.person_id for i in involved),
            household_ids=(case.report.household_id,),
            detail="case page (break-glass)",
        )
    assessments = list(case.assessments.all())
    pending_review = assessments[0] if assessments and assessments[0].reviewed_at is None else None
    context = {
        "case": case,
        "report": case.report,
        "involved": involved,
        "radar": radar,
        "events": [(e, EVENT_LABELS.get(e.kind, e.kind)) for e in case.events.all()],
        "tasks": list(case.tasks.all()),
        "assessments": assessments,
        "pending_review": pending_review,
        "can_review": pending_review is not None
        and user.is_team_lead
        and pending_review.proposed_by_id != user.pk,
        "handovers": list(case.handovers.all()),
        "checks": list(case.monitoring_checks.all()),
        "orders": list(case.restraining_orders.all()),
        "allowed": {a.value for a in allowed},
        "state_labels": STATE_LABELS,
        "decision_labels": DECISION_LABELS,
        "investigation_labels": INVESTIGATION_OUTCOME_LABELS,
        "monitoring_labels": MONITORING_OUTCOME_LABELS,
        "now": timezone.now(),
        "break_glass": grant,
    }
    return render(request, "casework/case_detail.html", context)


# --- actions on a case -----------------------------------------------------------------------


def _case_action(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    form_factory: Callable[[Case, Any], forms.Form],
    run: Callable[[Case, dict[str, Any], Any], Any],
    title: str,
    intro: str = "",
    done: str,
    submit: str | None = None,
) -> HttpResponse:
    case = get_object_or_404(
        cases_visible_to(request.user).select_related("report__municipality", "organisation"),
        pk=pk,
    )
    form = form_factory(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = call_service(form, lambda: run(case, form.cleaned_data, request.user))
        if result is not None:
            messages.success(request, done)
            return redirect("casework:detail", pk=case.pk)
    access_record(
        request=request, action=AccessAction.VIEW, case_ids=(case.pk,), detail="case action form"
    )
    status = 422 if request.method == "POST" else 200
    forged = request.method == "POST" and bool(forged_fields(form))
    context = {
        "case": case,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit or _("Save"),
    }
    response = render(request, "casework/action.html", context, status=400 if forged else status)
    return refused(response) if forged else response


@vt_required
def case_assign_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: AssignForm(data, organisation_id=case.organisation_id),
        run=lambda case, d, user: services.case_assign(
            case=case, assignee=d["assignee"], actor=user
        ),
        title=_("Assign case"),
        done=_("The case was assigned."),
    )


@vt_required
def assessment_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: AssessmentForm(data, region_id=case.organisation.region_id),
        run=lambda case, d, user: services.assessment_propose(
            case=case,
            actor=user,
            acute_unsafety=d["acute_unsafety"],
            structural_unsafety=d["structural_unsafety"],
            risk_factors=list(d["risk_factors"]),
            considerations=d["considerations"],
            outcome=d["outcome"],
            decision=d["decision"],
            handover_target=d["handover_target"],
            handover_organisation=d["handover_organisation"],
            safety_conditions=d["safety_conditions"],
        ),
        title=_("Safety assessment"),
        intro=_(
            "Judge safety with the structured instrument and propose a decision. A team lead "
            "reviews it (four-eyes principle) before it takes effect."
        ),
        done=_("The safety assessment was recorded; it now awaits the second reviewer."),
        submit=_("Propose decision"),
    )


@vt_required
def assessment_review_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: ReviewForm(data),
        run=lambda case, d, user: services.assessment_review(
            case=case, reviewer=user, approve=d["verdict"] == "approve", comment=d["comment"]
        ),
        title=_("Review the decision (second reviewer)"),
        intro=_("You judge the proposed decision as the second professional."),
        done=_("Your review was recorded."),
    )


@vt_required
def vv_complete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: VVCompleteForm(data, region_id=case.organisation.region_id),
        run=lambda case, d, user: services.vv_complete(
            case=case,
            actor=user,
            safety_conditions=d["safety_conditions"],
            summary=d["summary"],
            handover_target=d["handover_target"],
            handover_organisation=d["handover_organisation"],
        ),
        title=_("Complete Voorwaarden en vervolg"),
        intro=_("Record the agreed safety conditions and hand over the follow-up help."),
        done=_("V&V was completed and the handover offered."),
    )


@vt_required
def investigation_start_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: NoteForm(data),
        run=lambda case, d, user: services.investigation_start(case=case, actor=user),
        title=_("Start the investigation"),
        done=_("The investigation was started."),
        submit=_("Start investigation"),
    )


@vt_required
def investigation_conclude_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: InvestigationConcludeForm(
            data, region_id=case.organisation.region_id
        ),
        run=lambda case, d, user: services.investigation_conclude(
            case=case,
            actor=user,
            outcome=d["outcome"],
            conclusion=d["conclusion"],
            handover_target=d["handover_target"],
            handover_organisation=d["handover_organisation"],
            safety_conditions=d["safety_conditions"],
            summary=d["summary"],
        ),
        title=_("Conclude the investigation"),
        done=_("The investigation was concluded."),
    )


@vt_required
def handover_offer_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: HandoverOfferForm(
            data, region_id=case.organisation.region_id
        ),
        run=lambda case, d, user: services.handover_offer(
            case=case,
            actor=user,
            target=d["handover_target"],
            organisation=d["handover_organisation"],
            summary=d["summary"],
            safety_conditions=d["safety_conditions"],
        ),
        title=_("Offer the handover again"),
        done=_("The handover was offered."),
    )


def _reason_action(
    service: Callable[..., Any], title: Any, done: Any
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    @vt_required
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        return _case_action(
            request,
            pk,
            form_factory=lambda case, data: ReasonForm(data),
            run=lambda case, d, user: service(case=case, actor=user, reason=d["reason"]),
            title=title,
            done=done,
        )

    return view


case_reassess_view = _reason_action(
    services.case_reassess, gettext_lazy("Assess again"), gettext_lazy("Back to assessment.")
)
case_close_view = _reason_action(
    services.case_close, gettext_lazy("Close the case"), gettext_lazy("The case was closed.")
)
case_reopen_view = _reason_action(
    services.case_reopen, gettext_lazy("Reopen the case"), gettext_lazy("The case was reopened.")
)


@vt_required
def monitoring_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: MonitoringForm(data),
        run=lambda case, d, user: services.monitoring_record(case=case, actor=user, **d),
        title=_("Monitoring moment"),
        intro=_(
            "Were the safety conditions met, did that lead to direct and then stable safety, "
            "and is there attention for recovery from harm?"
        ),
        done=_("The monitoring moment was recorded."),
    )


@vt_required
def restraining_order_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_action(
        request,
        pk,
        form_factory=lambda case, data: RestrainingOrderForm(data, case=case),
        run=lambda case, d, user: services.restraining_order_register(case=case, actor=user, **d),
        title=_("Record a restraining order (tijdelijk huisverbod)"),
        done=_("The restraining order was recorded."),
    )


def _order_action(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    run: Callable[[RestrainingOrder, dict[str, Any], Any], Any],
    title: str,
    done: str,
) -> HttpResponse:
    order = get_object_or_404(
        RestrainingOrder.objects.filter(case__in=cases_visible_to(request.user)), pk=pk
    )
    return _case_action(
        request,
        order.case_id,
        form_factory=lambda case, data: form_class(data),
        run=lambda case, d, user: run(order, d, user),
        title=title,
        done=done,
    )


@vt_required
def restraining_order_extend_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        RestrainingOrderExtendForm,
        lambda order, d, user: services.restraining_order_extend(order=order, actor=user, **d),
        _("Extend the restraining order"),
        _("The restraining order was extended."),
    )


@vt_required
def restraining_order_end_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _order_action(
        request,
        pk,
        RestrainingOrderEndForm,
        lambda order, d, user: services.restraining_order_end(order=order, actor=user, **d),
        _("End the restraining order"),
        _("The restraining order was ended."),
    )


def _task_action(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    run: Callable[[Task, dict[str, Any], Any], Any],
    title: str,
    done: str,
) -> HttpResponse:
    task = get_object_or_404(Task.objects.filter(case__in=cases_visible_to(request.user)), pk=pk)
    return _case_action(
        request,
        task.case_id,
        form_factory=lambda case, data: form_class(data),
        run=lambda case, d, user: run(task, d, user),
        title=f"{title}: {task.get_kind_display()}",
        done=done,
    )


@vt_required
def task_complete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _task_action(
        request,
        pk,
        TaskCompleteForm,
        lambda task, d, user: services.task_complete(task=task, actor=user, outcome=d["outcome"]),
        _("Record"),
        _("The task was recorded as done."),
    )


@vt_required
def task_extend_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _task_action(
        request,
        pk,
        ReasonForm,
        lambda task, d, user: services.task_extend(task=task, actor=user, reason=d["reason"]),
        _("Extend the term"),
        _("The term was extended by two weeks."),
    )


# --- the receiving organisation ------------------------------------------------------------


@receiver_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(handovers_for_organisation(request.user), 25).get_page(request.GET.get("page"))
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        case_ids=[handover.case_id for handover in page.object_list],
        detail=f"handover inbox, page {page.number}",
    )
    return render(request, "casework/inbox.html", {"page": page, "offered": HandoverStatus.OFFERED})


@receiver_required
def handover_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handover = _receiver_handover(request, pk)
    report = handover.case.report
    context = {
        "handover": handover,
        "report": report,
        "involved": list(report.involved.all()),
        "accept_form": NoteForm(),
        "refuse_form": ReasonForm(),
    }
    _log_handover_page(request, handover, context["involved"])
    return render(request, "casework/handover_detail.html", context)


def _log_handover_page(
    request: AuthenticatedHttpRequest, handover: Any, involved: list[Any]
) -> None:
    access_record(
        request=request,
        action=AccessAction.VIEW,
        case_ids=(handover.case_id,),
        person_ids=[i.person_id for i in involved],
        household_ids=(handover.case.report.household_id,),
        detail="handover page",
    )


def _receiver_handover(request: AuthenticatedHttpRequest, pk: int) -> Any:
    try:
        return handover_for_receiver(request.user, pk)
    except handovers_for_organisation(request.user).model.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


def _handover_response(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    run: Callable[..., Any],
    done: str,
) -> HttpResponse:
    handover = _receiver_handover(request, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, lambda: run(handover, form.cleaned_data, request.user)) is not None
    ):
        messages.success(request, done)
        return redirect("casework:inbox")
    report = handover.case.report
    context = {
        "handover": handover,
        "report": report,
        "involved": list(report.involved.all()),
        "accept_form": form if form_class is NoteForm else NoteForm(),
        "refuse_form": form if form_class is ReasonForm else ReasonForm(),
    }
    _log_handover_page(request, handover, context["involved"])
    status = 422 if request.method == "POST" else 200
    return render(request, "casework/handover_detail.html", context, status=status)


@receiver_required
def handover_accept_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _handover_response(
        request,
        pk,
        NoteForm,
        lambda h, d, user: services.handover_accept(handover=h, actor=user, note=d["note"]),
        _("You accepted the handover."),
    )


@receiver_required
def handover_refuse_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _handover_response(
        request,
        pk,
        ReasonForm,
        lambda h, d, user: services.handover_refuse(handover=h, actor=user, reason=d["reason"]),
        _("You refused the handover; it returns to Veilig Thuis."),
    )


# --- policy officers: aggregates only --------------------------------------------------------


SMALL_NUMBER = 5


@policy_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = state_counts_for_region(request.user)
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(str(row["report__municipality__name"]), {})[str(row["state"])] = int(
            row["n"]  # type: ignore[call-overload]
        )
    states = [s for s in State]
    lines = [
        (name, [_shown(counts.get(s.value, 0)) for s in states])
        for name, counts in sorted(table.items())
    ]
    context = {
        "states": [STATE_LABELS[s] for s in states],
        "lines": lines,
        "small": SMALL_NUMBER,
    }
    return render(request, "casework/overview.html", context)


def _shown(count: int) -> str:
    """Small numbers are not shown exactly (they could point at a family)."""
    if count == 0:
        return "0"
    return f"<{SMALL_NUMBER}" if count < SMALL_NUMBER else str(count)
