"""Intake pages: choose advice request or report, register it, convert advice into a report."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.audit.middleware import refused
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.selectors import advice_requests_visible_to
from ketenzicht.casework.services import advice_request_convert, report_register
from ketenzicht.common.forms import add_errors, call_service
from ketenzicht.intake.forms import AdviceRequestForm, PersonForm, PersonFormSet, ReportForm
from ketenzicht.intake.models import Person
from ketenzicht.intake.services import advice_request_register
from ketenzicht.linkage import labels as linkage_labels
from ketenzicht.linkage.compare import Category
from ketenzicht.linkage.conversion import typed_bsn
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.selectors import Candidate
from ketenzicht.linkage.selectors import person_candidates as find_candidates
from ketenzicht.organisations.access import AuthenticatedHttpRequest, vt_required
from ketenzicht.organisations.models import Municipality, Organisation

DEFAULT_PERSON_ROWS = 2


def _organisation(request: AuthenticatedHttpRequest) -> Organisation:
    """The worker's Veilig Thuis organisation (``vt_required`` guarantees there is one)."""
    organisation = request.user.organisation
    assert organisation is not None
    return organisation


@vt_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "intake/start.html")


@vt_required
def advice_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = AdviceRequestForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        advice = call_service(
            form,
            advice_request_register,
            organisation=organisation,
            handled_by=request.user,
            received_at=data["received_at"],
            channel=data["channel"],
            reporter_role=data["reporter_role"],
            reporter_name=data["reporter_name"],
            reporter_organisation=data["reporter_organisation"],
            reporter_contact=data["reporter_contact"],
            municipality=data["municipality"],
            kinds=list(data["kinds"]),
            question=data["question"],
            advice=data["advice"],
        )
        if advice is not None:
            messages.success(
                request, _("Advice request %(ref)s saved.") % {"ref": advice.reference}
            )
            return redirect("intake:advice_detail", pk=advice.pk)
    return render(request, "intake/advice_form.html", {"form": form}, status=_status(request, form))


@vt_required
def advice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(advice_requests_visible_to(request.user), 25).get_page(request.GET.get("page"))
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        detail=f"advice requests {', '.join(a.reference for a in page.object_list)}"[:300],
    )
    return render(request, "intake/advice_list.html", {"page": page})


@vt_required
def advice_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = get_object_or_404(advice_requests_visible_to(request.user), pk=pk)
    access_record(
        request=request, action=AccessAction.VIEW, detail=f"advice request {advice.reference}"
    )
    return render(request, "intake/advice_detail.html", {"advice": advice})


def _report_forms(
    request: AuthenticatedHttpRequest, initial: dict[str, Any] | None = None
) -> tuple[ReportForm, Any, bool]:
    """The report form and its people formset; adds a person row when asked."""
    organisation = _organisation(request)
    if request.method == "POST":
        form = ReportForm(request.POST, organisation=organisation)
        people = PersonFormSet(request.POST, prefix="people")
        adding = "add_person" in request.POST
        if adding:
            # Adding a row is not a submission: show what was typed, plus one empty row, and no
            # errors for fields the worker has not reached yet.
            form = ReportForm(initial=_typed_values(form), organisation=organisation)
            rows = [_typed_values(f) for f in people.forms][: PersonFormSet.max_num - 1]
            people = PersonFormSet(prefix="people", initial=[*rows, {}])
        return form, people, adding
    form = ReportForm(initial=initial, organisation=organisation)
    people = PersonFormSet(prefix="people", initial=[{}] * DEFAULT_PERSON_ROWS)
    return form, people, False


def _typed_values(form: Any) -> dict[str, Any]:
    """What the user typed into a bound form, as initial values for an unbound one."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _register(
    request: AuthenticatedHttpRequest, form: ReportForm, people: Any, **extra: Any
) -> Any:
    people_inputs = [f.to_input() for f in people.forms if not f.is_blank()]
    kwargs = form.service_kwargs()
    kwargs["people"] = people_inputs
    try:
        if "advice_request" in extra:
            return advice_request_convert(registered_by=request.user, **kwargs, **extra)
        return report_register(
            organisation=_organisation(request), registered_by=request.user, **kwargs
        )
    except ValidationError as exc:
        add_errors(form, exc, skip_prefix="people-")
        _add_person_errors(people, exc)
        return None


def _add_person_errors(people: Any, exc: ValidationError) -> None:
    """Show a service's per-person messages ("people-<n>-<field>") at that person's row."""
    if not hasattr(exc, "error_dict"):
        return
    filled = [f for f in people.forms if not f.is_blank()]
    for key, errors in exc.error_dict.items():
        parts = key.split("-", 2)
        if len(parts) != 3 or parts[0] != "people" or not parts[1].isdigit():
            continue
        index, field = int(parts[1]), parts[2]
        if index >= len(filled):
            continue
        target = filled[index]
        for error in errors:
            for message in error.messages:
                target.add_error(field if field in target.fields else None, message)


def _report_page(
    request: AuthenticatedHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    success: Any = None,
) -> HttpResponse:
    form, people, adding = _report_forms(request, context.pop("initial", None))
    if request.method == "POST" and not adding and form.is_valid() and people.is_valid():
        case = _register(request, form, people, **context.get("service_extra", {}))
        if case is not None:
            messages.success(
                request,
                _("Report %(ref)s registered; the safety assessment is due %(due)s.")
                % {
                    "ref": case.report.reference,
                    "due": case.assessment_due_at.strftime("%d-%m-%Y %H:%M"),
                },
            )
            return redirect("casework:detail", pk=case.pk)
    context.update({"form": form, "people": people, "focus_person": adding})
    status = 422 if request.method == "POST" and not adding else 200
    return render(request, template, context, status=status)


@vt_required
def report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _report_page(request, "intake/report_form.html", {})


@vt_required
def advice_convert(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = get_object_or_404(advice_requests_visible_to(request.user), pk=pk)
    if hasattr(advice, "report"):
        messages.info(request, _("This advice request was already converted into a report."))
        return redirect("intake:advice_detail", pk=advice.pk)
    access_record(
        request=request,
        action=AccessAction.VIEW,
        detail=f"advice request {advice.reference} (to convert)",
    )
    initial = {
        "received_at": advice.received_at,
        "channel": advice.channel,
        "reporter_role": advice.reporter_role,
        "reporter_name": advice.reporter_name,
        "reporter_organisation": advice.reporter_organisation,
        "kinds": advice.kinds,
        "municipality": advice.municipality_id,
    }
    return _report_page(
        request,
        "intake/report_form.html",
        {"initial": initial, "advice": advice, "service_extra": {"advice_request": advice}},
    )


def _status(request: AuthenticatedHttpRequest, form: Any) -> int:
    return 422 if request.method == "POST" and form.errors else 200


# --- the radar at intake: candidate matches for one person row ---------------------------------

PERSON_ROW_PREFIX = re.compile(r"people-\d{1,2}")
HOUSEHOLD_FIELDS = ("street", "house_number", "house_number_suffix", "postcode", "city")


def _row_value(form: forms.Form, name: str) -> Any:
    """One field of a (possibly incomplete) bound row, cleaned; empty when it does not clean."""
    field = form.fields[name]
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    try:
        return field.clean(raw)
    except ValidationError:
        return None


def _known_person(organisation_id: int, pk: Any) -> Person | None:
    """The person ``pk`` when known to this Veilig Thuis organisation (need-to-know)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Person.objects.filter(pk=pk, involvements__report__organisation_id=organisation_id)
        .distinct()
        .first()
    )


def _address(person: Person) -> str:
    number = f"{person.house_number}{person.house_number_suffix}".strip()
    first = " ".join(part for part in (person.street, number) if part)
    second = " ".join(part for part in (person.postcode, person.city) if part)
    return ", ".join(part for part in (first, second) if part)


def _shown(candidate: Candidate) -> dict[str, Any]:
    """A candidate as the partial shows it: labels, not codes; known fields only."""
    return {
        "person": candidate.person,
        "address": _address(candidate.person),
        "strength": candidate.score.strength.value,
        "strength_label": linkage_labels.strength_label(candidate.score.strength),
        "same_household": candidate.same_household,
        "co_resident": candidate.score.co_resident,
        "evidence": [
            {
                "label": linkage_labels.evidence_label(item),
                "category": item.category.value,
                "category_label": linkage_labels.category_label(item.category),
            }
            for item in candidate.score.evidence
            if item.category != Category.MISSING
        ],
    }


def _row_record(request: AuthenticatedHttpRequest, row: PersonForm) -> PersonRecord | None:
    """The row as a linkage record, with the household's address; None for an empty row."""
    values = {
        name: _row_value(row, name)
        for name in ("first_names", "surname_prefix", "surname", "date_of_birth", "sex", "bsn")
    }
    if not any(values[name] for name in PersonForm.IDENTIFYING):
        return None
    post = request.POST
    address = {name: post.get(name, "").strip()[:100] for name in HOUSEHOLD_FIELDS}
    chosen = post.get("municipality", "")
    municipality = (
        Municipality.objects.filter(pk=int(chosen), region_id=_organisation(request).region_id)
        .values_list("code", flat=True)
        .first()
        if chosen.isdigit()
        else None
    )
    return PersonRecord(
        record_id="new",
        surname=values["surname"] or "",
        first_names=values["first_names"] or "",
        surname_prefix=values["surname_prefix"] or "",
        date_of_birth=values["date_of_birth"],
        sex=values["sex"] or "",
        bsn=typed_bsn(values["bsn"] or ""),  # the blind index, as stored records carry it
        municipality_code=municipality or "",
        **address,
    )


@vt_required
@require_POST
def person_candidates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The radar for one person row of the report form (an htmx partial; writes nothing).

    POST: the report form's fields, ``prefix`` (which row, e.g. ``people-0``) and optionally
    ``chosen``: a person's pk (the worker confirmed "this is the same person"), ``none`` (none of
    these) or ``undo`` (drop the link and look again). Without ``chosen`` a row already linked
    (its ``existing_person_id``) stays linked.
    """
    prefix = request.POST.get("prefix", "")
    if not PERSON_ROW_PREFIX.fullmatch(prefix):
        return refused(HttpResponseBadRequest("prefix"))
    organisation_id = _organisation(request).pk
    row = PersonForm(request.POST, prefix=prefix)
    chosen = request.POST.get("chosen")
    if chosen is None:
        chosen = row.data.get(row.add_prefix("existing_person_id")) or None
    context: dict[str, Any] = {
        "prefix": prefix,
        "hidden": row["existing_person_id"],
        "state": "empty",
        "chosen_id": "",
        "same_person_label": linkage_labels.SAME_PERSON,
        "same_household_label": linkage_labels.SAME_HOUSEHOLD,
    }
    if chosen == "none":
        context["state"] = "dismissed"
    elif chosen not in (None, "", "undo"):
        linked = _known_person(organisation_id, chosen)
        if linked is not None:
            context.update(
                state="linked",
                linked=linked,
                chosen_id=linked.pk,
                focus=request.POST.get("chosen") is not None,
            )
    if context["state"] == "empty":
        record = _row_record(request, row)
        if record is not None:
            found = find_candidates(record=record, organisation_id=organisation_id)
            shown = [_shown(c) for c in found]
            context.update(
                state="candidates",
                candidates=[c for c in shown if not c["co_resident"]],
                household=[c for c in shown if c["co_resident"]],
                found_count=len(shown),
                focus=chosen == "undo",
            )
            access_record(
                request=request,
                action=AccessAction.RADAR_LOOKUP,
                person_ids=[c.person.pk for c in found],
                detail=f"intake radar, row {prefix} ({len(found)} candidates)",
            )
    if context["state"] == "linked":
        access_record(
            request=request,
            action=AccessAction.RADAR_LOOKUP,
            person_ids=(context["chosen_id"],),
            detail=f"intake radar, row {prefix} linked to a known person",
        )
    return render(request, "intake/_candidates.html", context)
