"""Reads for the CBS delivery file: a half-year's advice requests, reports and investigations.

Bulk reads for ``reporting.delivery`` (an operator's export, never a policy officer's page): each
kind is walked in primary-key order in chunks of ``CHUNK`` (keyset pagination), and each chunk's
cases and people come in one query each, so the number of queries grows with the chunks, not
with the rows. Which VT region an item belongs to is the rule of the figures
(``services.facts_rebuild``): the region of its municipality, else of the receiving
organisation. An advice request and a report belong to the half-year of their receipt, an
investigation to the half-year in which it started (Amsterdam time throughout).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar

from django.db.models import Q, QuerySet

from ketenzicht.casework.models import Case
from ketenzicht.intake.models import AdviceRequest, Report, ReportPerson
from ketenzicht.organisations.models import Region
from ketenzicht.reporting.delivery import Item, Person

CHUNK = 2000
M = TypeVar("M", AdviceRequest, Report, Case)


@dataclass(frozen=True)
class Counts:
    advice: int
    reports: int
    investigations: int

    @property
    def total(self) -> int:
        return self.advice + self.reports + self.investigations


def _in_region(region: Region, prefix: str = "") -> Q:
    return Q(**{f"{prefix}municipality__region": region}) | Q(
        **{f"{prefix}municipality__isnull": True, f"{prefix}organisation__region": region}
    )


def _advice(region: Region, start: datetime, end: datetime) -> QuerySet[AdviceRequest]:
    return AdviceRequest.objects.filter(
        _in_region(region), received_at__gte=start, received_at__lt=end
    )


def _reports(region: Region, start: datetime, end: datetime) -> QuerySet[Report]:
    return Report.objects.filter(_in_region(region), received_at__gte=start, received_at__lt=end)


def _investigations(region: Region, start: datetime, end: datetime) -> QuerySet[Case]:
    return Case.objects.filter(
        _in_region(region, "report__"),
        decision="investigation",
        investigation_started_at__gte=start,
        investigation_started_at__lt=end,
    )


def delivery_counts(region: Region, start: datetime, end: datetime) -> Counts:
    """How many rows each kind will give (three COUNT queries; for the progress bar)."""
    return Counts(
        advice=_advice(region, start, end).count(),
        reports=_reports(region, start, end).count(),
        investigations=_investigations(region, start, end).count(),
    )


def _chunks(query: QuerySet[M]) -> Iterator[list[M]]:
    last = 0
    while True:
        chunk = list(query.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _people(report_ids: list[int]) -> dict[int, list[tuple[int, Person]]]:
    """The people of each report in registration order, as (person id, Person)."""
    people: dict[int, list[tuple[int, Person]]] = defaultdict(list)
    rows = (
        ReportPerson.objects.filter(report_id__in=report_ids)
        .select_related("person")
        .only("report_id", "role", "person__id", "person__bsn")
        .order_by("report_id", "pk")
    )
    for row in rows:
        people[row.report_id].append((row.person_id, Person(role=row.role, bsn=row.person.bsn)))
    return people


@dataclass(frozen=True)
class Delivered:
    """An item with the ids the access log names (no id is ever written to the file)."""

    item: Item
    case_id: int | None = None
    person_ids: tuple[int, ...] = ()


def _intake_item(
    record_type: Literal["A", "M"], intake: AdviceRequest | Report, **extra: Any
) -> Item:
    """The fields an advice request and a report share, plus ``extra``."""
    return Item(
        record_type=record_type,
        reference=intake.reference,
        report_reference="",
        municipality_code=intake.municipality.code if intake.municipality else "",
        received_at=intake.received_at,
        reporter_role=intake.reporter_role,
        kinds=tuple(intake.kinds or ()),
        **extra,
    )


def delivery_items(region: Region, start: datetime, end: datetime) -> Iterator[Delivered]:
    """Advice requests, then reports, then investigations of ``region`` in [start, end)."""
    advice_query = _advice(region, start, end).select_related("municipality")
    for advice_chunk in _chunks(advice_query):
        for advice in advice_chunk:
            yield Delivered(_intake_item("A", advice))
    report_query = _reports(region, start, end).select_related("municipality")
    for report_chunk in _chunks(report_query):
        ids = [r.pk for r in report_chunk]
        cases = {c.report_id: c for c in Case.objects.filter(report_id__in=ids)}
        people = _people(ids)
        for report in report_chunk:
            case = cases.get(report.pk)
            involved = people.get(report.pk, [])
            yield Delivered(
                _intake_item(
                    "M",
                    report,
                    decision=(case.decision or "") if case else "",
                    assessed_at=case.assessed_at if case else None,
                    people=tuple(p for _id, p in involved),
                ),
                case_id=case.pk if case else None,
                person_ids=tuple(i for i, _p in involved),
            )
    case_query = _investigations(region, start, end).select_related(
        "report", "report__municipality"
    )
    for case_chunk in _chunks(case_query):
        people = _people([c.report_id for c in case_chunk])
        for case in case_chunk:
            report = case.report
            involved = people.get(report.pk, [])
            yield Delivered(
                Item(
                    record_type="O",
                    reference=f"O{case.pk:07d}",
                    report_reference=report.reference,
                    municipality_code=report.municipality.code if report.municipality else "",
                    received_at=report.received_at,
                    reporter_role=report.reporter_role,
                    kinds=tuple(report.kinds or ()),
                    decision=case.decision or "",
                    assessed_at=case.assessed_at,
                    investigation_started_at=case.investigation_started_at,
                    investigation_concluded_at=case.investigation_concluded_at,
                    investigation_outcome=case.investigation_outcome or "",
                    people=tuple(p for _id, p in involved),
                ),
                case_id=case.pk,
                person_ids=tuple(i for i, _p in involved),
            )
