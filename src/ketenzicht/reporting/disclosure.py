"""Disclosure control: the one gate every figure leaving the system passes (a pure module).

A policy officer, an export, a PDF or an API never gets an unrounded count. Every table of counts
goes through :func:`protect_table`, every lone figure through :func:`protect_count`, and every
share or median computed from counts through :func:`protect_share` / :func:`protect_statistic`.

The rules (CBS practice, BRIEF section 7):

1. **Rounding.** Every shown count is rounded to the nearest multiple of
   ``DisclosurePolicy.rounding_base`` (default 5; halves round up). Zero stays 0.
2. **Primary suppression.** A count of 1 up to ``threshold - 1`` (default 1..9) is not shown
   at all: its label is :data:`SUPPRESSED` ("·") and its value ``None``. This holds for cells
   and for totals alike.
3. **Secondary suppression.** A table is a set of *lines*: each row (its cells plus its row
   total), each column (its cells plus its column total), the row of column totals plus the grand
   total and the column of row totals plus the grand total. Each line is an equation
   ``total = sum(cells)``. If a line held exactly one suppressed figure, that figure would follow
   from the others by subtraction. So, until no line has exactly one suppressed figure, for each
   such line we also suppress its *smallest non-zero* shown entry (an inner cell before the total;
   among equal values the cell whose crossing line already has exactly one suppression, so one
   complement repairs two lines; then the first in reading order, so the result is deterministic).
   Zeros are never chosen: a zero stays visible as 0, and a line whose only suppressed entry is
   non-zero always has another non-zero entry (the total equals the sum of the cells), so the
   loop always finds a complement and ends (each round suppresses one more figure).

   Why this is needed although rounding alone already blurs subtraction: totals are rounded
   independently from the raw totals, not summed from the rounded cells, so ``total - others``
   computed from shown figures is off by up to ``(k + 1) * base / 2`` for a line of ``k``
   cells and cannot give an exact small count back. It still gives an interval around it (a
   suppressed "3" could be pinned to 0..8), which for a count of people in a municipality is
   disclosure enough; the issue demands that a hidden cell cannot be recovered from the table,
   so secondary suppression is applied on top. The guarantee checked by the property tests is
   the line rule: treating every shown figure as exact, no suppressed figure is determined by
   one line. (Combinations of several lines — a full linear-programming audit as in tau-argus —
   are not attempted; with two or more suppressions per line and rounding on top they give an
   interval, not a value.)

Shown values are exact multiples of the base, so sums of shown cells need not equal a shown
total; that is the documented price of independent rounding (CBS tables say so too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The label of a figure that is not shown (primary or secondary suppression).
SUPPRESSED = "·"

#: The label of a share or statistic with nothing to compute it from (CBS: "-").
NOT_APPLICABLE = "-"

#: The row and column key used for totals inside a :class:`ProtectedTable`.
TOTAL = "__total__"


@dataclass(frozen=True)
class DisclosurePolicy:
    """How small numbers are protected. ``from_settings`` reads KZ_DISCLOSURE_*."""

    rounding_base: int = 5
    threshold: int = 10

    def __post_init__(self) -> None:
        if self.rounding_base <= 0:
            raise ValueError("The rounding base must be a positive whole number")
        if self.threshold <= 0:
            raise ValueError("The suppression threshold must be a positive whole number")

    @classmethod
    def from_settings(cls, settings: Any | None = None) -> DisclosurePolicy:
        """The policy configured in Django settings (KZ_DISCLOSURE_ROUNDING/THRESHOLD).

        ``settings`` may be passed in (any object with those attributes); by default Django's
        settings are read lazily, so this module itself stays free of Django.
        """
        if settings is None:
            from django.conf import settings as django_settings

            settings = django_settings
        return cls(
            rounding_base=int(getattr(settings, "KZ_DISCLOSURE_ROUNDING", 5)),
            threshold=int(getattr(settings, "KZ_DISCLOSURE_THRESHOLD", 10)),
        )

    def round(self, n: int) -> int:
        """``n`` rounded to the nearest multiple of the base, halves up."""
        base = self.rounding_base
        return ((2 * n + base) // (2 * base)) * base

    def is_small(self, n: int) -> bool:
        """True for a count that must not be shown (1 up to threshold - 1)."""
        return 0 < n < self.threshold


DEFAULT_POLICY = DisclosurePolicy()


@dataclass(frozen=True)
class Shown:
    """A figure as it may leave the system: ``value`` None when suppressed."""

    value: int | None
    label: str

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.label


def _policy(policy: DisclosurePolicy | None) -> DisclosurePolicy:
    return policy if policy is not None else DisclosurePolicy.from_settings()


def _check_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"A count must be a whole number, not {n!r}")
    if n < 0:
        raise ValueError(f"A count cannot be negative ({n})")
    return n


def _shown(n: int, suppressed: bool, policy: DisclosurePolicy) -> Shown:
    if suppressed:
        return Shown(None, SUPPRESSED)
    value = policy.round(n)
    return Shown(value, str(value))


def protect_count(n: int, *, policy: DisclosurePolicy | None = None) -> Shown:
    """A lone figure: rounded, or suppressed when it is small."""
    policy = _policy(policy)
    n = _check_count(n)
    return _shown(n, policy.is_small(n), policy)


@dataclass(frozen=True)
class ShownShare:
    """A percentage (0-100, one decimal) or None when its denominator is too small."""

    value: float | None
    label: str

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.label


def protect_share(
    numerator: int,
    denominator: int,
    *,
    policy: DisclosurePolicy | None = None,
    decimals: int = 0,
) -> ShownShare:
    """A share in percent, from exact counts; suppressed when the denominator is below the
    threshold (a share of a handful of reports reveals the handful).
    A zero denominator gives NOT_APPLICABLE ("-"). Whole percents by default: a share with
    decimals times a (rounded) denominator would narrow a small numerator down further.
    """
    policy = _policy(policy)
    numerator, denominator = _check_count(numerator), _check_count(denominator)
    if numerator > denominator:
        raise ValueError("A share's numerator cannot exceed its denominator")
    if denominator == 0:
        return ShownShare(None, NOT_APPLICABLE)
    if policy.is_small(denominator):
        return ShownShare(None, SUPPRESSED)
    value = round(100.0 * numerator / denominator, decimals)
    return ShownShare(value, f"{value:.{decimals}f}".replace(".", ",") + "%")


def protect_statistic(
    value: float | None, population: int, *, policy: DisclosurePolicy | None = None, unit: str = ""
) -> ShownShare:
    """A statistic (median, p90 in days) over ``population`` items; suppressed when too few."""
    policy = _policy(policy)
    population = _check_count(population)
    if population == 0 or value is None:
        return ShownShare(None, NOT_APPLICABLE)
    if policy.is_small(population):
        return ShownShare(None, SUPPRESSED)
    rounded = round(float(value), 1)
    label = f"{rounded:.1f}".replace(".", ",")
    return ShownShare(rounded, f"{label} {unit}".strip())


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


class ProtectedTable:
    """A table of counts after rounding, primary and secondary suppression."""

    def __init__(
        self,
        rows: list[str],
        columns: list[str],
        shown: dict[tuple[str, str], Shown],
        policy: DisclosurePolicy,
    ) -> None:
        self._rows = rows
        self._columns = columns
        self._shown = shown
        self.policy = policy

    @property
    def rows(self) -> list[str]:
        return list(self._rows)

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def cell(self, row: str, col: str) -> Shown:
        if row not in self._rows or col not in self._columns:
            raise KeyError((row, col))
        return self._shown[(row, col)]

    def row_total(self, row: str) -> Shown:
        if row not in self._rows:
            raise KeyError(row)
        return self._shown[(row, TOTAL)]

    def column_total(self, col: str) -> Shown:
        if col not in self._columns:
            raise KeyError(col)
        return self._shown[(TOTAL, col)]

    @property
    def total(self) -> Shown:
        return self._shown[(TOTAL, TOTAL)]

    @property
    def suppressed_count(self) -> int:
        return sum(1 for shown in self._shown.values() if shown.suppressed)


def _lines(rows: list[str], columns: list[str]) -> list[list[tuple[str, str]]]:
    """Every additive line of the table with margins; the total entry last."""
    all_rows = [*rows, TOTAL]
    all_cols = [*columns, TOTAL]
    lines = [[(r, c) for c in all_cols] for r in all_rows]
    lines += [[(r, c) for r in all_rows] for c in all_cols]
    return lines


def protect_table(
    table: Mapping[str, Mapping[str, int]], *, policy: DisclosurePolicy | None = None
) -> ProtectedTable:
    """Protect a table given as rows -> columns -> raw count (missing cells count 0).

    Rows keep their order; columns are the union of the rows' columns in first-seen order.
    See the module docstring for the rules and the secondary-suppression algorithm.
    """
    policy = _policy(policy)
    rows = _unique(table)
    columns = _unique(col for row in rows for col in table[row])
    if TOTAL in rows or TOTAL in columns:
        raise ValueError(f"{TOTAL!r} is reserved for totals")
    raw: dict[tuple[str, str], int] = {}
    for r in rows:
        for c in columns:
            raw[(r, c)] = _check_count(table[r].get(c, 0))
        raw[(r, TOTAL)] = sum(raw[(r, c)] for c in columns)
    for c in columns:
        raw[(TOTAL, c)] = sum(raw[(r, c)] for r in rows)
    raw[(TOTAL, TOTAL)] = sum(raw[(r, TOTAL)] for r in rows)

    suppressed = {key for key, n in raw.items() if policy.is_small(n)}
    lines = _lines(rows, columns)
    lines_of: dict[tuple[str, str], list[int]] = {key: [] for key in raw}
    for index, line in enumerate(lines):
        for key in line:
            lines_of[key].append(index)
    order = {key: position for position, key in enumerate(raw)}

    def hidden_in(index: int) -> int:
        return sum(1 for key in lines[index] if key in suppressed)

    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if hidden_in(index) != 1:
                continue
            candidates = [key for key in line if key not in suppressed and raw[key] > 0]
            # Always non-empty (module docstring); guard anyway rather than leak a figure.
            if not candidates:  # pragma: no cover
                raise AssertionError("secondary suppression found no complement")

            def preference(key: tuple[str, str], index: int = index) -> tuple[int, int, int, int]:
                is_total = 1 if TOTAL in key else 0
                repairs = sum(
                    1 for other in lines_of[key] if other != index and hidden_in(other) == 1
                )
                return (is_total, raw[key], -repairs, order[key])

            suppressed.add(min(candidates, key=preference))
            changed = True
    shown = {key: _shown(n, key in suppressed, policy) for key, n in raw.items()}
    return ProtectedTable(rows, columns, shown, policy)
