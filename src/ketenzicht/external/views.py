"""The policy officer's pages of external figures and the dark number: aggregates only.

A policy officer sees their own municipality, and the whole region when their municipality is
the region's centre municipality (``selectors.reach_of``). Every count from the chain's own
data passes the disclosure gate (``reporting.disclosure``) before it reaches a template, and
ratios are computed from the protected counts, so they reveal nothing more. Imported figures
(population, police, CBS) are published figures and are shown as published, with their source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ketenzicht.external import darkfigure, selectors, services
from ketenzicht.external.darkfigure import Assumption, Estimate, Group
from ketenzicht.external.forms import ImportKind, RateForm, UploadForm, YearForm
from ketenzicht.external.labels import (
    GROUP_LABELS,
    NATIONAL_POPULATION,
    RATIOS,
    about,
    assumption_text,
    rate_source,
)
from ketenzicht.external.models import ExternalFigure, PopulationFigure
from ketenzicht.organisations.access import AuthenticatedHttpRequest, policy_required
from ketenzicht.organisations.models import Municipality
from ketenzicht.reporting.disclosure import Shown, protect_count, protect_table

UNKNOWN_AGE = "unknown"
MAX_SHOWN_ERRORS = 200  # an upload page lists at most this many problems, and counts the rest
REPORTED = "reported"


def _reach(request: AuthenticatedHttpRequest) -> selectors.Reach:
    reach = selectors.reach_of(request.user)
    if not reach.municipalities:
        raise PermissionDenied  # a policy officer without a municipality sees nothing
    return reach


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=1) + " %"


# --- Externe cijfers ---------------------------------------------------------------------------


@dataclass
class SeriesLine:
    label: str
    source: str
    cells: list[str]


@policy_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Imported series next to the chain's own reports, with ratios and the national view."""
    reach = _reach(request)
    by_code = {m.code: m for m in reach.municipalities}
    chosen_code = request.GET.get("gemeente", "")
    municipality = by_code.get(chosen_code) or _own(request, reach)
    figures_qs = list(selectors.external_figures(municipality_ids=[municipality.pk]))
    local = [f for f in figures_qs if f.municipality_id == municipality.pk]
    national = {
        (f.series.indicator, f.period): f.value for f in figures_qs if f.municipality_id is None
    }
    periods = sorted({f.period for f in local})
    years = sorted({int(p[:4]) for p in periods} | {timezone.localdate().year})
    totals = selectors.inhabitants_by_year(municipality_ids=[municipality.pk], years=years)
    inhabitants = {year: totals.get((municipality.pk, year)) for year in years}
    values: dict[tuple[str, str], Decimal] = {
        (f.series.indicator, f.period): f.value for f in local
    }
    series = {f.series.indicator: f.series for f in local}
    sources: dict[str, set[str]] = {}
    for f in local:
        sources.setdefault(f.series.indicator, set()).add(f.source)
    lines = [
        SeriesLine(
            str(series[indicator]),
            ", ".join(sorted(sources[indicator])),
            [_number(values.get((indicator, p))) for p in periods],
        )
        for indicator in sorted(series)
    ]
    # The chain's own figure: reports per year of receipt, protected.
    report_years = sorted({int(p[:4]) for p in periods if len(p) == 4} or set(years))
    counts = selectors.reports_per_year(municipality_ids=[municipality.pk], years=report_years)
    own: dict[int, Shown] = {
        y: protect_count(counts.get((municipality.pk, y), 0)) for y in report_years
    }
    ratio_lines = []
    for numerator, denominator, label in RATIOS:
        cells = [
            _percent(
                darkfigure.percentage(values.get((numerator, p)), values.get((denominator, p)))
            )
            for p in periods
        ]
        if any(c != "—" for c in cells):
            ratio_lines.append((str(label), cells))
    comparisons = []
    for indicator in sorted(series):
        for period in periods:
            value = values.get((indicator, period))
            year = int(period[:4])
            if value is None or len(period) != 4 or (indicator, period) not in national:
                continue
            comparison = darkfigure.compare_with_national(
                value=value,
                inhabitants=inhabitants.get(year),
                national_value=national[(indicator, period)],
                national_inhabitants=_national_inhabitants(national, period),
            )
            comparisons.append(
                {
                    "label": str(series[indicator]),
                    "period": period,
                    "local": _decimal(comparison.local_per_1000),
                    "national": _decimal(comparison.national_per_1000),
                    "index": _decimal(comparison.index, places=1),
                }
            )
    own_cells = [own[int(p)].label if len(p) == 4 and int(p) in own else "" for p in periods]
    own_per_1000 = [
        (
            y,
            own[y].label,
            _decimal(darkfigure.per_1000(own[y].value, inhabitants.get(y))),
        )
        for y in report_years
    ]
    context: dict[str, Any] = {
        "reach": reach,
        "region": _region_overview(reach) if reach.is_centre else None,
        "municipality": municipality,
        "periods": periods,
        "lines": lines,
        "ratio_lines": ratio_lines,
        "comparisons": comparisons,
        "own_per_1000": own_per_1000,
        "own_cells": own_cells,
        "national_population": NATIONAL_POPULATION,
    }
    return render(request, "external/figures.html", context)


@dataclass
class RegionOverview:
    year: int
    rows: list[dict[str, str]]
    total: dict[str, str]


def _region_overview(reach: selectors.Reach) -> RegionOverview | None:
    """From the centre municipality: every municipality of the region in the latest year with
    police incidents, side by side per 1,000 inhabitants; the reports protected as one table."""
    ids = [m.pk for m in reach.municipalities]
    found = list(
        ExternalFigure.objects.filter(
            municipality_id__in=ids,
            series__indicator__in=["police_incidents", "formal_complaints"],
        )
        .order_by()
        .values_list("municipality_id", "series__indicator", "period", "value")
    )
    years = [
        int(p) for _m, indicator, p, _v in found if len(p) == 4 and indicator == "police_incidents"
    ]
    if not years:
        return None
    year = max(years)
    values = {(m, i): v for m, i, p, v in found if p == str(year)}
    totals = selectors.inhabitants_by_year(municipality_ids=ids, years=[year])
    counts = selectors.reports_per_year(municipality_ids=ids, years=[year])
    protected = protect_table(
        {m.name: {REPORTED: counts.get((m.pk, year), 0)} for m in reach.municipalities}
    )

    def line(
        label: str, inhabitants: int | None, incidents: Any, complaints: Any, shown: Shown
    ) -> dict[str, str]:
        return {
            "name": label,
            "inhabitants": _number(Decimal(inhabitants)) if inhabitants else "—",
            "incidents": _decimal(darkfigure.per_1000(incidents, inhabitants)),
            "complaints": _percent(darkfigure.percentage(complaints, incidents)),
            "reports": shown.label,
            "reports_per_1000": _decimal(darkfigure.per_1000(shown.value, inhabitants)),
        }

    rows = []
    sums: dict[str, Decimal] = {"incidents": Decimal(0), "complaints": Decimal(0)}
    complete = True
    for m in reach.municipalities:
        incidents = values.get((m.pk, "police_incidents"))
        complaints = values.get((m.pk, "formal_complaints"))
        complete = complete and incidents is not None and complaints is not None
        sums["incidents"] += incidents or 0
        sums["complaints"] += complaints or 0
        rows.append(
            line(
                m.name,
                totals.get((m.pk, year)),
                incidents,
                complaints,
                protected.cell(m.name, REPORTED),
            )
        )
    inhabitants = sum(totals.get((m.pk, year), 0) for m in reach.municipalities)
    whole = complete and all((m.pk, year) in totals for m in reach.municipalities)
    total = line(
        str(reach.region) if reach.region else "",
        inhabitants if whole else None,
        sums["incidents"] if whole else None,
        sums["complaints"] if whole else None,
        protected.column_total(REPORTED),
    )
    return RegionOverview(year, rows, total)


def _national_inhabitants(national: dict[tuple[str, str], Decimal], period: str) -> int | None:
    value = national.get((NATIONAL_POPULATION, period))
    return int(value) if value is not None else None


def _own(request: AuthenticatedHttpRequest, reach: selectors.Reach) -> Municipality:
    organisation = request.user.organisation
    for municipality in reach.municipalities:
        if organisation is not None and municipality.pk == organisation.municipality_id:
            return municipality
    return reach.municipalities[0]


def _number(value: Decimal | None) -> str:
    """A published figure as published: whole numbers grouped, decimals with two places."""
    if value is None:
        return "—"
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places, force_grouping=True)


def _decimal(value: Decimal | None, places: int = 2) -> str:
    return "—" if value is None else number_format(value, decimal_pos=places, force_grouping=True)


# --- Verborgen aantal --------------------------------------------------------------------------


@dataclass
class EstimateTable:
    anchor: str  # the id of the table's heading
    title: str
    year: int
    rows: list[dict[str, str]]
    total: dict[str, str]
    assumptions: list[str]
    sources: list[str]


def _estimate_table(anchor: str, title: str, result: Estimate, unknown_age: int) -> EstimateTable:
    reported: dict[str, dict[str, int]] = {
        str(r.group): {REPORTED: r.reported} for r in result.rows
    }
    reported[UNKNOWN_AGE] = {REPORTED: unknown_age}
    protected = protect_table(reported)
    rows = []
    for row in result.rows:
        shown = protected.cell(str(row.group), REPORTED)
        rows.append(
            {
                "group": str(GROUP_LABELS[row.group]),
                "population": _number(row.population.quantize(Decimal(1)))
                if row.population is not None
                else "—",
                "rate": _decimal(row.rate.per_1000, 1),
                "expected": about(row.expected),
                "reported": shown.label,
                "share": _percent(darkfigure.share_reported(shown.value, row.expected)),
            }
        )
    unknown = protected.cell(UNKNOWN_AGE, REPORTED)
    total = protected.column_total(REPORTED)
    rows.append(
        {
            "group": _("Age unknown"),
            "population": "",
            "rate": "",
            "expected": "",
            "reported": unknown.label,
            "share": "",
        }
    )
    expected_total = result.expected_total
    total_row = {
        "group": _("Total"),
        "population": "",
        "rate": "",
        "expected": about(expected_total),
        "reported": total.label,
        "share": _percent(darkfigure.share_reported(total.value, expected_total)),
    }
    sources = sorted({rate_source(r.rate) for r in result.rows})
    return EstimateTable(
        anchor,
        title,
        result.year,
        rows,
        total_row,
        [assumption_text(a) for a in Assumption if a in result.assumptions],
        sources,
    )


def _years_for(municipalities: Sequence[Municipality]) -> list[int]:
    this_year = timezone.localdate().year
    years = set(
        PopulationFigure.objects.filter(municipality__in=municipalities)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years | {this_year - 1, this_year}, reverse=True)


@policy_required
def dark_figure(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dark-number estimate per municipality in reach (and the region from the centre)."""
    reach = _reach(request)
    years = _years_for(reach.municipalities)
    form = YearForm(request.GET or None, years=years, municipalities=[])
    year = years[0] if years else timezone.localdate().year
    if form.is_valid() and form.cleaned_data.get("jaar"):
        year = int(form.cleaned_data["jaar"])
    ids = [m.pk for m in reach.municipalities]
    rates = selectors.rates_for_region(reach.region)
    populations = selectors.population_by_band(municipality_ids=ids, year=year)
    reported = selectors.reported_persons(municipality_ids=ids, year=year)
    tables = []
    for municipality in reach.municipalities:
        population = populations[municipality.pk]
        persons = reported[municipality.pk]
        result = darkfigure.estimate(
            year=year,
            rates=rates,
            bands=population.bands,
            total=population.total,
            reported={Group(g): n for g, n in persons.by_group.items()},
            unknown_age=persons.unknown_age,
        )
        tables.append(
            _estimate_table(
                f"estimate-{municipality.code}", municipality.name, result, persons.unknown_age
            )
        )
    region_table = None
    if reach.is_centre and reach.region is not None and len(reach.municipalities) > 1:
        region_table = _region_estimate(reach, year, rates, populations, reported)
    context = {
        "form": form,
        "year": year,
        "tables": tables,
        "region_table": region_table,
        "reach": reach,
        "incomplete": year >= timezone.localdate().year,
    }
    return render(request, "external/dark_figure.html", context)


def _region_estimate(
    reach: selectors.Reach,
    year: int,
    rates: list[darkfigure.Rate],
    populations: dict[int, selectors.Population],
    reported: dict[int, selectors.ReportedPersons],
) -> EstimateTable | None:
    """The region: the sum of the municipalities' group populations (each by its own bands or
    national shares) and of their reported persons."""
    population: dict[Group, Decimal] = {g: Decimal(0) for g in darkfigure.GROUPS}
    assumptions: set[darkfigure.Assumption] = set()
    for municipality in reach.municipalities:
        one = populations[municipality.pk]
        groups, made = darkfigure.group_population(one.bands, one.total)
        if not groups:
            return None  # one municipality without population: no region estimate
        assumptions |= made
        for group, n in groups.items():
            population[group] += n
    bands = {
        band: int(population[group])
        for group, band in (
            (Group.CHILDREN, "0-17"),
            (Group.ADULTS, "18-64"),
            (Group.ELDERLY, "65+"),
        )
    }
    counts = {
        g: sum(reported[m.pk].by_group[g] for m in reach.municipalities) for g in darkfigure.GROUPS
    }
    unknown = sum(reported[m.pk].unknown_age for m in reach.municipalities)
    result = darkfigure.estimate(
        year=year, rates=rates, bands=bands, total=None, reported=counts, unknown_age=unknown
    )
    result = Estimate(
        result.year,
        result.rows,
        result.unknown_age,
        frozenset((result.assumptions - {darkfigure.Assumption.BANDS}) | assumptions),
    )
    assert reach.region is not None
    return _estimate_table("estimate-region", reach.region.name, result, unknown)


# --- Importeren ----------------------------------------------------------------------------------


@policy_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a population or external-series CSV: all rows land, or none and every problem."""
    reach = _reach(request)
    max_bytes = services.max_csv_bytes()
    form = UploadForm(request.POST or None, request.FILES or None, max_bytes=max_bytes)
    errors: list[services.RowError] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        ids = {m.pk for m in reach.municipalities}
        try:
            if form.cleaned_data["kind"] == ImportKind.POPULATION:
                result = services.population_import(data=data, reach=ids)
            else:
                result = services.series_import(
                    data=data, reach=ids, national_allowed=reach.is_centre
                )
        except services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("%(rows)s rows imported (%(created)s new, %(updated)s replaced).")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect("external:upload")
    context = {
        "form": form,
        "errors": errors[:MAX_SHOWN_ERRORS],
        "more_errors": max(0, len(errors) - MAX_SHOWN_ERRORS),
        "reach": reach,
        "max_bytes": max_bytes,
        "counts": {
            "population": PopulationFigure.objects.filter(
                municipality__in=reach.municipalities
            ).count(),
            "series": ExternalFigure.objects.filter(municipality__in=reach.municipalities).count(),
        },
    }
    return render(request, "external/upload.html", context, status=400 if errors else 200)


# --- Prevalentie -------------------------------------------------------------------------------


@policy_required
def rates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The prevalence rates in force for the region; the centre municipality sets them."""
    reach = _reach(request)
    region = reach.region
    assert region is not None
    may_set = services.may_set_rates(request.user, region)
    form = RateForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.prevalence_rate_set(region=region, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The prevalence rate was saved."))
                return redirect("external:rates")
    today = timezone.localdate()
    in_force = selectors.rates_for_region(region)
    current = [
        {
            "group": GROUP_LABELS[g],
            "rate": darkfigure.rate_in_force(in_force, g, today),
            "source": rate_source(darkfigure.rate_in_force(in_force, g, today)),
        }
        for g in darkfigure.GROUPS
    ]
    context = {
        "form": form,
        "may_set": may_set,
        "current": current,
        "history": selectors.rate_history(region),
        "region": region,
    }
    return render(request, "external/rates.html", context)
