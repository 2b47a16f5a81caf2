"""The rules of an action programme, as data and pure checks (no Django).

The services (a page's form) and the YAML import (``yamlformat``) check the same rules here, so
a rule cannot differ between the two ways in. Problems are codes with a field and parameters;
``labels.problem_message`` words them in the UI language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# The three national action lines of *Geweld hoort nergens thuis* (BRIEF §8).
SEEN_EARLIER = "seen_earlier"
STOPPED = "stopped"
SPECIFIC_GROUPS = "specific_groups"
NATIONAL_LINES = (SEEN_EARLIER, STOPPED, SPECIFIC_GROUPS)

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
LATE = "late"
DONE = "done"
DROPPED = "dropped"
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, LATE, DONE, DROPPED)
#: Statuses that ask for attention: the "late or at risk" list.
ATTENTION = (AT_RISK, LATE)

REGIONAL = "regional"
LOCAL = "local"
RESPONSIBILITIES = (REGIONAL, LOCAL)

#: Steering figures of the dashboard (``reporting.dashboard``) an action's target may follow.
#: Counts are per half-year; shares in percent; the waiting list is its latest level.
COUNT_INDICATORS = ("reports", "advice", "restraining")
SHARE_INDICATORS = ("assessment", "investigation", "vv", "police", "repeat", "during_open")
LEVEL_INDICATORS = ("waiting",)
INDICATORS = COUNT_INDICATORS + SHARE_INDICATORS + LEVEL_INDICATORS

MAX_AMOUNT = 10**13  # cents: EUR 100 billion
MAX_TEXT = 4000
MAX_TITLE = 300
MAX_NAME = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YEARS = 10  # a programme period spans at most this many years

# Identifying data that has no place in a programme shared across the region (BRIEF §10): a
# BSN, a postcode with house number, a phone number or an e-mail address. Dates are allowed (a
# programme is full of them), so a date of birth is not looked for.
_PERSONAL = (
    ("bsn", re.compile(r"(?<!\d)\d{9}(?!\d)")),
    ("postcode", re.compile(r"(?<![\dA-Za-z])[1-9]\d{3}\s?[A-Z]{2}\s+\d+(?![A-Za-z])")),
    ("phone", re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")),
    ("email", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    value: str = ""
    other: str = ""


@dataclass
class MilestoneData:
    title: str
    due_on: date | None
    done_on: date | None = None


@dataclass
class NoteData:
    written_on: date | None
    text: str
    status: str = ""


@dataclass
class ActionData:
    """An action as typed on a page or read from a file; municipalities by CBS code."""

    title: str
    lead_organisation: str
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    milestones: list[MilestoneData] = field(default_factory=list)
    lead_name: str = ""
    all_municipalities: bool = False
    municipalities: list[str] = field(default_factory=list)
    police: bool = False
    veilig_thuis: bool = False
    other_parties: str = ""
    responsibility: str = REGIONAL
    cost: int | None = None
    funding: str = ""
    target: str = ""
    indicator: str = ""
    target_value: int | None = None
    status: str = NOT_STARTED
    notes: list[NoteData] = field(default_factory=list)


def personal_data(text: str) -> list[str]:
    """Codes of identifying data found in ``text`` (empty when none)."""
    return [code for code, pattern in _PERSONAL if pattern.search(text or "")]


def _text(
    problems: list[Problem], name: str, value: str, *, limit: int, required: bool = False
) -> None:
    if required and not value.strip():
        problems.append(Problem(name, "required"))
    elif len(value) > limit:
        problems.append(Problem(name, "too_long", other=str(limit)))
    else:
        for code in personal_data(value):
            problems.append(Problem(name, "personal_data", value=code))


def text_problems(
    problems: list[Problem], name: str, value: str, *, limit: int, required: bool = False
) -> None:
    """Append the problems of a free text: required, too long, identifying data."""
    _text(problems, name, value, limit=limit, required=required)


def period_problems(*, name: str, start_year: int | None, end_year: int | None) -> list[Problem]:
    problems: list[Problem] = []
    _text(problems, "name", name, limit=MAX_NAME, required=True)
    for key, year in (("start_year", start_year), ("end_year", end_year)):
        if year is None:
            problems.append(Problem(key, "required"))
        elif not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(Problem(key, "year_out_of_range", str(year)))
    if start_year is not None and end_year is not None and not problems:
        if end_year < start_year:
            problems.append(Problem("end_year", "years_reversed"))
        elif end_year - start_year >= MAX_YEARS:
            problems.append(Problem("end_year", "too_many_years", other=str(MAX_YEARS)))
    return problems


def line_problems(*, name: str, national: str, taken: set[str]) -> list[Problem]:
    """``taken``: the national lines the programme has already."""
    problems: list[Problem] = []
    _text(problems, "name", name, limit=MAX_NAME, required=True)
    if national and national not in NATIONAL_LINES:
        problems.append(Problem("national", "unknown_line", national))
    elif national and national in taken:
        problems.append(Problem("national", "line_twice", national))
    return problems


def ambition_problems(*, title: str, description: str) -> list[Problem]:
    problems: list[Problem] = []
    _text(problems, "title", title, limit=MAX_TITLE, required=True)
    _text(problems, "description", description, limit=MAX_TEXT)
    return problems


def in_period(
    problems: list[Problem], name: str, day: date | None, start_year: int, end_year: int
) -> None:
    # A little slack either side: preparation before, and a tail after the period.
    if day is not None and not start_year - 1 <= day.year <= end_year + 1:
        problems.append(
            Problem(name, "date_outside_period", day.isoformat(), f"{start_year}-{end_year}")
        )


def note_problems(note: NoteData, *, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if note.written_on is None:
        problems.append(Problem(f"{prefix}written_on", "required"))
    _text(problems, f"{prefix}text", note.text, limit=MAX_TEXT, required=True)
    if note.status and note.status not in STATUSES:
        problems.append(Problem(f"{prefix}status", "unknown_status", note.status))
    return problems


def action_problems(data: ActionData, *, start_year: int, end_year: int) -> list[Problem]:
    """Every rule an action must meet, inside a programme of ``start_year`` to ``end_year``."""
    problems: list[Problem] = []
    _text(problems, "title", data.title, limit=MAX_TITLE, required=True)
    _text(problems, "description", data.description, limit=MAX_TEXT)
    _text(problems, "lead_organisation", data.lead_organisation, limit=MAX_NAME, required=True)
    _text(problems, "lead_name", data.lead_name, limit=MAX_NAME)
    _text(problems, "other_parties", data.other_parties, limit=MAX_TITLE)
    _text(problems, "funding", data.funding, limit=MAX_NAME)
    _text(problems, "target", data.target, limit=MAX_TEXT)
    # Planning: a start and an end, or milestone dates (or both).
    if (data.starts_on is None) != (data.ends_on is None):
        missing = "starts_on" if data.starts_on is None else "ends_on"
        problems.append(Problem(missing, "start_and_end"))
    elif data.starts_on is None and not data.milestones:
        problems.append(Problem("ends_on", "no_planning"))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.append(Problem("ends_on", "dates_reversed"))
    in_period(problems, "starts_on", data.starts_on, start_year, end_year)
    in_period(problems, "ends_on", data.ends_on, start_year, end_year)
    for n, milestone in enumerate(data.milestones):
        if not milestone.title.strip():
            problems.append(Problem(f"milestones.{n}.title", "required"))
        elif len(milestone.title) > MAX_TITLE:
            problems.append(Problem(f"milestones.{n}.title", "too_long", other=str(MAX_TITLE)))
        if milestone.due_on is None:
            problems.append(Problem(f"milestones.{n}.due_on", "required"))
        in_period(problems, f"milestones.{n}.due_on", milestone.due_on, start_year, end_year)
    # Who is responsible.
    if not (
        data.all_municipalities
        or data.municipalities
        or data.police
        or data.veilig_thuis
        or data.other_parties.strip()
    ):
        problems.append(Problem("parties", "no_parties"))
    if data.all_municipalities and data.municipalities:
        problems.append(Problem("municipalities", "all_and_named"))
    if len(set(data.municipalities)) != len(data.municipalities):
        problems.append(Problem("municipalities", "municipality_twice"))
    if data.responsibility not in RESPONSIBILITIES:
        problems.append(Problem("responsibility", "unknown_responsibility", data.responsibility))
    elif data.responsibility == LOCAL and not (data.all_municipalities or data.municipalities):
        problems.append(Problem("municipalities", "local_without_municipality"))
    # Money.
    if data.cost is not None and not 0 <= data.cost <= MAX_AMOUNT:
        problems.append(Problem("cost", "bad_amount"))
    if data.cost and not data.funding.strip():
        problems.append(Problem("funding", "cost_without_funding"))
    # Target and status.
    if data.indicator and data.indicator not in INDICATORS:
        problems.append(Problem("indicator", "unknown_indicator", data.indicator))
    if data.target_value is not None:
        if not data.indicator:
            problems.append(Problem("target_value", "value_without_indicator"))
        elif data.target_value < 0 or (
            data.indicator in SHARE_INDICATORS and data.target_value > 100
        ):
            problems.append(Problem("target_value", "bad_target_value", str(data.target_value)))
    if data.indicator and not data.target.strip():
        problems.append(Problem("target", "indicator_without_target"))
    if data.status not in STATUSES:
        problems.append(Problem("status", "unknown_status", data.status))
    for n, note in enumerate(data.notes):
        problems += note_problems(note, prefix=f"notes.{n}.")
    return problems


def is_overdue(*, status: str, ends_on: date | None, open_due: list[date], today: date) -> bool:
    """Whether an open action is past its end date or has a milestone past due."""
    if status in (DONE, DROPPED):
        return False
    return bool((ends_on and ends_on < today) or any(d < today for d in open_due))


def span(
    data_start: date | None, data_end: date | None, due: list[date]
) -> tuple[date, date] | None:
    """The stretch of time an action covers on the roadmap: start to end, or its milestones."""
    days = [d for d in (data_start, data_end, *due) if d is not None]
    if not days:
        return None
    return min(days), max(days)
