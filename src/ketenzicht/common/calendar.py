"""The Dutch working-day calendar: a pure module (no database).

A working day is a weekday (Monday to Friday) that is not a Dutch national holiday, as given by
the ``holidays`` package (New Year, Good Friday, Easter Monday, King's Day, Liberation Day in
lustrum years, Ascension Day, Whit Monday, Christmas), and not one of the extra closing days an
administrator configured (passed in as ``closing_days``).

Counting follows the Dutch practice for legal terms: the day of receipt itself does not count;
"within 5 working days" of a report received on Monday ends on the following Monday.

    >>> from datetime import date
    >>> add_working_days(date(2026, 4, 2), 1)   # Thursday before Easter -> Tuesday after
    datetime.date(2026, 4, 7)
    >>> working_days_between(date(2026, 4, 2), date(2026, 4, 7))
    1
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date, closing_days: Iterable[date] = ()) -> bool:
    """True when ``day`` is a weekday, no Dutch national holiday and no extra closing day."""
    if day.weekday() >= 5:
        return False
    if day in _national_holidays(day.year):
        return False
    return day not in frozenset(closing_days)


def add_working_days(start: date, days: int, closing_days: Iterable[date] = ()) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    ``days`` may be 0 (``start`` itself, moved forward to a working day if it is none) or
    negative (counting backwards).
    """
    closed = frozenset(closing_days)
    current = start
    if days == 0:
        while not is_working_day(current, closed):
            current += timedelta(days=1)
        return current
    step = timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    while remaining:
        current += step
        if is_working_day(current, closed):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, closing_days: Iterable[date] = ()) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    When ``end`` lies before ``start`` the result is minus the number of working days from
    ``end`` (included) up to ``start`` (excluded), mirroring how :func:`add_working_days` counts
    backwards; so ``add_working_days(s, working_days_between(s, e)) == e`` whenever ``e`` is a
    working day, in both directions.
    """
    closed = frozenset(closing_days)
    if end == start:
        return 0
    if end < start:
        count = 0
        current = end
        while current < start:
            if is_working_day(current, closed):
                count += 1
            current += timedelta(days=1)
        return -count
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, closed):
            count += 1
    return count
