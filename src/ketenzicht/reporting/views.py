"""The policy officer's steering pages: the dashboard and its exports. Aggregates only.

Scope (``selectors.scope_for``): their own municipality; the region and each of its
municipalities only from the region's centre municipality. Every number on these pages and in
the exports has passed ``disclosure``; exports are logged as EXPORT in the access log (with no
case, person or household, since none is in them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.exports import csv_bytes, xlsx_bytes
from ketenzicht.organisations.access import AuthenticatedHttpRequest, policy_required
from ketenzicht.reporting import dashboard as board
from ketenzicht.reporting import exports, halfyear, selectors, services
from ketenzicht.reporting.charts import dashboard_charts
from ketenzicht.reporting.dashboard import DIRECTION_LABELS, Dashboard
from ketenzicht.reporting.figures import parse_period, period_key
from ketenzicht.reporting.models import HalfYearReport, ReportStatus


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


@policy_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, context = _dashboard(request)
    scope = context["scope"]
    context.update(
        {
            "dash": dash,
            "charts": dashboard_charts(dash),
            "directions": DIRECTION_LABELS,
            "refresh": selectors.last_refresh(),
            "period_key": period_key(dash.period),
            "period_choices": [period_key(p) for p in dash.periods[::-1]]
            + sorted({str(p[0]) for p in dash.periods}, reverse=True),
            "municipalities": scope.municipalities,  # type: ignore[attr-defined]
            "query_string": urlencode({**context["query"], "periode": period_key(dash.period)}),  # type: ignore[dict-item]
            "halfyear_reports": selectors.halfyear_reports_of(request.user),
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


# --- the half-year report (PDF) -----------------------------------------------------------


@policy_required
@require_POST
def halfyear_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start the half-year report of the shown scope and period; then its job page."""
    scope = selectors.scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    municipality = None
    if request.POST.get("regio") != "1":
        code = request.POST.get("gemeente", "")
        municipality = next((m for m in scope.municipalities if m.code == code), None)
        if code and municipality is None:
            raise Http404
        municipality = municipality or scope.own
    period = request.POST.get("periode", "")
    try:
        job = services.halfyear_report_request(
            user=request.user,
            municipality=municipality,
            period=period,
            language=request.LANGUAGE_CODE,
        )
    except ValidationError as error:
        back = {"regio": "1"} if municipality is None else {"gemeente": municipality.code}
        context = {
            "errors": [m for messages in error.message_dict.values() for m in messages],
            "back": f"{reverse('reporting:dashboard')}?{urlencode(back)}",
        }
        return render(request, "reporting/halfyear_refused.html", context, status=422)
    return redirect("reporting:halfyear_job", pk=job.pk)


def _job_text(job: HalfYearReport) -> str:
    if job.status == ReportStatus.DONE:
        return _("The report is ready (%(pages)s pages).") % {"pages": job.pages}
    if job.status == ReportStatus.FAILED:
        return _("The report could not be made. Please try again, or ask the administrator.")
    if job.status == ReportStatus.QUEUED:
        return _("The report is waiting to be made.")
    return _("Step %(done)s of %(total)s: the figures of each municipality, then the pages.") % {
        "done": job.steps_done,
        "total": job.steps_total,
    }


@policy_required
def halfyear_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The job's progress (``?status=json`` for the page's poll) and, when done, the download."""
    job = selectors.halfyear_report_for(request.user, pk)
    if job is None:
        raise Http404
    if request.GET.get("status") == "json":
        response = JsonResponse(
            {
                "status": job.status,
                "done": job.steps_done,
                "total": job.steps_total,
                "finished": job.finished,
                "text": _job_text(job),
            }
        )
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "job": job,
        "text": _job_text(job),
        "half_year": halfyear.half_year_label((job.year, job.half)),
        "scope_name": (
            _("Region %(name)s") % {"name": job.region.name}
            if job.municipality is None
            else _("Municipality %(name)s") % {"name": job.municipality.name}
        ),
        "period_key": period_key((job.year, job.half)),
    }
    return render(request, "reporting/halfyear_job.html", context)


@policy_required
def halfyear_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The finished PDF, logged as EXPORT (aggregates only: no case, person or household)."""
    job = selectors.halfyear_report_for(request.user, pk, with_pdf=True)
    if job is None or job.status != ReportStatus.DONE or not job.pdf:
        raise Http404
    scope = "regio" if job.municipality is None else job.municipality.code
    filename = f"halfjaarrapportage-{scope}-{period_key((job.year, job.half))}.pdf"
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        detail=f"half-year report {filename} ({job.pages} pages, aggregates only)",
    )
    response = HttpResponse(bytes(job.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
