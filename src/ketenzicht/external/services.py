"""Writes of external figures: the two CSV imports and the prevalence rates.

An import lands whole or not at all: the file is read and every row checked first
(``external/csvformat.py``), municipalities are resolved against the database, and only when
nothing is wrong are all rows written in one transaction. Otherwise
:class:`ImportRejected` carries every problem with its line and column, worded in the UI
language, and nothing is written. A row for a figure that exists already (same municipality,
year and age band; or same indicator, municipality and period) replaces its value: importing a
corrected file is how a published correction is taken over.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.external import csvformat
from ketenzicht.external.csvformat import CsvRejected, Problem
from ketenzicht.external.models import (
    ExternalFigure,
    ExternalSeries,
    PopulationFigure,
    PrevalenceGroup,
    PrevalenceRate,
)
from ketenzicht.organisations.models import Municipality, Region, User


def max_csv_bytes() -> int:
    return int(getattr(settings, "KZ_EXTERNAL_MAX_CSV_BYTES", csvformat.MAX_BYTES))


def column_label(column: str) -> str:
    """A column in the words of the UI (the user's own header text stays as it is)."""
    labels = {
        "municipality": _("municipality"),
        "year": _("year"),
        "inhabitants": _("inhabitants"),
        "age_band": _("age band"),
        "source": _("source"),
        "indicator": _("indicator"),
        "period": _("period"),
        "value": _("value"),
    }
    return labels.get(column, column)


def problem_message(problem: Problem) -> str:
    """One problem in words (Dutch in the Dutch UI)."""
    params = {
        "value": problem.value,
        "other": problem.other,
        "column": column_label(problem.column),
    }
    messages = {
        "too_large": _("The file is too large (%(value)s bytes; at most %(other)s)."),
        "utf16": _("The file is saved as UTF-16. Save it as CSV UTF-8 and upload it again."),
        "encoding": _(
            "The file is not valid UTF-8 text. Save it as CSV UTF-8 (with or without BOM)."
        ),
        "empty": _("The file is empty."),
        "no_rows": _("The file has a header but no rows."),
        "unreadable": _("This line cannot be read as CSV (an unclosed quote?)."),
        "unknown_column": _("Unknown column “%(value)s”."),
        "duplicate_column": _("The column “%(column)s” appears twice."),
        "missing_column": _("The column “%(column)s” is missing."),
        "too_many_rows": _("Too many rows: at most %(other)s per file."),
        "field_count": _("This line has %(value)s fields; the header has %(other)s."),
        "required": _("No value."),
        "bad_year": _("“%(value)s” is not a year (four digits, e.g. 2024)."),
        "year_out_of_range": _("The year of “%(value)s” lies outside 1990 to %(other)s."),
        "not_whole_number": _("“%(value)s” is not a whole number (digits only, no separators)."),
        "negative": _("“%(value)s” is negative."),
        "not_a_number": _(
            "“%(value)s” is not a number (e.g. 1234 or 12,5; no thousands separator)."
        ),
        "too_large_value": _("“%(value)s” is too large."),
        "bad_age_band": _("“%(value)s” is not an age band (e.g. 0-17, 65+ or total)."),
        "overlapping_age_band": _(
            "The age band %(value)s overlaps a band of the same municipality and year on line "
            "%(other)s."
        ),
        "bands_do_not_add_up": _(
            "The age bands add up to %(value)s inhabitants, the total is %(other)s."
        ),
        "national_population": _(
            "Population figures are per municipality; the national population belongs in the "
            "external series (indicator “population”, municipality NL01)."
        ),
        "bad_period": _(
            "“%(value)s” is not a period (a year like 2023, or a half-year like 2023-H1)."
        ),
        "bad_indicator": _(
            "“%(value)s” is not an indicator code (lower-case letters, digits, - and _)."
        ),
        "too_long": _("Too long (at most %(other)s characters)."),
        "duplicate_row": _("The same figure appears on line %(other)s already."),
        "unknown_municipality": _(
            "Unknown municipality “%(value)s” (use the CBS code, e.g. GM0505)."
        ),
        "ambiguous_municipality": _(
            "“%(value)s” names more than one municipality: use the CBS code."
        ),
        "outside_reach": _("“%(value)s” lies outside the municipalities you import figures for."),
    }
    template = messages.get(problem.code, problem.code)
    return template % params if "%(" in template else template


@dataclass(frozen=True)
class RowError:
    line: int  # 0: the file as a whole
    column: str
    message: str


class ImportRejected(ValidationError):
    """The file was refused; ``errors`` lists every problem, in line order. Nothing written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        ordered = sorted(problems, key=lambda p: (p.line, p.column, p.code))
        self.errors = [RowError(p.line, p.column, problem_message(p)) for p in ordered]
        super().__init__([self.describe(e) for e in self.errors])

    @staticmethod
    def describe(error: RowError) -> str:
        if error.line == 0:
            return error.message
        if error.column:
            return _("Line %(line)s, column %(column)s: %(message)s") % {
                "line": error.line,
                "column": column_label(error.column),
                "message": error.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": error.line, "message": error.message}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def rows(self) -> int:
        return self.created + self.updated


class _Resolver:
    """Municipality cells to municipalities: by CBS code (GM0505, 0505) or by exact name."""

    def __init__(self, reach: Collection[int] | None) -> None:
        self.by_code: dict[str, Municipality] = {}
        self.by_name: dict[str, list[Municipality]] = {}
        for municipality in Municipality.objects.all():
            self.by_code[municipality.code] = municipality
            self.by_name.setdefault(municipality.name.casefold(), []).append(municipality)
        self.reach = reach

    def resolve(self, text: str, line: int, problems: list[Problem]) -> Municipality | None:
        kind, key = csvformat.municipality_key(text)
        found: Municipality | None = None
        if kind == "code":
            found = self.by_code.get(key)
        elif kind == "name":
            named = self.by_name.get(key, [])
            if len(named) > 1:
                problems.append(Problem(line, "municipality", "ambiguous_municipality", text[:40]))
                return None
            found = named[0] if named else None
        if found is None:
            problems.append(Problem(line, "municipality", "unknown_municipality", text[:40]))
            return None
        if self.reach is not None and found.pk not in self.reach:
            problems.append(Problem(line, "municipality", "outside_reach", text[:40]))
            return None
        return found


def _text(data: bytes) -> str:
    try:
        return csvformat.decode(data, max_bytes=max_csv_bytes())
    except CsvRejected as rejected:
        raise ImportRejected(rejected.problems) from None


def _latest_year() -> int:
    return timezone.localdate().year + 1


def population_import(
    *, data: bytes, reach: Collection[int] | None = None, default_source: str = ""
) -> ImportResult:
    """Import a population CSV (``municipality, year, inhabitants[, age_band][, source]``).

    ``reach``: the ids of the municipalities the importer may write for (None: all, for the
    command line). Raises :class:`ImportRejected` and writes nothing when anything is wrong.
    """
    rows, problems = csvformat.read_population(_text(data), latest_year=_latest_year())
    resolver = _Resolver(reach)
    resolved = [(row, resolver.resolve(row.municipality, row.line, problems)) for row in rows]
    seen: dict[tuple[int, int, str], int] = {}
    for row, municipality in resolved:  # "Dordrecht" and "GM0505" on two lines are one figure
        if municipality is None:
            continue
        key = (municipality.pk, row.year, row.age_band)
        if key in seen:
            problems.append(Problem(row.line, "", "duplicate_row", "", str(seen[key])))
        seen.setdefault(key, row.line)
    if problems:
        raise ImportRejected(problems)
    created = updated = 0
    with transaction.atomic():
        existing = {
            (f.municipality_id, f.year, f.age_band): f
            for f in PopulationFigure.objects.select_for_update(of=("self",))
            .order_by()
            .filter(
                municipality_id__in={m.pk for _r, m in resolved if m is not None},
                year__in={r.year for r in rows},
            )
        }
        new: list[PopulationFigure] = []
        changed: list[PopulationFigure] = []
        now = timezone.now()
        for row, municipality in resolved:
            assert municipality is not None
            source = row.source or default_source
            figure = existing.get((municipality.pk, row.year, row.age_band))
            if figure is None:
                new.append(
                    PopulationFigure(
                        municipality=municipality,
                        year=row.year,
                        age_band=row.age_band,
                        inhabitants=row.inhabitants,
                        source=source,
                    )
                )
            else:
                figure.inhabitants, figure.source, figure.imported_at = row.inhabitants, source, now
                changed.append(figure)
        PopulationFigure.objects.bulk_create(new, batch_size=1000)
        PopulationFigure.objects.bulk_update(
            changed, ["inhabitants", "source", "imported_at"], batch_size=1000
        )
        created, updated = len(new), len(changed)
    return ImportResult(created, updated)


def series_import(
    *,
    data: bytes,
    reach: Collection[int] | None = None,
    national_allowed: bool = True,
    names: dict[str, str] | None = None,
) -> ImportResult:
    """Import an external-series CSV (``indicator, municipality, period, value, source``).

    ``municipality`` NL01 (or "Nederland") is a national figure, allowed when
    ``national_allowed``. ``names``: display names for new indicators. Raises
    :class:`ImportRejected` and writes nothing when anything is wrong.
    """
    rows, problems = csvformat.read_series(_text(data), latest_year=_latest_year())
    resolver = _Resolver(reach)
    resolved: list[tuple[csvformat.SeriesRow, Municipality | None]] = []
    seen: dict[tuple[str, int | None, str], int] = {}
    for row in rows:
        kind, _key = csvformat.municipality_key(row.municipality)
        municipality: Municipality | None = None
        if kind == "national":
            if not national_allowed:
                problems.append(
                    Problem(row.line, "municipality", "outside_reach", row.municipality)
                )
                continue
        else:
            municipality = resolver.resolve(row.municipality, row.line, problems)
            if municipality is None:
                continue
        key = (row.indicator, municipality.pk if municipality else None, row.period)
        if key in seen:
            problems.append(Problem(row.line, "", "duplicate_row", "", str(seen[key])))
            continue
        seen[key] = row.line
        resolved.append((row, municipality))
    if problems:
        raise ImportRejected(problems)
    names = names or {}
    with transaction.atomic():
        series = {s.indicator: s for s in ExternalSeries.objects.all()}
        for indicator in sorted({r.indicator for r in rows} - set(series)):
            series[indicator] = ExternalSeries.objects.create(
                indicator=indicator, name=names.get(indicator, "")
            )
        existing = {
            (f.series_id, f.municipality_id, f.period): f
            for f in ExternalFigure.objects.select_for_update(of=("self",))
            .order_by()
            .filter(
                series__indicator__in={r.indicator for r in rows},
                period__in={r.period for r in rows},
            )
        }
        new: list[ExternalFigure] = []
        changed: list[ExternalFigure] = []
        now = timezone.now()
        for row, municipality in resolved:
            one = series[row.indicator]
            figure = existing.get((one.pk, municipality.pk if municipality else None, row.period))
            if figure is None:
                new.append(
                    ExternalFigure(
                        series=one,
                        municipality=municipality,
                        period=row.period,
                        value=row.value,
                        source=row.source,
                    )
                )
            else:
                figure.value, figure.source, figure.imported_at = row.value, row.source, now
                changed.append(figure)
        ExternalFigure.objects.bulk_create(new, batch_size=1000)
        ExternalFigure.objects.bulk_update(
            changed, ["value", "source", "imported_at"], batch_size=1000
        )
    return ImportResult(len(new), len(changed))


def may_set_rates(user: User, region: Region) -> bool:
    """A policy officer of the region's centre municipality, or an administrator."""
    if user.is_superuser:
        return True
    organisation = user.organisation
    return (
        user.is_policy_officer
        and organisation is not None
        and organisation.municipality_id is not None
        and organisation.municipality_id == region.centre_municipality_id
    )


def prevalence_rate_set(
    *,
    region: Region,
    group: str,
    per_1000: Decimal,
    source: str,
    valid_from: date,
    actor: User,
) -> PrevalenceRate:
    """Set the rate of ``group`` for ``region`` from ``valid_from`` on (replacing a rate set
    for the same day). Only :func:`may_set_rates` users."""
    errors: dict[str, list[str]] = {}
    if not may_set_rates(actor, region):
        raise ValidationError(
            _("Only a policy officer of the centre municipality sets the prevalence rates.")
        )
    if group not in PrevalenceGroup.values:
        errors.setdefault("group", []).append(_("Unknown group."))
    if per_1000 < 0 or per_1000 > 1000:
        errors.setdefault("per_1000", []).append(_("A rate lies between 0 and 1,000 per 1,000."))
    if not source.strip():
        errors.setdefault("source", []).append(_("Name the study or publication of the rate."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rate, _created = PrevalenceRate.objects.update_or_create(
            region=region,
            group=group,
            valid_from=valid_from,
            defaults={"per_1000": per_1000, "source": source.strip(), "set_by": actor},
        )
    return rate
