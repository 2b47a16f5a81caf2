"""The figures engine: from pre-aggregated counts to protected tables, shares and lead times.

Input is a :class:`Cells` (the ``FigureCell`` rows of one region, read in one query); output
are :class:`FigureTable` objects whose every number has passed ``disclosure``. Nothing here reads
the database, so the same code serves the dashboard, the exports and the bench.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ketenzicht.reporting.disclosure import (
    DisclosurePolicy,
    ProtectedTable,
    Shown,
    ShownShare,
    protect_share,
    protect_statistic,
    protect_table,
)

Period = tuple[int, int]  # (year, half): half 1 or 2, or 0 for the whole year
Direction = Literal["higher", "lower", ""]
UNKNOWN = "unknown"


def period_key(period: Period) -> str:
    year, half = period
    return f"{year}" if half == 0 else f"{year}-H{half}"


def parse_period(text: str) -> Period | None:
    """ "2026-H1" -> (2026, 1), "2026" -> (2026, 0); None when it is neither."""
    year_text, _, half_text = text.partition("-H")
    if not year_text.isdigit() or len(year_text) != 4:
        return None
    if not half_text:
        return (int(year_text), 0)
    if half_text in {"1", "2"}:
        return (int(year_text), int(half_text))
    return None


def last_half_years(latest: Period, count: int = 10) -> list[Period]:
    year, half = latest if latest[1] else (latest[0], 2)
    periods = []
    for _ in range(count):
        periods.append((year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return periods[::-1]


class Cells:
    """Additive counts keyed by (municipality key, year, half, measure)."""

    def __init__(self, rows: Iterable[tuple[int | None, int, int, str, int]]) -> None:
        self._by_measure: dict[str, dict[tuple[str, int, int], int]] = defaultdict(dict)
        self.periods: set[Period] = set()
        for municipality_id, year, half, measure, value in rows:
            key = (UNKNOWN if municipality_id is None else str(municipality_id), year, half)
            slot = self._by_measure[measure]
            slot[key] = slot.get(key, 0) + value
            self.periods.add((year, half))

    def latest(self) -> Period | None:
        return max(self.periods) if self.periods else None

    def count(self, measure: str, rows: Sequence[str], period: Period) -> int:
        slot = self._by_measure.get(measure)
        if not slot:
            return 0
        year, half = period
        halves = (1, 2) if half == 0 else (half,)
        return sum(slot.get((row, year, h), 0) for row in rows for h in halves)

    def measures(self, prefix: str) -> list[str]:
        return sorted(m for m in self._by_measure if m.startswith(prefix))

    def histogram(self, prefix: str, rows: Sequence[str], period: Period) -> dict[int, int]:
        result: dict[int, int] = {}
        for measure in self.measures(prefix):
            n = self.count(measure, rows, period)
            if n:
                result[int(measure[len(prefix) :])] = n
        return result


def quantile(histogram: dict[int, int], q: float) -> float | None:
    """The q-quantile of values given as value -> count (lower median for even counts)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))  # pragma: no cover


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    measure: str
    period: Period


@dataclass
class FigureTable:
    """A protected table of counts: rows (municipalities) x columns (periods or categories)."""

    key: str
    title: str
    row_labels: dict[str, str]
    columns: list[Column]
    protected: ProtectedTable
    total_label: str = ""  # empty: no row-total column (the columns do not add up)
    note: str = ""
    direction: Direction = ""
    reading: str = ""  # the direction in words, for the page
    extra_label: str = ""  # one more column from its own protected table (e.g. unique reports)
    extra: ProtectedTable | None = None

    def cell(self, row: str, column: Column) -> Shown:
        return self.protected.cell(row, column.key)

    def lines(self) -> list[tuple[str, list[Shown], Shown | None]]:
        total = bool(self.total_label)
        result = [
            (
                self.row_labels[row],
                [self.cell(row, c) for c in self.columns],
                self.protected.row_total(row) if total else None,
            )
            for row in self.protected.rows
        ]
        return result

    def totals(self) -> tuple[list[Shown], Shown | None]:
        cols = [self.protected.column_total(c.key) for c in self.columns]
        return cols, (self.protected.total if self.total_label else None)

    def display_rows(self) -> list[dict[str, object]]:
        """Rows for the template: label, cells, total (or None), extra (or None)."""
        extra = self.extra
        return [
            {
                "label": label,
                "cells": cells,
                "total": total,
                "extra": extra.row_total(row) if extra is not None else None,
            }
            for row, (label, cells, total) in zip(self.protected.rows, self.lines(), strict=True)
        ]

    def display_totals(self) -> dict[str, object]:
        cells, total = self.totals()
        extra = self.extra.total if self.extra is not None else None
        return {"cells": cells, "total": total, "extra": extra}


def count_table(
    cells: Cells,
    *,
    key: str,
    title: str,
    rows: dict[str, str],
    columns: list[Column],
    policy: DisclosurePolicy,
    total_label: str = "",
    note: str = "",
    direction: Direction = "",
) -> FigureTable:
    raw = {row: {c.key: cells.count(c.measure, [row], c.period) for c in columns} for row in rows}
    return FigureTable(
        key=key,
        title=title,
        row_labels=rows,
        columns=columns,
        protected=protect_table(raw, policy=policy),
        total_label=total_label,
        note=note,
        direction=direction,
    )


@dataclass
class ShareSeries:
    """A share per period (e.g. assessments within the term), with a norm and lead times."""

    key: str
    title: str
    periods: list[Period]
    lines: list[tuple[str, list[ShownShare]]]
    norm: int | None = None
    direction: Direction = "higher"
    note: str = ""
    medians: list[ShownShare] = field(default_factory=list)
    p90s: list[ShownShare] = field(default_factory=list)
    reading: str = ""


def share_series(
    cells: Cells,
    *,
    key: str,
    title: str,
    numerator: str,
    denominator: str,
    rows: dict[str, str],
    total_label: str | None,
    periods: list[Period],
    policy: DisclosurePolicy,
    norm: int | None = None,
    direction: Direction = "higher",
    note: str = "",
    days: str = "",
    unit: str = "",
) -> ShareSeries:
    """Shares per row and period (and for all rows together when ``total_label`` is given).

    Lead times (median, p90) come from the ``days`` histogram over all rows; each is suppressed
    when fewer than the threshold items lie behind it.
    """
    groups: list[tuple[str, list[str]]] = [(label, [row]) for row, label in rows.items()]
    if total_label is not None:
        groups.append((total_label, list(rows)))
    lines = [
        (
            label,
            [
                protect_share(
                    cells.count(numerator, members, p),
                    max(cells.count(denominator, members, p), cells.count(numerator, members, p)),
                    policy=policy,
                )
                for p in periods
            ],
        )
        for label, members in groups
    ]
    series = ShareSeries(key, title, periods, lines, norm, direction, note)
    if days:
        everyone = list(rows)
        for p in periods:
            histogram = cells.histogram(days, everyone, p)
            n = sum(histogram.values())
            series.medians.append(
                protect_statistic(quantile(histogram, 0.5), n, policy=policy, unit=unit)
            )
            series.p90s.append(
                protect_statistic(quantile(histogram, 0.9), n, policy=policy, unit=unit)
            )
    return series
