"""How each fact of a report is derived (a pure module: plain values in, plain values out).

- *Repeat report* (hermelding): an earlier report, received within the 12 months before this
  one, about the same household or one of the same people.
- *During open involvement*: when this report arrived, the case of an earlier report about the
  same household or one of the same people was still open (opened, not yet closed).
- *Within the term*: a step done by its due moment is within the term; a step not done while its
  due moment has passed counts as late already (an overdue assessment is a miss today, not only
  once it is done); a step neither done nor due yet is left out of the share.
- *Lead time of the assessment*: working days after the day of receipt up to the day of the
  decision (Dutch counting, holidays and closing days skipped: ``common.calendar``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ketenzicht.casework.deadlines import local_date
from ketenzicht.common.calendar import working_days_between


@dataclass(frozen=True)
class ReportKeys:
    """A report as the history rules see it: when, and which household and people it is about."""

    id: int
    received_at: datetime
    keys: frozenset[str]  # "h<household id>", "p<person id>"
    opened_at: datetime | None = None
    closed_at: datetime | None = None


def months_before(day: datetime, months: int = 12) -> datetime:
    """The same moment ``months`` months earlier (31 March minus one month is 28/29 February)."""
    month0 = day.month - 1 - months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def history_flags(reports: Iterable[ReportKeys], months: int = 12) -> dict[int, tuple[bool, bool]]:
    """For each report: (repeat within ``months``, arrived during open involvement)."""
    ordered = sorted(reports, key=lambda r: (r.received_at, r.id))
    earlier_by_key: dict[str, list[ReportKeys]] = defaultdict(list)
    result: dict[int, tuple[bool, bool]] = {}
    for report in ordered:
        since = months_before(report.received_at, months)
        repeat = during_open = False
        for key in report.keys:
            for other in earlier_by_key[key]:
                if other.received_at >= since:
                    repeat = True
                if (
                    other.opened_at is not None
                    and other.opened_at <= report.received_at
                    and (other.closed_at is None or other.closed_at > report.received_at)
                ):
                    during_open = True
        result[report.id] = (repeat, during_open)
        for key in report.keys:
            earlier_by_key[key].append(report)
    return result


def in_term(done_at: datetime | None, due_at: datetime | None, now: datetime) -> bool | None:
    """True/False when done (or overdue), None when neither done nor due yet (see module doc)."""
    if due_at is None:
        return None
    if done_at is not None:
        return done_at <= due_at
    return False if due_at < now else None


def working_days(start: datetime, end: datetime, closing_days: Iterable[date] = ()) -> int:
    return max(0, working_days_between(local_date(start), local_date(end), closing_days))


def calendar_days(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, (local_date(end) - local_date(start)).days)
