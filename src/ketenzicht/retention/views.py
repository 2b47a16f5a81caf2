"""Retention pages: erasure requests (Veilig Thuis), destroyed files, break-glass access
(administrators) and its report (the privacy officer).

Views are thin: a role check, a selector within the user's reach (404 otherwise), a form, one
service.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.selectors import cases_visible_to
from ketenzicht.common.forms import call_service, forged_fields
from ketenzicht.intake.models import Person
from ketenzicht.organisations.access import AuthenticatedHttpRequest, roles_required, vt_required
from ketenzicht.organisations.models import Role
from ketenzicht.retention import services, terms
from ketenzicht.retention.forms import BreakGlassForm, ErasureDecisionForm, ErasureRequestForm
from ketenzicht.retention.selectors import (
    break_glass_report,
    erasure_request_queue,
    erasure_requests_visible_to,
    grants_of,
    tombstones_visible_to,
)

View = Callable[..., HttpResponse]
privacy_required = roles_required(Role.PRIVACY_OFFICER)
tombstones_required = roles_required(
    Role.INTAKE_WORKER, Role.VT_WORKER, Role.TEAM_LEAD, Role.PRIVACY_OFFICER
)


def administrator_required(view: View) -> View:
    """Administrators work for no organisation of the chain; the role alone decides."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or getattr(user, "role", "") != Role.ADMINISTRATOR:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any
) -> HttpResponse:
    """A form page: 200, or after a post with errors 422; 400 (logged as a refusal) when the
    post holds a value the page never offered (``common.forms.forged_fields``)."""
    if request.method != "POST":
        return render(request, template, context)
    if forged_fields(form):
        return refused(render(request, template, context, status=400))
    return render(request, template, context, status=422)


# --- erasure requests ------------------------------------------------------------------------


@vt_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(erasure_request_queue(request.user), 25).get_page(request.GET.get("page"))
    rows = [
        (
            item,
            item.is_open and terms.is_overdue(item.due_on, today),
            terms.days_left(item.due_on, today),
        )
        for item in page.object_list
    ]
    return render(request, "retention/requests.html", {"page": page, "rows": rows})


@vt_required
def request_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(cases_visible_to(request.user).select_related("report"), pk=pk)
    persons = Person.objects.filter(involvements__report_id=case.report_id).order_by("pk")
    data = request.POST if request.method == "POST" else None
    form = ErasureRequestForm(data, persons=persons, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        item = call_service(
            form,
            lambda: services.erasure_request_register(
                case=case,
                person=d["person"],
                requester_relation=d["requester_relation"],
                requester_name=d["requester_name"],
                received_on=d["received_on"],
                note=d["note"],
                actor=request.user,
                request=request,
            ),
        )
        if item is not None:
            messages.success(
                request,
                _("The erasure request was registered; decide by %(due)s.")
                % {"due": item.due_on.strftime("%d-%m-%Y")},
            )
            return redirect("retention:request_detail", pk=item.pk)
    # The form lists the people of the file by name: that is a look at them.
    access_record(
        request=request,
        action=AccessAction.VIEW,
        case_ids=(case.pk,),
        person_ids=[p.pk for p in persons],
        household_ids=(case.report.household_id,),
        detail="erasure request form",
    )
    return _form_page(request, "retention/request_form.html", {"case": case, "form": form}, form)


@vt_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(erasure_requests_visible_to(request.user), pk=pk)
    user = request.user
    can_decide = item.is_open and user.is_team_lead and item.registered_by_id != user.pk
    form = ErasureDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            decided = call_service(
                form,
                lambda: services.erasure_request_decide(
                    erasure_request=item,
                    actor=user,
                    grant=d["decision"] == "grant",
                    other_interest=d["other_interest"] == "yes",
                    other_interest_reason=d["other_interest_reason"],
                    reason=d["reason"],
                    request=request,
                ),
            )
            if decided is not None:
                if decided.tombstone is not None:
                    messages.success(
                        request,
                        _("The request was granted and file %(ref)s destroyed.")
                        % {"ref": decided.tombstone.reference},
                    )
                else:
                    messages.success(request, _("The request was refused."))
                return redirect("retention:requests")
    elif item.person_id is not None:
        access_record(
            request=request,
            action=AccessAction.VIEW,
            case_ids=(item.case_id,) if item.case_id else (),
            person_ids=(item.person_id,),
            detail=f"erasure request {item.reference}",
        )
    today = timezone.localdate()
    context = {
        "item": item,
        "form": form,
        "can_decide": can_decide,
        "overdue": item.is_open and terms.is_overdue(item.due_on, today),
        "days_left": terms.days_left(item.due_on, today),
    }
    return _form_page(request, "retention/request_detail.html", context, form)


@tombstones_required
def tombstone_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(tombstones_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "retention/tombstones.html", {"page": page})


# --- break-glass -----------------------------------------------------------------------------


@administrator_required
def break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        grant = call_service(
            form,
            lambda: services.breakglass_open(
                user=request.user,
                case_reference=form.cleaned_data["case_reference"],
                reason=form.cleaned_data["reason"],
                request=request,
            ),
        )
        if grant is not None:
            return redirect("casework:detail", pk=grant.case_id)
    context = {
        "form": form,
        "grants": list(grants_of(request.user)[:20]),
        "now": timezone.now(),
        "minutes": services.break_glass_minutes(),
        "min_length": services.BREAK_GLASS_REASON_MIN_LENGTH,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "retention/break_glass.html", context, status=status)


@privacy_required
def break_glass_report_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(break_glass_report(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request, "retention/break_glass_report.html", {"page": page, "now": timezone.now()}
    )
