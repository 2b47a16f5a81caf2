"""The escalation ladder (*opschalingsmodel*, BRIEF §5): a pure module (no Django).

When help stalls the case director escalates step by step:

1. ``DESK_ADVICE``: ask the process-direction desk (*Meldpunt* / Zorg- en Veiligheidshuis) for
   advice — default term 2 working days (*configurable*; not fixed by the BRIEF);
2. ``MEETING``: meet the organisations involved as soon as possible and record who does which
   part by when — default term 5 working days (*configurable*);
3. ``MANAGERS``: no agreement, so the managers of the organisations where it stalls — default
   term 5 working days (*configurable*);
4. ``PROCESS_DIRECTOR``: report to the desk, which appoints a process director within
   **2 working days** (and, if urgent, calls an urgent care meeting within 2 working days);
5. ``ADMINISTRATIVE``: serious cases only — the desk's manager and the municipal official or
   alderman decide; an oral decision is confirmed in writing within **24 hours**.

Rules: the ladder goes forward only, one step at a time, except that an urgent escalation may go
straight to step 4; step 5 is only for an escalation marked serious; moving on needs the current
step's outcome. A term in working days ends at the end of its last day, Amsterdam time (the day
the step started does not count, as for legal terms); a term in hours is exact, also across a
daylight-saving change.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> start = datetime(2026, 4, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # Friday
    >>> step_due(Step.PROCESS_DIRECTOR, start).date()   # Monday 27 April is King's Day
    datetime.date(2026, 4, 29)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum

from ketenzicht.casework.deadlines import AMSTERDAM, end_of_day, local_date
from ketenzicht.common.calendar import add_working_days


class Step(IntEnum):
    DESK_ADVICE = 1
    MEETING = 2
    MANAGERS = 3
    PROCESS_DIRECTOR = 4
    ADMINISTRATIVE = 5


FIRST = Step.DESK_ADVICE
LAST = Step.ADMINISTRATIVE


@dataclass(frozen=True)
class Terms:
    """The terms of the ladder. Steps 1-3 are regional practice (defaults documented above);
    step 4's 2 working days and the 24 hours of step 5 come from the BRIEF."""

    desk_advice_working_days: int = 2
    meeting_working_days: int = 5
    managers_working_days: int = 5
    appointment_working_days: int = 2
    urgent_meeting_working_days: int = 2
    confirmation_hours: int = 24


DEFAULT_TERMS = Terms()


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Only timezone-aware datetimes are allowed")
    return moment


def working_days_due(
    started_at: datetime, days: int, closing_days: Iterable[date] = ()
) -> datetime:
    """End of the ``days``-th working day after the day of ``started_at`` (Amsterdam)."""
    return end_of_day(add_working_days(local_date(_aware(started_at)), days, closing_days))


def hours_due(started_at: datetime, hours: int) -> datetime:
    """Exactly ``hours`` hours later (computed in UTC, so a DST change does not shift it)."""
    return (_aware(started_at).astimezone(UTC) + timedelta(hours=hours)).astimezone(AMSTERDAM)


def step_due(
    step: Step,
    started_at: datetime,
    *,
    terms: Terms = DEFAULT_TERMS,
    closing_days: Iterable[date] = (),
) -> datetime:
    """The deadline of ``step`` when it started at ``started_at``."""
    step = Step(step)
    if step == Step.ADMINISTRATIVE:
        return hours_due(started_at, terms.confirmation_hours)
    days = {
        Step.DESK_ADVICE: terms.desk_advice_working_days,
        Step.MEETING: terms.meeting_working_days,
        Step.MANAGERS: terms.managers_working_days,
        Step.PROCESS_DIRECTOR: terms.appointment_working_days,
    }[step]
    return working_days_due(started_at, days, closing_days)


def urgent_meeting_due(
    called_at: datetime, *, terms: Terms = DEFAULT_TERMS, closing_days: Iterable[date] = ()
) -> datetime:
    """An urgent care meeting is held within 2 working days of being called."""
    return working_days_due(called_at, terms.urgent_meeting_working_days, closing_days)


def confirmation_due(oral_decision_at: datetime, *, terms: Terms = DEFAULT_TERMS) -> datetime:
    """An oral administrative decision is confirmed in writing within 24 hours."""
    return hours_due(oral_decision_at, terms.confirmation_hours)


def allowed_next(current: Step, *, urgent: bool, serious: bool) -> tuple[Step, ...]:
    """The steps that may follow ``current`` (forward only)."""
    current = Step(current)
    options: list[Step] = []
    if current < Step.PROCESS_DIRECTOR:
        options.append(Step(current + 1))
        if urgent and current + 1 < Step.PROCESS_DIRECTOR:
            options.append(Step.PROCESS_DIRECTOR)
    elif current == Step.PROCESS_DIRECTOR and serious:
        options.append(Step.ADMINISTRATIVE)
    return tuple(options)


# Problem codes of :func:`advance_problems` (the service turns them into messages).
NO_OUTCOME = "no_outcome"
LAST_STEP = "last_step"
BACKWARDS = "backwards"
SKIPS = "skips"
NOT_SERIOUS = "not_serious"


def advance_problems(
    current: Step, target: Step, *, urgent: bool, serious: bool, outcome: str
) -> list[str]:
    """Why the ladder may not move from ``current`` to ``target`` (empty: it may)."""
    current, target = Step(current), Step(target)
    problems = []
    if not outcome.strip():
        problems.append(NO_OUTCOME)
    if target in allowed_next(current, urgent=urgent, serious=serious):
        return problems
    if current == LAST:
        problems.append(LAST_STEP)
    elif target <= current:
        problems.append(BACKWARDS)
    elif target == Step.ADMINISTRATIVE and not serious:
        problems.append(NOT_SERIOUS)
    else:
        problems.append(SKIPS)
    return problems


def is_missed(due_at: datetime, *, now: datetime, done_at: datetime | None = None) -> bool:
    """A deadline is missed when it passed before the thing was done (or it is still not done)."""
    return _aware(done_at or now) > _aware(due_at)
