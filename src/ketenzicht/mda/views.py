"""MDA++ pages: the team's list, one trajectory, and its forms (bring in, analysis, review, end).

Need-to-know comes from the plan: a trajectory whose plan the user does not see is 404
(``plans.selectors.plans_visible_to``); who may act is checked here (403) and again in the
services. Every page that shows a household is written to the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.forms import call_service, forged_fields, set_queryset
from ketenzicht.mda import services
from ketenzicht.mda.forms import AnalysisForm, EndForm, ReferForm, ReviewForm
from ketenzicht.mda.models import MdaTrajectory
from ketenzicht.mda.selectors import (
    is_mda_staff,
    review_state,
    team_list_rows,
    teams_for_plan,
    trajectory_for_page,
)
from ketenzicht.organisations.access import AuthenticatedHttpRequest
from ketenzicht.plans.models import HouseholdPlan
from ketenzicht.plans.selectors import can_edit, plan_for_page


def _trajectory(request: AuthenticatedHttpRequest, pk: int) -> MdaTrajectory:
    try:
        return trajectory_for_page(request.user, pk)
    except MdaTrajectory.DoesNotExist:
        raise Http404 from None


def _log(request: AuthenticatedHttpRequest, plan: HouseholdPlan, detail: str) -> None:
    access_record(
        request=request,
        action=AccessAction.VIEW,
        case_ids=(plan.case_id,),
        household_ids=(plan.household_id,),
        detail=detail,
    )


def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_mda_staff(request.user):
        raise PermissionDenied
    rows = team_list_rows(request.user)
    shown = [row["plan"] for group in rows.values() for row in group]
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        case_ids=sorted({plan.case_id for plan in shown}),
        household_ids=sorted({plan.household_id for plan in shown}),
        detail="MDA++ team list",
    )
    return render(request, "mda/list.html", {"rows": rows, "team": request.user.organisation})


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    plan: HouseholdPlan,
    trajectory: MdaTrajectory | None,
    form: forms.Form,
    run: Callable[[dict[str, Any]], Any],
    done: str,
    title: str,
    submit: str,
    intro: str = "",
    redirect_to: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        result = call_service(form, lambda: run(form.cleaned_data))
        if result is not None:
            messages.success(request, done)
            if redirect_to:
                return redirect(redirect_to)
            target = trajectory.pk if trajectory else result.pk
            return redirect("mda:detail", pk=target)
    _log(request, plan, "MDA++ form")
    context = {
        "plan": plan,
        "trajectory": trajectory,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
    }
    if request.method == "POST" and forged_fields(form):
        return refused(render(request, "mda/form.html", context, status=400))
    status = 422 if request.method == "POST" else 200
    return render(request, "mda/form.html", context, status=status)


def refer(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    try:
        plan = plan_for_page(request.user, plan_pk)
    except HouseholdPlan.DoesNotExist:
        raise Http404 from None
    if not can_edit(request.user, plan):
        raise PermissionDenied
    form = ReferForm(request.POST if request.method == "POST" else None)
    set_queryset(form, "team", teams_for_plan(plan))
    return _form_page(
        request,
        plan=plan,
        trajectory=None,
        form=form,
        run=lambda d: services.mda_refer(
            plan=plan,
            team=d["team"],
            actor=request.user,
            reason=d["reason"],
            review_weeks=d["review_weeks"],
        ),
        done=_("The case was brought to the MDA++ team."),
        title=_("Bring the case to an MDA++ team"),
        submit=_("Bring in"),
        intro=_(
            "The MDA++ core team analyses the case and watches whether the agreements of the "
            "plan are kept. It gives no care itself: you stay the case director."
        ),
    )


def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    plan = trajectory.plan
    today = timezone.localdate()
    tasks = list(plan.tasks.filter(cancelled=False).select_related("organisation", "professional"))
    context = {
        "trajectory": trajectory,
        "plan": plan,
        "reviews": list(trajectory.reviews.select_related("recorded_by")),
        "tasks": tasks,
        "overdue_ids": {t.pk for t in tasks if t.done_at is None and t.due_on < today},
        "state": review_state(trajectory.next_review_on, today),
        "is_team": services.is_team_member(request.user, trajectory),
        "is_director": can_edit(request.user, plan),
    }
    _log(request, plan, "MDA++ trajectory page")
    return render(request, "mda/detail.html", context)


def _team_only(request: AuthenticatedHttpRequest, pk: int) -> MdaTrajectory:
    trajectory = _trajectory(request, pk)
    if not services.is_team_member(request.user, trajectory):
        raise PermissionDenied
    return trajectory


def analysis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = _team_only(request, pk)
    form = AnalysisForm(
        request.POST if request.method == "POST" else None,
        initial={"analysis": trajectory.analysis},
    )
    return _form_page(
        request,
        plan=trajectory.plan,
        trajectory=trajectory,
        form=form,
        run=lambda d: services.mda_analysis_record(
            trajectory=trajectory, actor=request.user, analysis=d["analysis"]
        ),
        done=_("The analysis was saved."),
        title=_("The team's analysis"),
        submit=_("Save the analysis"),
    )


def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = _team_only(request, pk)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate(), "review_weeks": trajectory.review_weeks},
    )
    return _form_page(
        request,
        plan=trajectory.plan,
        trajectory=trajectory,
        form=form,
        run=lambda d: services.mda_review_record(
            trajectory=trajectory,
            actor=request.user,
            held_on=d["held_on"],
            agreements_kept=d["agreements_kept"],
            agreements_not_kept=d["agreements_not_kept"],
            conclusions=d["conclusions"],
            review_weeks=d["review_weeks"],
        ),
        done=_("The review was saved."),
        title=_("Record a review"),
        submit=_("Save the review"),
        intro=_("Check the agreements of the plan: who does what by when, and was it done?"),
    )


def end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    if not (
        services.is_team_member(request.user, trajectory) or can_edit(request.user, trajectory.plan)
    ):
        raise PermissionDenied
    form = EndForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request,
        plan=trajectory.plan,
        trajectory=trajectory,
        form=form,
        run=lambda d: services.mda_end(
            trajectory=trajectory, actor=request.user, reason=d["reason"]
        ),
        done=_("The MDA++ trajectory was ended."),
        title=_("End the MDA++ trajectory"),
        submit=_("End the trajectory"),
        intro=_("The team leaves the plan; the case director carries on with the plan."),
        # The team no longer sees the plan once it has left it: back to its list.
        redirect_to="mda:list" if services.is_team_member(request.user, trajectory) else "",
    )
