"""The privacy officer's pages (*toezicht*): who looked at this person, what did this user look
at, unusual access, and a CSV export of each selection.

Privacy officers only (403 for everyone else), and only within their own organisation: the
persons it knows, its users and the administrators. The pages show log metadata, names and case
numbers, never what a case file says. Each look at the log is itself logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit import oversight
from ketenzicht.audit.details import describe
from ketenzicht.audit.forms import PersonSearchForm, UnusualPeriodForm, UserPeriodForm
from ketenzicht.audit.labels import RULE_TITLES, explain
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.rules import Event, unusual_access
from ketenzicht.audit.selectors import (
    entries_about,
    entries_by_users,
    local_day_bounds,
    rule_config,
    users_overseen_by,
)
from ketenzicht.audit.services import access_record
from ketenzicht.common.exports import csv_bytes
from ketenzicht.common.models import closing_days
from ketenzicht.common.pagination import CappedPaginator
from ketenzicht.organisations.access import AuthenticatedHttpRequest, roles_required
from ketenzicht.organisations.models import Role

privacy_required = roles_required(Role.PRIVACY_OFFICER)

PER_PAGE = 50
MAX_EXPORT = 10_000
ACTION_LABELS = dict(AccessAction.choices)
ROLE_LABELS = dict(Role.choices)


def case_reference(pk: int) -> str:
    return f"Z{pk:07d}"  # as casework.models.Case.reference


def _rows(officer: Any, entries: Iterable[AccessLogEntry], *, names: bool) -> list[dict[str, Any]]:
    entries = list(entries)
    shown = (
        oversight.person_names(officer, (pk for e in entries for pk in e.person_ids))
        if names
        else {}
    )
    return [
        {
            "entry": e,
            "action": ACTION_LABELS.get(e.action, e.action),
            "role": ROLE_LABELS.get(e.role, e.role),
            "detail": describe(e.detail),
            "cases": [case_reference(pk) for pk in e.case_ids],
            "persons": [shown.get(pk, f"#{pk}") for pk in e.person_ids],
        }
        for e in entries
    ]


def _page(request: AuthenticatedHttpRequest, entries: QuerySet[AccessLogEntry]) -> Any:
    return CappedPaginator(entries, PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request: AuthenticatedHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _csv(
    request: AuthenticatedHttpRequest,
    entries: QuerySet[AccessLogEntry],
    *,
    filename: str,
    person_ids: Iterable[int] = (),
) -> HttpResponse:
    selected = list(entries[: MAX_EXPORT + 1])
    if len(selected) > MAX_EXPORT:
        return render(
            request,
            "audit/too_many.html",
            {"max": MAX_EXPORT, "back": f"?{_query_without_page(request)}"},
            status=400,
        )
    header = [
        _("Number"),
        _("Time"),
        _("User"),
        _("User name"),
        _("Organisation"),
        _("Role"),
        _("Action"),
        _("Cases"),
        _("Persons (record numbers)"),
        _("Households"),
        _("What"),
        _("Detail (as stored)"),
        _("Page"),
        _("Method"),
        _("IP address"),
    ]
    table: list[list[str | int]] = [
        [
            e.sequence,
            timezone.localtime(e.occurred_at).strftime("%d-%m-%Y %H:%M:%S"),
            e.user_id or "",
            e.username,
            e.organisation_name,
            str(ROLE_LABELS.get(e.role, e.role)),
            str(ACTION_LABELS.get(e.action, e.action)),
            " ".join(case_reference(pk) for pk in e.case_ids),
            " ".join(str(pk) for pk in e.person_ids),
            " ".join(str(pk) for pk in e.household_ids),
            describe(e.detail),
            e.detail,
            e.path,
            e.method,
            e.ip_address or "",
        ]
        for e in selected
    ]
    data, count = csv_bytes([str(h) for h in header], table)
    access_record(
        request=request,
        action=AccessAction.EXPORT,
        person_ids=person_ids,
        detail=f"export {filename} ({count} rows)",
    )
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@privacy_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "audit/home.html")


@privacy_required
def person_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    found: list[Any] | None = None
    if form.is_bound and form.is_valid():
        found = oversight.find_persons(request.user, query=form.cleaned_data["q"])
        access_record(
            request=request,
            action=AccessAction.SEARCH,
            person_ids=[p.pk for p in found],
            detail=f"access log: person search ({len(found)} found)",
        )
    return render(request, "audit/person_search.html", {"form": form, "found": found})


@privacy_required
def person_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = oversight.person_for_officer(request.user, pk)
    if person is None:
        raise Http404
    trace = oversight.footprint(person)
    entries = entries_about(person_ids=trace.person_ids, case_ids=trace.case_ids)
    if request.GET.get("format") == "csv":
        return _csv(
            request,
            entries,
            filename=f"toegang-persoon-{person.pk}.csv",
            person_ids=trace.person_ids,
        )
    page = _page(request, entries)
    access_record(
        request=request,
        action=AccessAction.VIEW,
        person_ids=trace.person_ids,
        detail=f"access log of a person, page {page.number}",
    )
    context = {
        "person": person,
        "cases": [case_reference(pk) for pk in trace.case_ids],
        "merged": [pk for pk in trace.person_ids if pk != person.pk],
        "page": page,
        "rows": _rows(request.user, page.object_list, names=False),
        "query": _query_without_page(request),
    }
    return render(request, "audit/person_log.html", context)


@privacy_required
def user_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    users = users_overseen_by(request.user)
    form = UserPeriodForm(request.GET or None, users=users)
    context: dict[str, Any] = {"form": form, "page": None}
    if form.is_bound and form.is_valid():
        who = form.cleaned_data["user"]
        first, last = form.cleaned_data["start"], form.cleaned_data["end"]
        entries = entries_by_users(
            [who.pk], start=local_day_bounds(first, last)[0], end=local_day_bounds(first, last)[1]
        )
        if request.GET.get("format") == "csv":
            return _csv(
                request,
                entries,
                filename=f"toegang-{who.username}-{first:%Y%m%d}-{last:%Y%m%d}.csv",
            )
        page = _page(request, entries)
        rows = _rows(request.user, page.object_list, names=True)
        access_record(
            request=request,
            action=AccessAction.SEARCH,
            person_ids=[pk for row in rows for pk in row["entry"].person_ids],
            detail=f"access log of user {who.username}, {first:%d-%m-%Y} to {last:%d-%m-%Y}",
        )
        context.update(
            who=who,
            first=first,
            last=last,
            page=page,
            rows=rows,
            query=_query_without_page(request),
        )
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "audit/user_log.html", context, status=status)


def _events(entries: QuerySet[AccessLogEntry]) -> list[Event]:
    rows = list(
        entries.values_list(
            "sequence",
            "occurred_at",
            "user_id",
            "username",
            "role",
            "action",
            "case_ids",
            "detail",
        )
    )
    assigned = oversight.assigned_cases(
        pk for row in rows if row[5] == AccessAction.VIEW for pk in row[6]
    )
    return [
        Event(
            sequence=sequence,
            at=timezone.localtime(at).replace(tzinfo=None),
            user_id=user_id,
            username=username,
            role=role,
            action=action,
            case_ids=tuple(case_ids),
            unassigned_case_ids=tuple(
                pk for pk in case_ids if action == AccessAction.VIEW and assigned.get(pk) != user_id
            ),
            detail=detail,
        )
        for sequence, at, user_id, username, role, action, case_ids, detail in rows
    ]


@privacy_required
def unusual(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UnusualPeriodForm(request.GET)
    config = rule_config()
    closed = frozenset(closing_days())
    context: dict[str, Any] = {"form": form, "config": config, "hits": None}
    if form.is_valid():
        first: date = form.cleaned_data["start"]
        last: date = form.cleaned_data["end"]
        users = users_overseen_by(request.user)
        start, end = local_day_bounds(first, last)
        entries = entries_by_users(users.values_list("pk", flat=True), start=start, end=end)
        hits = unusual_access(_events(entries), config=config, closing_days=closed)
        names = {u.pk: f"{u} ({u.username})" for u in users}
        page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
        access_record(
            request=request,
            action=AccessAction.SEARCH,
            detail=f"unusual access {first:%d-%m-%Y} to {last:%d-%m-%Y} ({len(hits)} found)",
        )
        context.update(
            first=first,
            last=last,
            page=page,
            query=_query_without_page(request),
            hits=[
                {
                    "hit": hit,
                    "title": RULE_TITLES[hit.rule],
                    "reason": explain(
                        hit,
                        name=names.get(hit.user_id or 0, hit.username or _("unknown user")),
                        config=config,
                        closing_days=closed,
                    ),
                }
                for hit in page.object_list
            ],
        )
    status = 422 if not form.is_valid() else 200
    return render(request, "audit/unusual.html", context, status=status)
