"""Reads for the steering figures, scoped to the policy officer (aggregates only, never a person).

A policy officer works for one municipality (their organisation's municipality). They see that
municipality; the region as a whole, and each of its municipalities, only when theirs is the
region's centre municipality (``Region.centre_municipality``), which reports for the region.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ketenzicht.organisations.models import Municipality, Region, Role, User
from ketenzicht.reporting.figures import Cells, Period
from ketenzicht.reporting.models import FigureCell, FigureRefresh, HalfYearReport, WaitingPoint


@dataclass(frozen=True)
class Scope:
    region: Region
    own: Municipality
    municipalities: list[Municipality]  # what this user may see
    region_allowed: bool


def scope_for(user: User) -> Scope | None:
    """What ``user`` may see, or None when they are no policy officer of a municipality."""
    if user.role != Role.POLICY_OFFICER or user.organisation is None:
        return None
    own = user.organisation.municipality
    if own is None:
        return None
    region = own.region
    centre = region.centre_municipality_id == own.pk
    municipalities = list(region.municipalities.order_by("name")) if centre else [own]
    return Scope(region=region, own=own, municipalities=municipalities, region_allowed=centre)


def cells_for(region: Region, municipality_ids: list[int] | None, years: range) -> Cells:
    """The counts of ``region`` (all of it when ``municipality_ids`` is None): one query."""
    query = FigureCell.objects.filter(region=region, year__in=list(years))
    if municipality_ids is not None:
        query = query.filter(municipality_id__in=municipality_ids)
    return Cells(query.values_list("municipality_id", "year", "half", "measure", "value"))


def state_counts(
    region: Region, municipality_ids: list[int] | None
) -> list[tuple[int | None, str, int]]:
    """(municipality id, case state, cases) at the last refresh (the year-0 cells): one query."""
    query = FigureCell.objects.filter(region=region, year=0, measure__startswith="state:")
    if municipality_ids is not None:
        query = query.filter(municipality_id__in=municipality_ids)
    return [
        (municipality_id, measure.removeprefix("state:"), value)
        for municipality_id, measure, value in query.values_list(
            "municipality_id", "measure", "value"
        )
    ]


def periods_with_data(region: Region) -> list[Period]:
    rows = (
        FigureCell.objects.filter(region=region, year__gt=0).values_list("year", "half").distinct()
    )
    return sorted(set(rows))


def waiting_points(region: Region, municipality_ids: list[int] | None) -> dict[str, int]:
    """Waiting list per month end ("YYYY-MM-DD" -> reports waiting), summed over the scope."""
    query = WaitingPoint.objects.filter(region=region)
    if municipality_ids is not None:
        query = query.filter(municipality_id__in=municipality_ids)
    points: dict[str, int] = {}
    # Each scope's level holds until its next point: carry it forward month by month.
    series: dict[object, dict[str, int]] = {}
    for municipality_id, on, value in query.values_list("municipality_id", "on", "value"):
        series.setdefault(municipality_id, {})[on.isoformat()] = value
    months = sorted({day for s in series.values() for day in s})
    for s in series.values():
        level = 0
        for month in months:
            level = s.get(month, level)
            points[month] = points.get(month, 0) + level
    return points


def last_refresh() -> FigureRefresh | None:
    return FigureRefresh.objects.order_by("-finished_at").first()


def waiting_target() -> tuple[int, int]:
    """KZ_WAITING_LIST_TARGET ("low-high", default 0-50)."""
    text = str(getattr(settings, "KZ_WAITING_LIST_TARGET", "0-50"))
    low, _, high = text.partition("-")
    try:
        band = (int(low), int(high))
    except ValueError:
        return (0, 50)
    return band if 0 <= band[0] <= band[1] else (0, 50)


def halfyear_reports_of(user: User, *, limit: int = 5) -> list[HalfYearReport]:
    """The user's latest half-year report jobs still within their scope (without the PDF)."""
    query = HalfYearReport.objects.filter(requested_by=user).select_related("municipality")
    jobs = query.defer("pdf").order_by("-requested_at", "-pk")[: limit * 2]
    return [job for job in jobs if within_scope(user, job)][:limit]


def halfyear_report_for(user: User, pk: int, *, with_pdf: bool = False) -> HalfYearReport | None:
    """The job ``pk`` when ``user`` asked for it and its scope is still theirs, else None."""
    query = HalfYearReport.objects.filter(pk=pk, requested_by=user).select_related(
        "region", "municipality"
    )
    job = (query if with_pdf else query.defer("pdf")).first()
    return job if job is not None and within_scope(user, job) else None


def within_scope(user: User, job: HalfYearReport) -> bool:
    scope = scope_for(user)
    if scope is None or job.region_id != scope.region.pk:
        return False
    if job.municipality_id is None:
        return scope.region_allowed
    return job.municipality_id in {m.pk for m in scope.municipalities}
