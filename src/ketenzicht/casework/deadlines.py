"""Statutory and configured terms of the Veilig Thuis process: a pure module (no database).

Every function takes the :class:`Terms` in force (configured by an administrator, defaults from
BRIEF section 3) and the extra closing days, and returns timezone-aware deadlines. A term
measured in days ends at the end of its last day, Amsterdam time; an acute safety assessment ends
exactly 24 hours after receipt.
"""

from __future__ import annotations

import calendar as std_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ketenzicht.common.calendar import add_working_days, working_days_between

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Terms:
    """The terms in force. Defaults follow the law and BRIEF section 3."""

    assessment_working_days: int = 5
    acute_assessment_hours: int = 24
    reporter_feedback_working_days: int = 5
    vv_weeks: int = 10
    investigation_start_working_days: int = 5
    investigation_weeks: int = 10
    inform_involved_weeks: int = 4
    inform_extension_weeks: int = 2
    monitoring_months: tuple[int, ...] = (3, 10)
    restraining_order_days: int = 10
    restraining_order_max_days: int = 28


DEFAULT_TERMS = Terms()


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Amsterdam."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=AMSTERDAM)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Only timezone-aware datetimes are allowed")
    return moment


def local_date(moment: datetime) -> date:
    return _aware(moment).astimezone(AMSTERDAM).date()


def assessment_due(
    received_at: datetime,
    *,
    acute: bool,
    terms: Terms = DEFAULT_TERMS,
    closing_days: Iterable[date] = (),
) -> datetime:
    """Safety assessment: acute at once (within 24 hours), otherwise within 5 working days."""
    if acute:
        # Exactly so many hours, also across a daylight-saving change (so computed in UTC).
        moment = _aware(received_at).astimezone(UTC)
        return (moment + timedelta(hours=terms.acute_assessment_hours)).astimezone(AMSTERDAM)
    day = add_working_days(local_date(received_at), terms.assessment_working_days, closing_days)
    return end_of_day(day)


def reporter_feedback_due(
    moment: datetime, *, terms: Terms = DEFAULT_TERMS, closing_days: Iterable[date] = ()
) -> datetime:
    """Feedback to the reporter after the decision or after an investigation."""
    day = add_working_days(local_date(moment), terms.reporter_feedback_working_days, closing_days)
    return end_of_day(day)


def vv_due(decided_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """Voorwaarden en vervolg is finished within 10 weeks of the decision."""
    return end_of_day(local_date(decided_at) + timedelta(weeks=terms.vv_weeks))


def investigation_start_due(
    decided_at: datetime, *, terms: Terms = DEFAULT_TERMS, closing_days: Iterable[date] = ()
) -> datetime:
    """An investigation starts within 5 working days of the decision."""
    day = add_working_days(
        local_date(decided_at), terms.investigation_start_working_days, closing_days
    )
    return end_of_day(day)


def investigation_due(decided_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """An investigation is concluded within 10 weeks of the decision."""
    return end_of_day(local_date(decided_at) + timedelta(weeks=terms.investigation_weeks))


def inform_involved_due(recorded_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """The people involved are told within 4 weeks that data about them was recorded."""
    return end_of_day(local_date(recorded_at) + timedelta(weeks=terms.inform_involved_weeks))


def inform_involved_extended(current_due: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """One extension of the informing term (2 weeks at a time, with a reason)."""
    return end_of_day(local_date(current_due) + timedelta(weeks=terms.inform_extension_weeks))


def add_months(day: date, months: int) -> date:
    """``day`` plus (or, when negative, minus) whole calendar months, clipped to the last day
    of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = std_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def monitoring_moments(accepted_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> list[datetime]:
    """The monitoring moments after an accepted handover (default 3 and 10 months)."""
    start = local_date(accepted_at)
    return [end_of_day(add_months(start, m)) for m in sorted(set(terms.monitoring_months))]


def restraining_order_end(imposed_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """A tijdelijk huisverbod lasts 10 days from its imposition (same Amsterdam clock time)."""
    return _aware(imposed_at).astimezone(AMSTERDAM) + timedelta(days=terms.restraining_order_days)


def restraining_order_latest_end(imposed_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """An extension may run to at most 28 days after the imposition."""
    return _aware(imposed_at).astimezone(AMSTERDAM) + timedelta(
        days=terms.restraining_order_max_days
    )


def working_days_left(today: date, due: datetime, closing_days: Iterable[date] = ()) -> int:
    """Working days from ``today`` until the deadline; 0 on the last day, negative when late."""
    return working_days_between(today, local_date(due), closing_days)
