"""Subject access (*inzageverzoek*): a team lead finds the person and downloads everything the
system holds about them, as JSON and as a PDF. Each download is logged (SUBJECT_ACCESS).

Team leads only: answering a request means weighing what may be given (a shielded reporter,
other people's data in the same file) and reading the result before it leaves the organisation;
that is the responsibility of the team lead, who already carries the second review of every
decision. Workers and the privacy officer (who advises on, but does not read, case files) get
403.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.intake.models import Person
from ketenzicht.organisations.access import AuthenticatedHttpRequest, roles_required
from ketenzicht.organisations.models import Role
from ketenzicht.subject_access.forms import FindSubjectForm
from ketenzicht.subject_access.pdf import dossier_pdf
from ketenzicht.subject_access.selectors import (
    dossier,
    find_subjects,
    subject_for_request,
)

team_lead_required = roles_required(Role.TEAM_LEAD)


@team_lead_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FindSubjectForm(request.GET or None)
    found: list[Person] | None = None
    if form.is_bound and form.is_valid():
        found = find_subjects(
            request.user,
            bsn=form.cleaned_data["bsn"],
            surname=form.cleaned_data["surname"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        access_record(
            request=request,
            action=AccessAction.SEARCH,
            person_ids=tuple(p.pk for p in found),
            detail=f"subject access search ({len(found)} found)",
        )
    return render(request, "subject_access/start.html", {"form": form, "found": found})


def _subject(request: AuthenticatedHttpRequest, pk: int) -> Person | HttpResponse:
    try:
        return subject_for_request(request.user, pk)
    except Person.DoesNotExist:
        return render(request, "404.html", status=404)


@team_lead_required
def person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    if isinstance(subject, HttpResponse):
        return subject
    access_record(
        request=request,
        action=AccessAction.VIEW,
        person_ids=(subject.pk,),
        detail="subject access page",
    )
    return render(request, "subject_access/person.html", {"subject": subject})


def _logged(request: AuthenticatedHttpRequest, data: dict, kind: str) -> None:
    records = [
        data["person"]["record"],
        *(m["record"] for m in data["records_merged_into_this_person"]),
    ]
    cases = [r["case"]["reference"] for r in data["reports"] if r["case"]]
    access_record(
        request=request,
        action=AccessAction.SUBJECT_ACCESS,
        person_ids=tuple(records),
        case_ids=tuple(int(ref[1:]) for ref in cases),
        detail=f"subject access {kind} ({len(data['reports'])} reports)",
    )


def _filename(subject: Person, extension: str) -> str:
    return f"inzage-{subject.pk}-{timezone.localdate():%Y%m%d}.{extension}"


@team_lead_required
def download_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    if isinstance(subject, HttpResponse):
        return subject
    data = dossier(request.user, subject)
    _logged(request, data, "JSON")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(subject, "json")}"'
    return response


@team_lead_required
def download_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    if isinstance(subject, HttpResponse):
        return subject
    data = dossier(request.user, subject)
    _logged(request, data, "PDF")
    response = HttpResponse(dossier_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(subject, "pdf")}"'
    return response
