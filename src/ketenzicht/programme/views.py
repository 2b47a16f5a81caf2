"""The pages of the action programme: every role of the region reads, its policy officers edit.

A user outside the region gets 404 for a programme or action (``selectors`` scope every read);
a user without an organisation gets 403. Forms post to the page that shows them; a failed post
answers 422 with the form and its errors, nothing saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.exports import csv_bytes
from ketenzicht.common.forms import add_errors
from ketenzicht.organisations.access import AuthenticatedHttpRequest
from ketenzicht.organisations.models import Municipality
from ketenzicht.programme import checks, evaluation, roadmap, selectors, services, yamlformat
from ketenzicht.programme.forms import (
    ActionForm,
    AmbitionForm,
    BodyForm,
    ContactForm,
    ImportForm,
    LineForm,
    MeetingForm,
    ProgrammeForm,
    ProjectForm,
    StatusForm,
)
from ketenzicht.programme.labels import INDICATOR_LABELS, STATUS_BADGES
from ketenzicht.programme.models import Action, Ambition, ProgrammePeriod, Status

View = Callable[..., HttpResponse]
MAX_SHOWN_ERRORS = 100


def reader_required(view: View) -> View:
    """Any logged-in role with an organisation (the region's programme is theirs to read)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if services.reader_region(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _period(request: AuthenticatedHttpRequest, pk: int) -> ProgrammePeriod:
    period = selectors.programme_for(request.user, pk)
    if period is None:
        raise Http404
    return period


def _editor(request: AuthenticatedHttpRequest, region_id: int) -> None:
    if not services.may_edit(request.user, region_id):
        raise PermissionDenied


def _base(request: AuthenticatedHttpRequest, period: ProgrammePeriod, tab: str) -> dict[str, Any]:
    return {
        "period": period,
        "tab": tab,
        "can_edit": services.may_edit(request.user, period.region_id),
        "badges": STATUS_BADGES,
        "today": timezone.localdate(),
    }


def _code(action: Action) -> str:
    """The action's number in the programme, e.g. 2.1.3 (line, ambition, action)."""
    return f"{action.ambition.line.position}.{action.ambition.position}.{action.position}"


# --- the list of programmes, creating and importing ------------------------------------------


@reader_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = services.reader_region(request.user)
    assert region is not None
    can_edit = services.may_edit(request.user, region.pk)
    action = request.POST.get("action", "")
    create = ProgrammeForm(request.POST if action == "create" else None)
    upload = ImportForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
    )
    file_errors: list[services.FileError] = []
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        status = 422
        if action == "create" and create.is_valid():
            try:
                period = services.programme_create(actor=request.user, **create.cleaned_data)
                return redirect("programme:detail", period.pk)
            except ValidationError as exc:
                add_errors(create, exc)
        elif action == "import" and upload.is_valid():
            try:
                period = services.programme_import(
                    actor=request.user,
                    raw=upload.cleaned_data["file"],
                    replace=upload.cleaned_data["replace"],
                )
                messages.success(request, _("The programme was imported."))
                return redirect("programme:detail", period.pk)
            except services.ImportRejected as exc:
                file_errors = exc.errors
    return render(
        request,
        "programme/index.html",
        {
            "region": region,
            "programmes": selectors.programmes_for(request.user),
            "can_edit": can_edit,
            "create_form": create,
            "import_form": upload,
            "file_errors": file_errors[:MAX_SHOWN_ERRORS],
            "more_errors": max(0, len(file_errors) - MAX_SHOWN_ERRORS),
        },
        status=status,
    )


# --- the tree ---------------------------------------------------------------------------------


@reader_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    context = _base(request, period, "tree")
    line_form = LineForm(request.POST if request.POST.get("action") == "line" else None)
    ambition_form = AmbitionForm(
        request.POST if request.POST.get("action") == "ambition" else None, period=period
    )
    period_form = ProgrammeForm(
        request.POST if request.POST.get("action") == "programme" else None,
        prefix="period",
        initial={"name": period.name, "start_year": period.start_year, "end_year": period.end_year},
    )
    forms = {"line": line_form, "ambition": ambition_form, "programme": period_form}
    status = 200
    if request.method == "POST":
        _editor(request, period.region_id)
        status = 422
        try:
            if request.POST.get("action") == "programme" and period_form.is_valid():
                services.programme_update(
                    actor=request.user, period=period, **period_form.cleaned_data
                )
                messages.success(request, _("The programme was changed."))
                return redirect("programme:detail", period.pk)
            if request.POST.get("action") == "line" and line_form.is_valid():
                services.line_add(actor=request.user, period=period, **line_form.cleaned_data)
                return redirect("programme:detail", period.pk)
            if request.POST.get("action") == "ambition" and ambition_form.is_valid():
                services.ambition_add(actor=request.user, **ambition_form.cleaned_data)
                return redirect("programme:detail", period.pk)
        except ValidationError as exc:
            add_errors(forms.get(request.POST.get("action", ""), ambition_form), exc)
    lines = selectors.programme_tree(period)
    counts = {s: 0 for s in checks.STATUSES}
    for line in lines:
        for ambition in line.ambitions.all():
            for action in ambition.actions.all():
                counts[action.status] += 1
    context.update(
        {
            "lines": lines,
            "counts": [(Status(s).label, s, n) for s, n in counts.items()],
            "line_form": line_form,
            "ambition_form": ambition_form,
            "period_form": period_form,
            "municipalities": Municipality.objects.filter(region_id=period.region_id).order_by(
                "name"
            ),
        }
    )
    return render(request, "programme/detail.html", context, status=status)


# --- the roadmap ------------------------------------------------------------------------------


@reader_required
def roadmap_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    context = _base(request, period, "roadmap")
    today = timezone.localdate()
    lines = selectors.programme_tree(period)
    bands = []
    table = []
    unplanned = 0
    first, last = period.start_year, period.end_year
    for line in lines:
        band = roadmap.Band(label=f"{line.position}. {line.name}")
        rows = []
        for ambition in line.ambitions.all():
            for action in ambition.actions.all():
                due = [m.due_on for m in action.milestones.all()]
                stretch = checks.span(action.starts_on, action.ends_on, due)
                code = f"{line.position}.{ambition.position}.{action.position}"
                label = Status(action.status).label
                if stretch is None:
                    unplanned += 1
                    continue
                first, last = min(first, stretch[0].year), max(last, stretch[1].year)
                band.bars.append(
                    roadmap.Bar(
                        label=f"{code} {action.title}",
                        start=stretch[0],
                        end=stretch[1],
                        status=action.status,
                        status_label=str(label),
                        milestones=tuple(due),
                    )
                )
                rows.append((code, action, stretch, label, selectors.overdue(action, today)))
        bands.append(band)
        table.append((line, rows))
    svg = roadmap.roadmap_svg(
        "roadmap",
        bands,
        first_year=first,
        last_year=last,
        today=today,
        title=_("Roadmap %(name)s") % {"name": period.name},
        desc=_(
            "Each action line with its actions as bars from start to end, milestones as "
            "diamonds, today as a dashed line. The table below gives the same planning."
        ),
        today_label=_("today"),
    )
    context.update({"svg": svg, "table": table, "unplanned": unplanned})
    return render(request, "programme/roadmap.html", context)


# --- late or at risk, per municipality --------------------------------------------------------


@reader_required
def attention(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    context = _base(request, period, "attention")
    today = timezone.localdate()
    rows = [
        (_code(a), a, Status(a.status).label, selectors.overdue(a, today))
        for a in selectors.attention(period, today)
    ]
    context["rows"] = rows
    return render(request, "programme/attention.html", context)


@reader_required
def municipality(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    context = _base(request, period, "municipality")
    choices = list(Municipality.objects.filter(region_id=period.region_id).order_by("name"))
    own = request.user.organisation.municipality_id if request.user.organisation else None
    wanted = request.GET.get("gemeente", "")
    chosen = next((m for m in choices if m.code == wanted), None)
    if chosen is None and not wanted:
        chosen = next((m for m in choices if m.pk == own), choices[0] if choices else None)
    if chosen is None and wanted:
        raise Http404
    today = timezone.localdate()
    rows = []
    if chosen is not None:
        rows = [
            (_code(a), a, Status(a.status).label, selectors.overdue(a, today))
            for a in selectors.local_actions(period, chosen)
        ]
    context.update({"choices": choices, "chosen": chosen, "rows": rows})
    return render(request, "programme/municipality.html", context)


# --- one action -------------------------------------------------------------------------------


def _action(request: AuthenticatedHttpRequest, pk: int) -> Action:
    action = selectors.action_for(request.user, pk)
    if action is None:
        raise Http404
    return action


@reader_required
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    period = action.ambition.line.period
    context = _base(request, period, "tree")
    form = StatusForm(request.POST or None, initial={"status": action.status})
    status = 200
    if request.method == "POST":
        _editor(request, period.region_id)
        status = 422
        if form.is_valid():
            try:
                services.action_status_set(
                    actor=request.user,
                    action=action,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["text"],
                    on=form.cleaned_data["written_on"],
                )
                messages.success(request, _("The status and note were saved."))
                return redirect("programme:action", action.pk)
            except ValidationError as exc:
                add_errors(form, exc)
    figure = None
    if action.indicator:
        figure = selectors.current_figures(request.user, {action.indicator}).get(action.indicator)
    context.update(
        {
            "action": action,
            "code": _code(action),
            "status_label": Status(action.status).label,
            "overdue": selectors.overdue(action, timezone.localdate()),
            "indicator_label": INDICATOR_LABELS.get(action.indicator, action.indicator),
            "figure": figure,
            "cost": euro_text(action.cost),
            "notes": list(action.notes.all()),
            "decisions": selectors.decisions_about(action),
            "projects": list(action.projects.order_by("name")),
            "form": form,
        }
    )
    return render(request, "programme/action.html", context, status=status)


@reader_required
def action_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ambition = (
        Ambition.objects.select_related("line__period")
        .filter(pk=pk, line__period__in=selectors.programmes_for(request.user))
        .first()
    )
    if ambition is None:
        raise Http404
    period = ambition.line.period
    _editor(request, period.region_id)
    form = ActionForm(
        request.POST or None, region=period.region_id, initial={"responsibility": "regional"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                actor=request.user, ambition=ambition, data=form.data_for_service()
            )
            return redirect("programme:action", action.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    context = _base(request, period, "tree")
    context.update({"form": form, "ambition": ambition, "action": None})
    return render(
        request, "programme/action_form.html", context, status=422 if form.is_bound else 200
    )


@reader_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    period = action.ambition.line.period
    _editor(request, period.region_id)
    initial = ActionForm.initial_for(
        selectors.action_data(action, with_notes=False), list(action.municipalities.all())
    )
    form = ActionForm(request.POST or None, region=period.region_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=request.user, action=action, data=form.data_for_service())
            return redirect("programme:action", action.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    context = _base(request, period, "tree")
    context.update({"form": form, "ambition": action.ambition, "action": action})
    return render(
        request, "programme/action_form.html", context, status=422 if form.is_bound else 200
    )


@reader_required
def action_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete an action without history; one with notes or decisions is refused (422)
    with the way out: set it to *dropped*."""
    action = _action(request, pk)
    period = action.ambition.line.period
    _editor(request, period.region_id)
    code = _code(action)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            services.action_delete(actor=request.user, action=action)
            messages.success(request, _("The action %(code)s was deleted.") % {"code": code})
            return redirect("programme:detail", period.pk)
        except ValidationError as exc:
            errors = exc.messages
            status = 422
    context = _base(request, period, "tree")
    context.update(
        {
            "action": action,
            "code": code,
            "has_history": action.notes.exists() or action.decisions.exists(),
            "errors": errors,
        }
    )
    return render(request, "programme/action_delete.html", context, status=status)


@require_POST
@reader_required
def action_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move an action one place up or down in its ambition (``direction``), back to the tree."""
    action = _action(request, pk)
    period = action.ambition.line.period
    _editor(request, period.region_id)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return refused(HttpResponse(status=400))
    try:
        services.action_move(actor=request.user, action=action, direction=direction)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('programme:detail', args=[period.pk])}#action-{action.pk}")


# --- exports ----------------------------------------------------------------------------------


def _filename(period: ProgrammePeriod, ext: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", period.name.lower()).strip("-") or "programma"
    return f"actieprogramma-{slug}.{ext}"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@reader_required
def export_yaml(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    doc = selectors.programme_doc(period)
    filename = _filename(period, "yaml")
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        detail=f"programme {period.pk} as {filename} ({len(doc.actions())} actions)",
    )
    return _download(
        yamlformat.dump(doc).encode("utf-8"), "application/yaml; charset=utf-8", filename
    )


def euro_text(cents: int | None) -> str:
    """ "€ 12.500,50" in the Dutch UI; "" when unknown."""
    if cents is None:
        return ""
    amount = number_format(Decimal(cents) / 100, decimal_pos=2, force_grouping=True)
    return f"€ {amount}"


def _euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def action_table(period: ProgrammePeriod) -> tuple[list[str], list[list[Any]]]:
    """The action table of the CSV export (and the yearly evaluation)."""
    header = [
        _("Number"),
        _("Action line"),
        _("Ambition"),
        pgettext("programme", "Action"),
        pgettext("programme", "Start"),
        pgettext("programme", "End"),
        _("Milestones"),
        _("Lead (organisation)"),
        _("Lead (name or role)"),
        _("Responsible parties"),
        _("Responsibility"),
        _("Cost (euro)"),
        _("Funding source"),
        _("SMART target"),
        _("Steering figure"),
        _("Target value"),
        _("Status"),
    ]
    rows: list[list[Any]] = []
    for a in selectors.all_actions(period):
        rows.append(
            [
                _code(a),
                a.ambition.line.name,
                a.ambition.title,
                a.title,
                a.starts_on,
                a.ends_on,
                "; ".join(f"{m.due_on} {m.title}" for m in a.milestones.all()),
                a.lead_organisation,
                a.lead_name,
                parties_text(a),
                a.get_responsibility_display(),
                _euros(a.cost),
                a.funding,
                a.target,
                str(INDICATOR_LABELS.get(a.indicator, a.indicator)) if a.indicator else "",
                a.target_value,
                a.get_status_display(),
            ]
        )
    return header, rows


def parties_text(action: Action) -> str:
    parts = []
    if action.all_municipalities:
        parts.append(_("all municipalities"))
    parts += [m.name for m in action.municipalities.all()]
    if action.police:
        parts.append(_("police"))
    if action.veilig_thuis:
        parts.append("Veilig Thuis")
    if action.other_parties:
        parts.append(action.other_parties)
    return ", ".join(parts)


@reader_required
def export_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    header, rows = action_table(period)
    data, count = csv_bytes(header, rows)
    filename = _filename(period, "csv")
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        detail=f"programme {period.pk} action table {filename} ({count} rows)",
    )
    return _download(data, "text/csv; charset=utf-8", filename)


# --- the yearly evaluation --------------------------------------------------------------------


@reader_required
def evaluation_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The evaluation of one year on the page, and as XLSX or PDF (``?format=xlsx|pdf``)."""
    period = _period(request, pk)
    years = evaluation.years_of(period)
    this_year = timezone.localdate().year
    default = min(max(this_year, years[0]), years[-1])
    wanted = request.GET.get("jaar", str(default))
    if not wanted.isdigit() or int(wanted) not in years:
        raise Http404
    year = int(wanted)
    fmt = request.GET.get("format", "")
    if fmt not in ("", "xlsx", "pdf"):
        raise Http404
    result = evaluation.evaluation_for(period, year, user=request.user)
    if fmt:
        filename = _filename(period, fmt).replace("actieprogramma-", f"evaluatie-{year}-")
        data = (
            evaluation.evaluation_xlsx(result)
            if fmt == "xlsx"
            else evaluation.evaluation_pdf(result)
        )
        access_record(
            request=request,
            action=AccessAction.EXPORT,
            detail=f"programme {period.pk} evaluation {year} as {filename}",
        )
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if fmt == "xlsx"
            else "application/pdf"
        )
        return _download(data, content_type, filename)
    context = _base(request, period, "evaluation")
    context.update({"e": result, "years": years})
    return render(request, "programme/evaluation.html", context)


# --- projects and governance ------------------------------------------------------------------


@reader_required
def projects(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The projects, each with its leader, its actions and a contact in every municipality."""
    period = _period(request, pk)
    context = _base(request, period, "projects")
    which = request.POST.get("action", "")
    project_form = ProjectForm(request.POST if which == "project" else None, period=period)
    contact_form = ContactForm(request.POST if which == "contact" else None, period=period)
    status = 200
    if request.method == "POST":
        _editor(request, period.region_id)
        status = 422
        try:
            if which == "project" and project_form.is_valid():
                d = project_form.cleaned_data
                services.project_create(
                    actor=request.user,
                    period=period,
                    name=d["name"],
                    leader_name=d["leader_name"],
                    leader_organisation=d["leader_organisation"],
                    description=d["description"],
                    action_ids=[a.pk for a in d["actions"]],
                )
                return redirect("programme:projects", period.pk)
            if which == "contact" and contact_form.is_valid():
                services.project_contact_set(actor=request.user, **contact_form.cleaned_data)
                return redirect("programme:projects", period.pk)
        except ValidationError as exc:
            add_errors(project_form if which == "project" else contact_form, exc)
    municipalities = list(Municipality.objects.filter(region_id=period.region_id).order_by("name"))
    rows = []
    for project in selectors.projects_of(period):
        by_municipality = {c.municipality_id: c for c in project.contacts.all()}
        rows.append((project, [(m, by_municipality.get(m.pk)) for m in municipalities]))
    context.update(
        {
            "rows": rows,
            "project_form": project_form,
            "contact_form": contact_form,
        }
    )
    return render(request, "programme/projects.html", context, status=status)


@reader_required
def governance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The region's governance bodies, their rhythm this year, meetings and the decision log."""
    period = _period(request, pk)
    context = _base(request, period, "governance")
    which = request.POST.get("action", "")
    body_form = BodyForm(request.POST if which == "body" else None)
    meeting_form = MeetingForm(request.POST if which == "meeting" else None, period=period)
    status = 200
    if request.method == "POST":
        _editor(request, period.region_id)
        status = 422
        try:
            if which == "body" and body_form.is_valid():
                services.governance_body_create(actor=request.user, **body_form.cleaned_data)
                return redirect("programme:governance", period.pk)
            if which == "meeting" and meeting_form.is_valid():
                d = meeting_form.cleaned_data
                services.meeting_record(
                    actor=request.user,
                    body=d["body"],
                    held_on=d["held_on"],
                    summary=d["summary"],
                    decisions=[
                        services.DecisionInput(
                            text=d["decision"], action_ids=tuple(a.pk for a in d["actions"])
                        )
                    ],
                )
                return redirect("programme:governance", period.pk)
        except ValidationError as exc:
            add_errors(body_form if which == "body" else meeting_form, exc)
    year = timezone.localdate().year
    bodies = []
    for body in selectors.governance_of(period.region_id):
        held = sum(1 for m in body.meetings.all() if m.held_on.year == year)
        bodies.append((body, held, held >= body.meetings_min))
    context.update(
        {
            "bodies": bodies,
            "year": year,
            "body_form": body_form,
            "meeting_form": meeting_form,
        }
    )
    return render(request, "programme/governance.html", context, status=status)
