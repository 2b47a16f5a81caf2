"""Unusual access: simple, explainable rules over access-log entries (pure; no Django).

Each rule looks at one user's entries of one day and fires at most once for that user and day,
with the numbers that made it fire and the entries that are its evidence. The privacy officer's
page words each hit in plain Dutch (``audit/labels.py``). The thresholds are configuration
(``RuleConfig``; settings ``KZ_UNUSUAL_*``, documented in settings.py and docs/architecture.md).

The rules:

- ``unassigned_cases``: a user opened more than ``unassigned_cases_per_day`` different case
  files in a day that are not assigned to them (case pages only; lists and searches do not
  count). Team leads, who review every file of their team, are left out.
- ``outside_office_hours``: personal data was read or changed outside office hours (before
  ``office_start`` or from ``office_end`` on, or on a day that is no working day: weekends,
  Dutch national holidays, configured closing days). Veilig Thuis has a 24-hour crisis service:
  users on crisis duty can be left out (``office_hours_exempt``).
- ``many_radar_lookups``: more than ``radar_lookups_per_day`` radar lookups in a day.
- ``many_exports``: more than ``exports_per_day`` exports in a day.
- ``repeated_denied``: at least ``denied_per_day`` refused requests in a day (someone trying
  URLs or ids outside their reach).
- ``break_glass``: any break-glass access by an administrator, always.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ketenzicht.common.calendar import is_working_day

# Actions that read or change personal data (not logins, refusals or lists of nothing).
PERSONAL_DATA_ACTIONS = frozenset(
    {
        "view",
        "edit",
        "export",
        "print",
        "radar_lookup",
        "search",
        "subject_access",
        "break_glass",
        "destroy",
    }
)
RULES = (
    "unassigned_cases",
    "outside_office_hours",
    "many_radar_lookups",
    "many_exports",
    "repeated_denied",
    "break_glass",
)


@dataclass(frozen=True)
class RuleConfig:
    unassigned_cases_per_day: int = 10
    office_start: time = time(7, 0)
    office_end: time = time(19, 0)
    radar_lookups_per_day: int = 50
    exports_per_day: int = 10
    denied_per_day: int = 5
    # User names whose access outside office hours is expected (the crisis service).
    office_hours_exempt: frozenset[str] = frozenset()
    # Roles left out of ``unassigned_cases`` (they review the whole team's files).
    unassigned_exempt_roles: frozenset[str] = frozenset({"team_lead"})

    def __post_init__(self) -> None:
        for name in (
            "unassigned_cases_per_day",
            "radar_lookups_per_day",
            "exports_per_day",
            "denied_per_day",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.office_start >= self.office_end:
            raise ValueError("office hours must start before they end")


@dataclass(frozen=True)
class Event:
    """One access-log entry as the rules see it. ``at`` is local time. ``unassigned_case_ids``
    are the entry's cases that are not assigned to the user (the caller knows assignment)."""

    sequence: int
    at: datetime
    user_id: int | None
    username: str
    role: str
    action: str
    case_ids: tuple[int, ...] = ()
    unassigned_case_ids: tuple[int, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class Hit:
    rule: str
    user_id: int | None
    username: str
    day: date
    count: int  # what was counted (case files, lookups, entries out of hours, ...)
    limit: int | None  # the threshold that was passed, where the rule has one
    sequences: tuple[int, ...] = field(default=())  # the entries that are the evidence
    first_at: datetime | None = None
    last_at: datetime | None = None


def parse_hours(text: str) -> tuple[time, time]:
    """``"07:00-19:00"`` -> (07:00, 19:00); ValueError on anything else."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as exc:
        raise ValueError(f"office hours look like 07:00-19:00, not {text!r}") from exc
    if start >= end:
        raise ValueError(f"office hours must start before they end: {text!r}")
    return start, end


def _hit(rule: str, events: list[Event], count: int, limit: int | None) -> Hit:
    first = events[0]
    return Hit(
        rule=rule,
        user_id=first.user_id,
        username=first.username,
        day=first.at.date(),
        count=count,
        limit=limit,
        sequences=tuple(e.sequence for e in events),
        first_at=min(e.at for e in events),
        last_at=max(e.at for e in events),
    )


def _unassigned_cases(events: list[Event], config: RuleConfig) -> Hit | None:
    if events[0].role in config.unassigned_exempt_roles:
        return None
    opened = [e for e in events if e.action == "view" and e.unassigned_case_ids]
    cases = {case for e in opened for case in e.unassigned_case_ids}
    if len(cases) <= config.unassigned_cases_per_day:
        return None
    return _hit("unassigned_cases", opened, len(cases), config.unassigned_cases_per_day)


def _outside_office_hours(
    events: list[Event], config: RuleConfig, closing_days: frozenset[date]
) -> Hit | None:
    if events[0].username in config.office_hours_exempt:
        return None
    outside = [
        e
        for e in events
        if e.action in PERSONAL_DATA_ACTIONS
        and (
            not is_working_day(e.at.date(), closing_days)
            or not config.office_start <= e.at.time() < config.office_end
        )
    ]
    return _hit("outside_office_hours", outside, len(outside), None) if outside else None


def _counting(
    rule: str, action: str, limit: Callable[[RuleConfig], int], *, at_least: bool
) -> Callable[[list[Event], RuleConfig], Hit | None]:
    def check(events: list[Event], config: RuleConfig) -> Hit | None:
        matching = [e for e in events if e.action == action]
        threshold = limit(config)
        fires = len(matching) >= threshold if at_least else len(matching) > threshold
        return _hit(rule, matching, len(matching), threshold) if fires else None

    return check


_many_radar = _counting(
    "many_radar_lookups", "radar_lookup", lambda c: c.radar_lookups_per_day, at_least=False
)
_many_exports = _counting("many_exports", "export", lambda c: c.exports_per_day, at_least=False)
_repeated_denied = _counting("repeated_denied", "denied", lambda c: c.denied_per_day, at_least=True)


def _break_glass(events: list[Event], config: RuleConfig) -> Hit | None:
    used = [e for e in events if e.action == "break_glass"]
    return _hit("break_glass", used, len(used), None) if used else None


def unusual_access(
    events: Iterable[Event], *, config: RuleConfig, closing_days: Iterable[date] = ()
) -> list[Hit]:
    """Every hit over ``events``, by day (newest first), then user name, then rule order."""
    closed = frozenset(closing_days)
    by_user_day: dict[tuple[int | None, str, date], list[Event]] = defaultdict(list)
    for event in events:
        by_user_day[(event.user_id, event.username, event.at.date())].append(event)
    hits: list[Hit] = []
    for key in sorted(by_user_day, key=lambda k: (-k[2].toordinal(), k[1], k[0] or 0)):
        day_events = sorted(by_user_day[key], key=lambda e: e.sequence)
        for found in (
            _unassigned_cases(day_events, config),
            _outside_office_hours(day_events, config, closed),
            _many_radar(day_events, config),
            _many_exports(day_events, config),
            _repeated_denied(day_events, config),
            _break_glass(day_events, config),
        ):
            if found is not None:
                hits.append(found)
    return hits
