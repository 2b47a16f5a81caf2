"""The budget split and the capacity forecast of the user's region: no personal data.

Every role of an organisation in the region reads them (``access.member_required``; a user
without an organisation gets 403); only its policy officers change the budget: a POST by anyone
else answers 403 (logged as refused by the access log's middleware) and changes nothing. The
capacity forecast is a calculator over the query string and saves nothing, so it is open to
every reader.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.common.forms import add_errors
from ketenzicht.external import services as external_services
from ketenzicht.finance import capacity, selectors, services
from ketenzicht.finance.forms import (
    BudgetLineForm,
    BudgetYearForm,
    DuvoForm,
    MembershipForm,
    PopulationUploadForm,
    ScenarioForm,
)
from ketenzicht.finance.models import BudgetLine, BudgetYear, Membership
from ketenzicht.organisations.access import (
    AuthenticatedHttpRequest,
    member_required,
    region_of_member,
)
from ketenzicht.organisations.models import Region
from ketenzicht.reporting.svg import line_chart


def _region(request: AuthenticatedHttpRequest) -> Region:
    region = region_of_member(request.user)
    if region is None:
        raise Http404
    return region


def _editor(request: AuthenticatedHttpRequest, region: Region) -> None:
    if not services.may_edit(request.user, region.pk):
        raise PermissionDenied


ACTIONS = ("year", "line", "duvo", "member", "population")


def _selected(years: list[BudgetYear], wanted: str | None) -> BudgetYear | None:
    for y in years:
        if str(y.year) == wanted:
            return y
    return None if wanted else (years[0] if years else None)


@member_required
def budget(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The split of one budget year, a leaving scenario, and the forms that change the budget.

    One POST per form (``action``): a new year, the DUVO amount, a line, a membership, or a
    population CSV (``services.budget_population_import``: the import of the import page, for
    the municipalities the user imports figures for, logged). Bad input answers 422 (400 for a
    refused file, as the import page) and saves nothing.
    """
    region = _region(request)
    years = selectors.budget_years(region)
    municipalities = selectors.municipalities_of(region)
    memberships = selectors.memberships(region)
    can_edit = services.may_edit(request.user, region.pk)
    if request.method == "POST":
        _editor(request, region)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in ACTIONS:
        return HttpResponse(status=400)
    wanted = request.GET.get("jaar") or request.POST.get("jaar")
    selected = _selected(years, wanted)
    posted = request.POST if action else None
    forms: dict[str, Any] = {
        "year": BudgetYearForm(posted if action == "year" else None),
        "duvo": DuvoForm(
            posted if action == "duvo" else None,
            prefix="duvo",
            initial={"duvo": _euros(selected.duvo)} if selected else None,
        ),
        "line": BudgetLineForm(posted if action == "line" else None, municipalities=municipalities),
        "member": MembershipForm(
            posted if action == "member" else None,
            municipalities=municipalities,
            initial=_membership_initial(memberships, request.GET.get("lid")),
        ),
        "population": PopulationUploadForm(
            posted if action == "population" else None,
            request.FILES if action == "population" else None,
            max_bytes=external_services.max_csv_bytes(),
        ),
    }
    status = 200
    import_errors: list[external_services.RowError] = []
    if action:
        form = forms[action]
        back = f"{request.path}?jaar={selected.year}" if selected else request.path
        try:
            if not form.is_valid():
                raise _Invalid
            if action == "year":
                created = services.budget_year_create(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    duvo=form.cleaned_data["duvo"],
                )
                return redirect(f"{request.path}?jaar={created.year}")
            if action == "population":
                result = services.budget_population_import(
                    actor=request.user, data=form.cleaned_data["file"].read()
                )
                messages.success(
                    request,
                    _(
                        "%(rows)s population figures imported (%(created)s new, %(updated)s "
                        "replaced); the split below uses them."
                    )
                    % {"rows": result.rows, "created": result.created, "updated": result.updated},
                )
                return redirect(back)
            if action == "member":
                services.membership_set(actor=request.user, **form.cleaned_data)
                return redirect(back)
            if selected is None:
                raise _Invalid
            if action == "line":
                services.budget_line_add(
                    actor=request.user, budget_year=selected, **form.line_data()
                )
            else:
                services.budget_year_duvo_set(
                    actor=request.user, budget_year=selected, duvo=form.cleaned_data["duvo"]
                )
            return redirect(back)
        except external_services.ImportRejected as rejected:
            import_errors = rejected.errors
            status = 400
        except ValidationError as exc:
            add_errors(form, exc)
            status = 422
        except _Invalid:
            status = 422
    leaving = request.GET.get("vertrek", "")
    taken_over = request.GET.get("overname", "1") != "0"
    split = problems = None
    members: list[selectors.Row] = []
    if selected is not None:
        try:
            split = selectors.budget_split(selected, leaving=leaving, taken_over=taken_over)
        except selectors.BudgetIncomplete as exc:
            problems = exc.problems
            status = 422 if leaving and status == 200 else status
        try:
            members = selectors.budget_split(selected, compare=False).rows
        except selectors.BudgetIncomplete:
            members = []
    context = {
        "region": region,
        "can_edit": can_edit,
        "years": years,
        "selected": selected,
        "split": split,
        "problems": problems,
        "members": members,
        "memberships": memberships,
        "leaving": leaving,
        "taken_over": taken_over,
        "year_form": forms["year"],
        "duvo_form": forms["duvo"],
        "line_form": forms["line"],
        "member_form": forms["member"],
        "population_form": forms["population"],
        "import_errors": import_errors,
        "lines": list(selected.lines.order_by("pk")) if selected else [],
    }
    return render(request, "finance/budget.html", context, status=status)


def _membership_initial(memberships: list[Membership], wanted: str | None) -> dict[str, Any]:
    """The membership form filled in with the dates of the member chosen in the table."""
    for m in memberships:
        if str(m.municipality_id) == wanted:
            return {"municipality": m.municipality, "joined_on": m.joined_on, "left_on": m.left_on}
    return {}


class _Invalid(Exception):
    """The posted form did not validate (its errors are on the form)."""


def _euros(cents: int) -> str:
    return formats.number_format(Decimal(cents) / 100, 2, use_l10n=True, force_grouping=True)


@require_POST
@member_required
def line_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    region = _region(request)
    _editor(request, region)
    line = get_object_or_404(
        BudgetLine.objects.select_related("budget_year"), pk=pk, budget_year__region=region
    )
    services.budget_line_remove(actor=request.user, line=line)
    return redirect(f"{reverse('finance:budget')}?jaar={line.budget_year.year}")


DEFAULTS = {
    "a": {
        "name": "V&V 30 uur",
        "vv_hours": 30,
    },
    "b": {
        "name": "V&V 20 uur",
        "vv_hours": 20,
    },
}
COMMON = {
    "weekly_inflow": 115,
    "vv_share": 15,
    "investigation_share": 8,
    "handover_share": 45,
    "assessment_hours": 4,
    "investigation_hours": 40,
    "handover_hours": 3,
    "productive_hours": 28,
    "fte": 30,
    "extra_fte": 0,
    "extra_from_week": 1,
    "overhead": 15,
    "backlog": 250,
    "band_high": 50,
    "weeks": 52,
    "target_week": 26,
    "cost_per_fte": "85.000,00",
}


BUDGETED = "b"  # the scenario with the hours per V&V some regions budgeted


def _budgeted_fte(common: dict[str, Any]) -> float | None:
    """The FTE to start both scenarios with: what the budgeted hours per V&V need to bring the
    waiting list into the band by the target week (rounded up to half an FTE). So the page opens
    on the question of BRIEF §9 — the staff fits the budget's assumption; what if a V&V takes
    the benchmark's 30 hours? — whatever the region's inflow."""
    form = ScenarioForm(
        {f"x-{k}": v for k, v in {**common, **DEFAULTS[BUDGETED]}.items()}, prefix="x"
    )
    if not form.is_valid():
        return None
    try:
        scenario, target = _scenario(form.cleaned_data)
        needed = capacity.fte_needed(scenario, by_week=target)
    except ValueError:
        return None
    return None if needed is None else max(0.5, math.ceil(needed * 2) / 2)


def _scenario(data: dict[str, Any]) -> tuple[capacity.Scenario, int]:
    extra = data["extra_fte"]
    week = min(data["extra_from_week"], data["weeks"]) - 1
    scenario = capacity.Scenario(
        name=data["name"],
        weekly_inflow=data["weekly_inflow"],
        weeks=data["weeks"],
        mix=capacity.Mix(
            vv=data["vv_share"] / 100,
            investigation=data["investigation_share"] / 100,
            handover=data["handover_share"] / 100,
        ),
        hours=capacity.Hours(
            assessment=data["assessment_hours"],
            vv=data["vv_hours"],
            investigation=data["investigation_hours"],
            handover=data["handover_hours"],
        ),
        productive_hours_per_fte=data["productive_hours"],
        fte=data["fte"],
        fte_changes=((week, data["fte"] + extra),) if extra else (),
        overhead=data["overhead"] / 100,
        backlog=data["backlog"],
        band=(0, data["band_high"]),
        cost_per_fte_per_year=data["cost_per_fte"],
    )
    return scenario, min(data["target_week"], data["weeks"])


@member_required
def capacity_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = _region(request)
    submitted = "a-name" in request.GET
    figures = selectors.capacity_defaults(request.user, today=timezone.localdate())
    common = dict(COMMON)
    if figures is not None:
        if figures.weekly_inflow:
            common["weekly_inflow"] = figures.weekly_inflow
        if figures.backlog is not None:
            common["backlog"] = figures.backlog
        common["band_high"] = figures.band[1]
    budgeted = _budgeted_fte(common)
    if budgeted is not None:
        common["fte"] = budgeted
    columns = []
    status = 200
    for prefix in ("a", "b"):
        initial = {**common, **DEFAULTS[prefix]}
        form = ScenarioForm(request.GET if submitted else None, prefix=prefix, initial=initial)
        data = form.cleaned_data if submitted and form.is_valid() else None
        if not submitted:
            bound = ScenarioForm({f"{prefix}-{k}": v for k, v in initial.items()}, prefix=prefix)
            data = bound.cleaned_data if bound.is_valid() else None
        outcome = None
        if data is not None:
            try:
                scenario, target = _scenario(data)
                outcome = capacity.forecast(scenario, target_week=target, runs=200)
            except ValueError as exc:
                form.add_error(None, str(exc))
        if outcome is None:
            status = 422
        chart = ""
        if outcome is not None:
            chart = line_chart(
                f"capacity-{prefix}",
                _("Waiting list per week: %(name)s") % {"name": outcome.scenario.name},
                [(str(w + 1), round(v)) for w, v in enumerate(outcome.backlog)],
                intro=_("Expected waiting list at the end of each week, with the target band."),
                hidden=_("not shown"),
                band=outcome.scenario.band,
            )
        weeks = []
        if outcome is not None:
            weeks = [
                (w + 1, outcome.backlog[w], outcome.band.p10[w], outcome.band.p90[w])
                for w in range(len(outcome.backlog))
                if w % 4 == 3 or w == len(outcome.backlog) - 1
            ]
        columns.append(
            {"prefix": prefix, "form": form, "outcome": outcome, "chart": chart, "weeks": weeks}
        )
    return render(
        request,
        "finance/capacity.html",
        {
            "region": region,
            "columns": columns,
            "figures": figures,
            "budgeted_fte": budgeted,
            "budgeted_hours": DEFAULTS[BUDGETED]["vv_hours"],
            "target_week": common["target_week"],
        },
        status=status,
    )
