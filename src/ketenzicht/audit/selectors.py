"""Reading the access log: entries about persons, cases and households; entries by a user; the
users a privacy officer oversees; the unusual-access rules' configuration."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils import timezone

from ketenzicht.audit.models import AccessAction, AccessLogEntry, AccessLogSubject, SubjectKind
from ketenzicht.audit.rules import RuleConfig, parse_hours
from ketenzicht.organisations.models import Role, User


def rule_config() -> RuleConfig:
    """The unusual-access thresholds from the settings (KZ_UNUSUAL_*); loud when malformed."""
    try:
        start, end = parse_hours(settings.KZ_UNUSUAL_OFFICE_HOURS)
        return RuleConfig(
            unassigned_cases_per_day=settings.KZ_UNUSUAL_UNASSIGNED_CASES,
            office_start=start,
            office_end=end,
            radar_lookups_per_day=settings.KZ_UNUSUAL_RADAR_LOOKUPS,
            exports_per_day=settings.KZ_UNUSUAL_EXPORTS,
            denied_per_day=settings.KZ_UNUSUAL_DENIED,
            office_hours_exempt=frozenset(settings.KZ_UNUSUAL_OFFICE_HOURS_EXEMPT),
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"KZ_UNUSUAL_*: {exc}") from exc


def entries_about(
    *,
    person_ids: Iterable[int] = (),
    case_ids: Iterable[int] = (),
    household_ids: Iterable[int] = (),
) -> QuerySet[AccessLogEntry]:
    """Entries naming any of these persons, cases or households (through the subject index),
    newest first."""
    condition = Q(pk__in=[])
    for kind, ids in (
        (SubjectKind.PERSON, person_ids),
        (SubjectKind.CASE, case_ids),
        (SubjectKind.HOUSEHOLD, household_ids),
    ):
        ids = list(ids)
        if ids:
            condition |= Q(kind=kind, object_id__in=ids)
    subjects = AccessLogSubject.objects.filter(condition).values("entry_id")
    return AccessLogEntry.objects.filter(pk__in=subjects).order_by("-sequence")


def entries_about_person(
    user: User,
    *,
    person_id: int,
    case_ids: Iterable[int] = (),
    household_ids: Iterable[int] = (),
) -> list[dict[str, Any]]:
    """For a subject access export: each look at this person (and, if given, their cases and
    households), by organisation and role, never by the name of the member of staff (CJEU
    C-579/21). ``user`` is the one asking (already checked by the caller)."""
    entries = entries_about(person_ids=[person_id], case_ids=case_ids, household_ids=household_ids)
    return [
        {
            "at": e.occurred_at,
            "action": e.action,
            "organisation": e.organisation_name,
            "role": e.role,
        }
        for e in entries.exclude(action=AccessAction.DENIED).only(
            "occurred_at", "action", "organisation_name", "role"
        )
    ]


def users_overseen_by(officer: User) -> QuerySet[User]:
    """The users whose access a privacy officer reviews: those of their own organisation, and
    the administrators (no organisation; their break-glass access is reported here)."""
    if officer.role != Role.PRIVACY_OFFICER or officer.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        Q(organisation_id=officer.organisation_id) | Q(role=Role.ADMINISTRATOR)
    ).order_by("last_name", "first_name", "username")


def entries_by_users(
    user_ids: Iterable[int], *, start: datetime, end: datetime
) -> QuerySet[AccessLogEntry]:
    """The entries of these users from ``start`` up to (not including) ``end``, newest first."""
    return AccessLogEntry.objects.filter(
        user_id__in=list(user_ids), occurred_at__gte=start, occurred_at__lt=end
    ).order_by("-sequence")


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The aware datetimes from the start of ``first`` to the end of ``last`` (local dates)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start, end
