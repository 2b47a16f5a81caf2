"""The policy officer's steering pages: the dashboard and its exports. Aggregates only.

Scope (``selectors.scope_for``): their own municipality; the region and each of its
municipalities only from the region's centre municipality. Every number on these pages and in
the exports has passed ``disclosure``; exports are logged as EXPORT in the access log (with no
case, person or household, since none is in them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.exports import csv_bytes, xlsx_bytes
from ketenzicht.organisations.access import AuthenticatedHttpRequest, policy_required
from ketenzicht.reporting import dashboard as board
from ketenzicht.reporting import exports, selectors, svg
from ketenzicht.reporting.dashboard import DIRECTION_LABELS, KIND_LABELS, Dashboard
from ketenzicht.reporting.figures import parse_period, period_key


def _dashboard(request: AuthenticatedHttpRequest) -> tuple[Dashboard, dict[str, object]]:
    scope = selectors.scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    whole_region = request.GET.get("regio") == "1"
    if whole_region and not scope.region_allowed:
        raise PermissionDenied
    code = request.GET.get("gemeente", "")
    if whole_region:
        municipalities = scope.municipalities
        title = _("Region %(name)s") % {"name": scope.region.name}
    else:
        chosen = next((m for m in scope.municipalities if m.code == code), None)
        if code and chosen is None:
            raise Http404
        chosen = chosen or scope.own
        municipalities = [chosen]
        title = _("Municipality %(name)s") % {"name": chosen.name}
    period = parse_period(request.GET.get("periode", ""))
    dash = board.build(
        title=title,
        region_id=scope.region.pk,
        municipalities=municipalities,
        whole_region=whole_region,
        period=period,
    )
    query = {"regio": "1"} if whole_region else {"gemeente": municipalities[0].code}
    return dash, {"scope": scope, "whole_region": whole_region, "query": query}


def _charts(dash: Dashboard) -> dict[str, str]:
    hidden = _("not shown")
    charts: dict[str, str] = {}
    reports = dash.table("reports")
    if reports is not None:
        totals, _grand = reports.totals()
        charts["reports"] = svg.bar_chart(
            "chart-reports",
            reports.title,
            [(c.label, t.value) for c, t in zip(reports.columns, totals, strict=True)],
            intro=_("Bar chart of the reports per half-year, all shown municipalities together."),
            hidden=hidden,
        )
    kinds = dash.table("kinds")
    if kinds is not None:
        totals, _grand = kinds.totals()
        charts["kinds"] = svg.bar_chart(
            "chart-kinds",
            kinds.title,
            [
                (str(KIND_LABELS[c.key]), t.value)
                for c, t in zip(kinds.columns, totals, strict=True)
            ],
            intro=_("Bar chart of the reports by kind of violence."),
            hidden=hidden,
        )
    reporters = dash.table("reporters")
    if reporters is not None:
        totals, _grand = reporters.totals()
        charts["reporters"] = svg.bar_chart(
            "chart-reporters",
            reporters.title,
            [(c.label, t.value) for c, t in zip(reporters.columns, totals, strict=True)],
            intro=_("Bar chart of the reports by reporter group."),
            hidden=hidden,
        )
    assessment = dash.share("assessment")
    if assessment is not None and assessment.lines:
        _label, values = assessment.lines[-1]
        charts["assessment"] = svg.line_chart(
            "chart-assessment",
            assessment.title,
            [(period_key(p), v.value) for p, v in zip(assessment.periods, values, strict=True)],
            intro=_("Line chart of the share within the term per half-year, against the norm."),
            hidden=hidden,
            unit="%",
            norm=assessment.norm,
            ceiling=100,
        )
    if dash.waiting is not None and dash.waiting.points:
        charts["waiting"] = svg.line_chart(
            "chart-waiting",
            dash.waiting.title,
            [(day[:7], shown.value) for day, shown in dash.waiting.points],
            intro=_("Line chart of the waiting list at each month end, with the target band."),
            hidden=hidden,
            band=(float(dash.waiting.band[0]), float(dash.waiting.band[1])),
        )
    return charts


@policy_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, context = _dashboard(request)
    scope = context["scope"]
    context.update(
        {
            "dash": dash,
            "charts": _charts(dash),
            "directions": DIRECTION_LABELS,
            "refresh": selectors.last_refresh(),
            "period_key": period_key(dash.period),
            "period_choices": [period_key(p) for p in dash.periods[::-1]]
            + sorted({str(p[0]) for p in dash.periods}, reverse=True),
            "municipalities": scope.municipalities,  # type: ignore[attr-defined]
            "query_string": urlencode({**context["query"], "periode": period_key(dash.period)}),  # type: ignore[dict-item]
        }
    )
    return render(request, "reporting/dashboard.html", context)


@policy_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One table of the dashboard (``tabel``) as CSV (default) or XLSX (``format``)."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    dash, context = _dashboard(request)
    key = request.GET.get("tabel", "reports")
    found = exports.table_rows(dash, key)
    if found is None:
        raise Http404
    title, header, rows = found
    if fmt == "csv":
        data, count = csv_bytes(header, rows)
    else:
        data, count = xlsx_bytes(header, rows, sheet=title)
    scope = "regio" if context["whole_region"] else context["query"]["gemeente"]  # type: ignore[index]
    filename = f"stuurinformatie-{key}-{scope}-{period_key(dash.period)}.{fmt}"
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        detail=f"steering figures {filename} ({count} rows, aggregates only)",
    )
    response = HttpResponse(data, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
