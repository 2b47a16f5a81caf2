"""The radar: what Veilig Thuis already knows about the people and household of a case.

Before a report is assessed, VT must see earlier reports about the same people or household,
whether VT was still involved when the report arrived, an active restraining order, and how often
the household was reported before (*hermeldingen*, BRIEF 3.3).

People are recognised here by what is certain: the same person record (confirmed at intake), or
the same valid BSN; the household by the same postcode and house number. The linkage app (P2)
adds the probabilistic matches a professional confirmed, which then become the same person record.
Reads only, within the VT organisation of the case (need-to-know: within a region the full
history, never another region's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q

from ketenzicht.casework.deadlines import add_months, local_date
from ketenzicht.casework.models import Case, RestrainingOrder, RestrainingOrderStatus
from ketenzicht.intake.models import ReportPerson


@dataclass(frozen=True)
class EarlierReport:
    case: Case
    shared_people: tuple[str, ...]  # names of the people both reports are about
    same_address: bool
    open_at_receipt: bool  # VT was still involved when the new report arrived


@dataclass(frozen=True)
class RadarSummary:
    earlier: list[EarlierReport] = field(default_factory=list)
    open_involvement: bool = False
    active_orders: list[RestrainingOrder] = field(default_factory=list)
    repeat_counts: list[tuple[int, int]] = field(default_factory=list)  # (months, count)

    @property
    def is_empty(self) -> bool:
        return not self.earlier and not self.active_orders


def repeat_counts(
    received: date, earlier: list[date], windows: tuple[int, ...]
) -> list[tuple[int, int]]:
    """How many ``earlier`` report dates fall within each window of months before ``received``."""
    counts = []
    for months in windows:
        start = add_months(received, -months)
        counts.append((months, sum(1 for day in earlier if start <= day <= received)))
    return counts


def _was_open(case: Case, moment: datetime) -> bool:
    return case.opened_at <= moment and (case.closed_at is None or case.closed_at > moment)


def radar_for_case(
    case: Case,
    *,
    involved: list[ReportPerson],
    windows: tuple[int, ...],
    now: datetime,
) -> RadarSummary:
    """The radar of ``case`` (``involved``: its people, with their persons loaded): three
    queries, whatever the history holds."""
    report = case.report
    person_ids = [inv.person_id for inv in involved]
    # The BSN is encrypted at rest: the same valid BSN is the same blind index.
    indexes = {inv.person.bsn_index for inv in involved if inv.person.bsn_index}
    household = report.household

    people_match = Q(person_id__in=person_ids)
    if indexes:
        people_match |= Q(person__bsn_index__in=indexes)
    by_person: dict[int, set[str]] = {}
    for row in (
        ReportPerson.objects.filter(people_match, report__organisation_id=case.organisation_id)
        .exclude(report_id=report.pk)
        .select_related("person")
    ):
        by_person.setdefault(row.report_id, set()).add(row.person.full_name)

    address = Q(pk__in=[])
    if household.postcode and household.house_number:
        address = Q(
            report__household__postcode=household.postcode,
            report__household__house_number=household.house_number,
            report__household__house_number_suffix=household.house_number_suffix,
        )
    earlier_cases = list(
        Case.objects.filter(organisation_id=case.organisation_id)
        .filter(Q(report_id__in=list(by_person)) | address)
        .exclude(pk=case.pk)
        .filter(report__received_at__lte=report.received_at)
        .select_related("report__household", "report__municipality", "organisation")
        .order_by("-report__received_at")
    )
    same_address_ids = {
        c.pk
        for c in earlier_cases
        if household.postcode
        and c.report.household.postcode == household.postcode
        and c.report.household.house_number == household.house_number
        and c.report.household.house_number_suffix == household.house_number_suffix
    }
    earlier = [
        EarlierReport(
            case=c,
            shared_people=tuple(sorted(by_person.get(c.report_id, set()))),
            same_address=c.pk in same_address_ids,
            open_at_receipt=_was_open(c, report.received_at),
        )
        for c in earlier_cases
    ]
    orders = list(
        RestrainingOrder.objects.filter(
            case__in=[case.pk, *[c.pk for c in earlier_cases]],
            status__in=[RestrainingOrderStatus.ACTIVE, RestrainingOrderStatus.EXTENDED],
            ends_at__gt=now,
        ).select_related("subject")
    )
    received = local_date(report.received_at)
    return RadarSummary(
        earlier=earlier,
        open_involvement=any(e.open_at_receipt for e in earlier),
        active_orders=orders,
        repeat_counts=repeat_counts(
            received, [local_date(c.report.received_at) for c in earlier_cases], windows
        ),
    )
