"""The half-year delivery file for CBS: one coded row per advice request, report and investigation.

A pure module: plain items in (``Item``, read by ``delivery_selectors.delivery_items``), coded
rows out. Veilig Thuis delivers the half-year's data per case to CBS (BRIEF section 7), which
links it to its own population files through the BSN; the layout follows that delivery in
spirit, not to the letter of CBS's record description. docs/delivery-file.md documents every
column and code list.

The file holds personal data (the BSN). It is the statutory delivery by Veilig Thuis, made by an
operator with ``manage.py reporting_delivery`` and logged as EXPORT; it is never a policy
officer's figure (those pass ``reporting.disclosure``).

The code lists are numbered here once and for all (a number never changes meaning; a new
category gets a new number), so they are written out instead of derived from the order of
``categories``; a test checks they cover those categories exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from ketenzicht.reporting.categories import KIND_CODES, kind_groups, reporter_group

RecordType = Literal["A", "M", "O"]  # advice request, report (melding), investigation (onderzoek)

UNKNOWN_BSN = "000000000"
NO_CODE = 0  # not applicable, or not (yet) known

#: Kind-of-violence groups (``categories.KIND_GROUPS``): one 0/1 column each, since several
#: kinds may apply to one report. The number is the column's code in the code list.
KIND_NUMBERS: dict[str, int] = {
    "child": 1,
    "partner": 2,
    "elder": 3,
    "parents": 4,
    "honour": 5,
    "sexual": 6,
    "trafficking": 7,
    "other": 8,
}
#: Reporter groups (``categories.REPORTER_GROUPS``).
REPORTER_NUMBERS: dict[str, int] = {
    "police_justice": 1,
    "medical": 2,
    "education": 3,
    "care": 4,
    "other_professional": 5,
    "citizen": 6,
    "anonymous": 7,
}
#: Decisions after the safety assessment (``categories.DECISION_CODES``, CBS order).
DECISION_NUMBERS: dict[str, int] = {
    "no_further_steps": 1,
    "handover": 2,
    "vv": 3,
    "investigation": 4,
    "rvdk_request": 5,
    "police_notification": 6,
    "not_admissible": 7,
    "wrongly_addressed": 8,
}
#: Outcomes of an investigation (``categories.INVESTIGATION_OUTCOME_CODES``).
OUTCOME_NUMBERS: dict[str, int] = {"confirmed": 1, "not_confirmed": 2, "unknown": 3}

COLUMNS: tuple[str, ...] = (
    "record_type",
    "reference",
    "report_reference",
    "vt_region",
    "municipality",
    "period",
    "received_on",
    "reporter_group",
    "from_police",
    *(f"kind_{code}" for code in KIND_CODES),
    "decision",
    "assessed_on",
    "investigation_started_on",
    "investigation_concluded_on",
    "investigation_outcome",
    "victims",
    "alleged_perpetrators",
    "children",
    "bsn_victim",
    "bsn_alleged_perpetrator",
)


@dataclass(frozen=True)
class Person:
    role: str  # intake.PersonRole value
    bsn: str  # "" when unknown


@dataclass(frozen=True)
class Item:
    """One advice request, report or investigation as the delivery sees it (plain values)."""

    record_type: RecordType
    reference: str
    report_reference: str  # the report an investigation belongs to; "" for advice and reports
    municipality_code: str  # CBS code (GM….), "" when unknown
    received_at: datetime
    reporter_role: str
    kinds: tuple[str, ...]
    decision: str = ""
    assessed_at: datetime | None = None
    investigation_started_at: datetime | None = None
    investigation_concluded_at: datetime | None = None
    investigation_outcome: str = ""
    people: tuple[Person, ...] = ()  # in registration order; none for an advice request


class DeliveryError(ValueError):
    """A bad period or region: nothing is delivered."""


def half_year_bounds(period: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """ "2026-H1" -> [1 January 00:00, 1 July 00:00) local time, as aware datetimes."""
    year_text, sep, half_text = period.partition("-H")
    if not sep or not (year_text.isdigit() and len(year_text) == 4) or half_text not in {"1", "2"}:
        raise DeliveryError(f"a period looks like 2026-H1 or 2026-H2, not {period!r}")
    year = int(year_text)
    start = date(year, 1, 1) if half_text == "1" else date(year, 7, 1)
    end = date(year, 7, 1) if half_text == "1" else date(year + 1, 1, 1)
    return (datetime.combine(start, time(), zone), datetime.combine(end, time(), zone))


def coded_bsn(bsn: str) -> str:
    """A nine-digit BSN as is; anything else (unknown, empty) is ``000000000``."""
    digits = bsn.strip()
    return digits if len(digits) == 9 and digits.isdigit() else UNKNOWN_BSN


def _day(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else moment.astimezone(zone).date().isoformat()


def _first_bsn(people: Iterable[Person], role: str) -> str:
    for person in people:
        if person.role == role:
            return coded_bsn(person.bsn)
    return UNKNOWN_BSN


def coded_row(item: Item, *, region_code: str, period: str, zone: ZoneInfo) -> list[str | int]:
    """The delivery row of ``item``, in the order of ``COLUMNS``."""
    groups = kind_groups(item.kinds)
    roles = [p.role for p in item.people]
    investigation = item.record_type == "O"
    return [
        item.record_type,
        item.reference,
        item.report_reference,
        region_code,
        item.municipality_code,
        period,
        _day(item.received_at, zone),
        REPORTER_NUMBERS[reporter_group(item.reporter_role)],
        int(item.reporter_role == "police"),
        *(int(code in groups) for code in KIND_CODES),
        DECISION_NUMBERS.get(item.decision, NO_CODE),
        _day(item.assessed_at, zone),
        _day(item.investigation_started_at, zone) if investigation else "",
        _day(item.investigation_concluded_at, zone) if investigation else "",
        OUTCOME_NUMBERS.get(item.investigation_outcome, NO_CODE) if investigation else NO_CODE,
        roles.count("victim"),
        roles.count("alleged_perpetrator"),
        roles.count("child_in_household"),
        _first_bsn(item.people, "victim"),
        _first_bsn(item.people, "alleged_perpetrator"),
    ]


def coded_rows(
    items: Iterable[Item], *, region_code: str, period: str, zone: ZoneInfo
) -> Iterator[list[str | int]]:
    for item in items:
        yield coded_row(item, region_code=region_code, period=period, zone=zone)
