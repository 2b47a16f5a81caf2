"""Pure date arithmetic of retention and erasure requests (no Django).

- A closed file is destroyed ``years`` after its closure (``retention_cutoff``): a file closed at
  or before the cutoff is due.
- An erasure request (*vernietigingsverzoek*) is decided within three months of receipt
  (``decision_due``); the term ends on the same day of the month, or the month's last day.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

ERASURE_DECISION_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def years_before(moment: datetime, years: int) -> datetime:
    """The same moment ``years`` earlier; 29 February becomes 28 February in a common year."""
    if years < 0:
        raise ValueError("years must not be negative")
    year = moment.year - years
    day = min(moment.day, calendar.monthrange(year, moment.month)[1])
    return moment.replace(year=year, day=day)


def retention_cutoff(now: datetime, years: int) -> datetime:
    """Files closed at or before this moment have reached the end of their retention term."""
    return years_before(now, years)


def decision_due(received_on: date) -> date:
    """The last day on which an erasure request received on ``received_on`` must be decided."""
    return add_months(received_on, ERASURE_DECISION_MONTHS)


def is_overdue(due_on: date, today: date) -> bool:
    return today > due_on


def days_left(due_on: date, today: date) -> int:
    """Calendar days until the decision is due (negative when overdue)."""
    return (due_on - today).days
