"""Reads for the external figures and the dark number: counts and public figures, never a person.

The reach of a policy officer (:func:`municipalities_in_reach`): the municipality of their
organisation, and the whole region when that is the region's centre municipality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ketenzicht.external import darkfigure
from ketenzicht.external.darkfigure import Group, Rate
from ketenzicht.external.models import TOTAL, ExternalFigure, PopulationFigure, PrevalenceRate
from ketenzicht.intake.models import PersonRole, Report, ReportPerson
from ketenzicht.organisations.models import Municipality, MunicipalityPopulation, Region, User

# Whom the dark number counts as reported: victims, and children in the household (a child
# who witnesses domestic violence is a victim of child abuse).
REPORTED_ROLES = (PersonRole.VICTIM, PersonRole.CHILD_IN_HOUSEHOLD)


@dataclass(frozen=True)
class Reach:
    municipalities: list[Municipality]
    region: Region | None
    is_centre: bool  # the user's municipality is the centre municipality: the region too


def reach_of(user: User) -> Reach:
    """What a policy officer may see: their municipality; all of the region from the centre."""
    organisation = user.organisation
    if (
        not user.is_authenticated
        or not user.is_policy_officer
        or organisation is None
        or organisation.municipality_id is None
    ):
        return Reach([], None, False)
    region = Region.objects.select_related("centre_municipality").get(pk=organisation.region_id)
    if region.centre_municipality_id == organisation.municipality_id:
        return Reach(list(region.municipalities.order_by("name")), region, True)
    own = Municipality.objects.filter(pk=organisation.municipality_id)
    return Reach(list(own), region, False)


def inhabitants_on_1_january(*, municipality_ids: Collection[int], year: int) -> dict[int, int]:
    """Total inhabitants on 1 January of ``year`` per municipality id: the imported figure
    (``PopulationFigure``, age band "total"), else the one kept with the municipality
    (``organisations.MunicipalityPopulation``). Municipalities without either are left out.
    For the budget split (BRIEF §9) pass the year before the budget year."""
    found = inhabitants_by_year(municipality_ids=municipality_ids, years=[year])
    return {m: n for (m, _y), n in found.items()}


def inhabitants_by_year(
    *, municipality_ids: Collection[int], years: Collection[int]
) -> dict[tuple[int, int], int]:
    """As :func:`inhabitants_on_1_january`, for several years: (municipality id, year) -> total.
    Two queries, whatever the number of years."""
    result: dict[tuple[int, int], int] = {
        (m, y): n
        for m, y, n in MunicipalityPopulation.objects.filter(
            municipality_id__in=municipality_ids, year__in=years
        )
        .order_by()
        .values_list("municipality_id", "year", "inhabitants")
    }
    result.update(
        ((m, y), n)
        for m, y, n in PopulationFigure.objects.filter(
            municipality_id__in=municipality_ids, year__in=years, age_band=TOTAL
        )
        .order_by()
        .values_list("municipality_id", "year", "inhabitants")
    )
    return result


@dataclass(frozen=True)
class Population:
    bands: dict[str, int]
    total: int | None


def population_by_band(*, municipality_ids: Collection[int], year: int) -> dict[int, Population]:
    """Per municipality: its age bands of ``year`` (may be empty) and its total (may be None)."""
    bands: dict[int, dict[str, int]] = {m: {} for m in municipality_ids}
    for m, band, n in (
        PopulationFigure.objects.filter(municipality_id__in=municipality_ids, year=year)
        .exclude(age_band=TOTAL)
        .values_list("municipality_id", "age_band", "inhabitants")
    ):
        bands[m][band] = n
    totals = inhabitants_on_1_january(municipality_ids=municipality_ids, year=year)
    return {m: Population(bands[m], totals.get(m)) for m in municipality_ids}


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


@dataclass(frozen=True)
class ReportedPersons:
    by_group: dict[Group, int]
    unknown_age: int

    @property
    def total(self) -> int:
        return sum(self.by_group.values()) + self.unknown_age


def reported_persons(*, municipality_ids: Collection[int], year: int) -> dict[int, ReportedPersons]:
    """Distinct persons (victim or child in the household) in the reports of ``year`` per
    municipality of residence, by their age group on the day of their first report that year.
    One query; the caller protects the counts before anyone sees them."""
    start, end = _year_bounds(year)
    rows = (
        ReportPerson.objects.filter(
            report__municipality_id__in=municipality_ids,
            report__received_at__gte=start,
            report__received_at__lt=end,
            role__in=REPORTED_ROLES,
        )
        .values_list("report__municipality_id", "person_id", "person__date_of_birth")
        .annotate(first=Min("report__received_at"))
        .order_by()
    )
    groups: dict[int, Counter[Group]] = {m: Counter() for m in municipality_ids}
    unknown: Counter[int] = Counter()
    for municipality_id, _person_id, born, first in rows:  # one row per person and municipality
        group = darkfigure.age_group(born, timezone.localtime(first).date())
        if group is None:
            unknown[municipality_id] += 1
        else:
            groups[municipality_id][group] += 1
    return {
        m: ReportedPersons({g: groups[m][g] for g in darkfigure.GROUPS}, unknown[m])
        for m in municipality_ids
    }


def reports_per_year(
    *, municipality_ids: Collection[int], years: Iterable[int]
) -> dict[tuple[int, int], int]:
    """Reports (*meldingen*) per (municipality id, year of receipt): exact, protect before use."""
    wanted = set(years)
    if not wanted:
        return {}
    start, _e = _year_bounds(min(wanted))
    _s, end = _year_bounds(max(wanted))
    rows = (
        Report.objects.filter(
            municipality_id__in=municipality_ids, received_at__gte=start, received_at__lt=end
        )
        .annotate(year=ExtractYear("received_at"))
        .values("municipality_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        (int(r["municipality_id"]), int(r["year"])): int(r["n"])
        for r in rows
        if int(r["year"]) in wanted
    }


def external_figures(*, municipality_ids: Collection[int]) -> QuerySet[ExternalFigure]:
    """The imported figures of these municipalities and the national ones, with their series."""
    return (
        ExternalFigure.objects.filter(
            Q(municipality_id__in=municipality_ids) | Q(municipality__isnull=True)
        )
        .select_related("series", "municipality")
        .order_by("series__indicator", "period")
    )


def rates_for_region(region: Region | None) -> list[Rate]:
    if region is None:
        return []
    return [
        Rate(Group(r.group), r.per_1000, r.source, r.valid_from)
        for r in PrevalenceRate.objects.filter(region=region)
    ]


def rate_history(region: Region) -> QuerySet[PrevalenceRate]:
    return PrevalenceRate.objects.filter(region=region).select_related("set_by")
