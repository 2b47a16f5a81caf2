"""The capacity and backlog forecast of Veilig Thuis (BRIEF §9): pure, deterministic and seeded.

Model, per week ``w``:

- demand: ``inflow[w]`` new reports; each report costs the hours of its safety assessment plus,
  by the outcome mix, the hours of V&V, an investigation or a handover (the mean hours per report);
- capacity: ``fte[w] * productive_hours_per_fte * (1 - overhead)`` hours, turned into reports
  handled by dividing by the mean hours per report;
- backlog: ``backlog[w+1] = max(0, backlog[w] + inflow[w] - handled[w])`` — the reports past
  receipt not yet taken up (the *werkvoorraad*).

The deterministic trajectory uses the expected inflow; the uncertainty band runs the same model
with a random weekly inflow (Poisson around the expected inflow, a seeded generator) and takes
percentiles per week. Nothing here scores or predicts anything about a family: it counts hours.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class Mix:
    """Shares of reports that go on to V&V, an investigation or a handover (the rest: none)."""

    vv: float = 0.15
    investigation: float = 0.08
    handover: float = 0.45

    def __post_init__(self) -> None:
        for name in ("vv", "investigation", "handover"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"The share of {name} must lie between 0 and 1")
        if self.vv + self.investigation + self.handover > 1 + 1e-9:
            raise ValueError("The shares of the outcomes add up to more than 100%")


@dataclass(frozen=True)
class Hours:
    """Staff hours per service."""

    assessment: float = 4.0
    vv: float = 30.0  # the national benchmark; some regions budgeted 20
    investigation: float = 40.0
    handover: float = 3.0

    def __post_init__(self) -> None:
        for name in ("assessment", "vv", "investigation", "handover"):
            if getattr(self, name) < 0:
                raise ValueError(f"Hours for {name} cannot be negative")


@dataclass(frozen=True)
class Scenario:
    name: str
    weekly_inflow: float
    weeks: int = 52
    mix: Mix = field(default_factory=Mix)
    hours: Hours = field(default_factory=Hours)
    productive_hours_per_fte: float = 28.0  # per week
    fte: float = 30.0
    # Changes of FTE from a week on (week index -> FTE from then), e.g. {12: 33.0}.
    fte_changes: tuple[tuple[int, float], ...] = ()
    overhead: float = 0.15
    backlog: float = 0.0
    band: tuple[int, int] = (0, 50)
    cost_per_fte_per_year: int = 85_000_00  # cents

    def __post_init__(self) -> None:
        if self.weeks <= 0 or self.weeks > 520:
            raise ValueError("A forecast runs for 1 to 520 weeks")
        if self.weekly_inflow < 0 or self.backlog < 0:
            raise ValueError("Inflow and backlog cannot be negative")
        if not 0 <= self.overhead < 1:
            raise ValueError("The overhead must lie between 0% and 100%")
        if self.productive_hours_per_fte <= 0:
            raise ValueError("Productive hours per FTE must be positive")
        if self.fte < 0 or any(f < 0 for _w, f in self.fte_changes):
            raise ValueError("FTE cannot be negative")
        if any(not 0 <= w < self.weeks for w, _f in self.fte_changes):
            raise ValueError("An FTE change must fall within the forecast's weeks")
        low, high = self.band
        if not 0 <= low <= high:
            raise ValueError("The target band must run from a low to a high number >= 0")
        if self.hours_per_report <= 0:
            raise ValueError("A report must cost some hours")

    @property
    def hours_per_report(self) -> float:
        m, h = self.mix, self.hours
        return (
            h.assessment + m.vv * h.vv + m.investigation * h.investigation + m.handover * h.handover
        )

    def fte_by_week(self) -> list[float]:
        changes = dict(self.fte_changes)
        current, out = self.fte, []
        for week in range(self.weeks):
            current = changes.get(week, current)
            out.append(current)
        return out

    def handled_by_week(self) -> list[float]:
        per_fte = self.productive_hours_per_fte * (1 - self.overhead) / self.hours_per_report
        return [f * per_fte for f in self.fte_by_week()]


def trajectory(scenario: Scenario, inflow: Sequence[float] | None = None) -> list[float]:
    """The backlog at the end of each week (``inflow`` per week; default the expected one)."""
    weekly = list(inflow) if inflow is not None else [scenario.weekly_inflow] * scenario.weeks
    if len(weekly) != scenario.weeks:
        raise ValueError("One inflow figure per week is needed")
    backlog, out = scenario.backlog, []
    for arrived, handled in zip(weekly, scenario.handled_by_week(), strict=True):
        backlog = max(0.0, backlog + arrived - handled)
        out.append(backlog)
    return out


def first_week_in_band(backlog: Sequence[float], band: tuple[int, int]) -> int | None:
    """The first week (1-based) the backlog is at or below the band's top and stays there."""
    top = band[1]
    for week in range(len(backlog)):
        if all(b <= top for b in backlog[week:]):
            return week + 1
    return None


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:  # normal approximation, good enough for a planning band
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass(frozen=True)
class Band:
    p10: list[float]
    p50: list[float]
    p90: list[float]


def uncertainty(scenario: Scenario, *, runs: int = 200, seed: int = 2026) -> Band:
    """Percentiles per week of the backlog over ``runs`` simulations with random inflow."""
    if not 1 <= runs <= 10_000:
        raise ValueError("Between 1 and 10,000 simulation runs")
    rng = random.Random(seed)
    paths = [
        trajectory(scenario, [_poisson(rng, scenario.weekly_inflow) for _ in range(scenario.weeks)])
        for _ in range(runs)
    ]

    def pick(q: float) -> list[float]:
        out = []
        for week in range(scenario.weeks):
            values = sorted(p[week] for p in paths)
            out.append(values[min(runs - 1, int(q * runs))])
        return out

    return Band(p10=pick(0.10), p50=pick(0.50), p90=pick(0.90))


def fte_needed(scenario: Scenario, *, by_week: int) -> float | None:
    """The least constant FTE (to 0.1) that brings the backlog into the band by ``by_week``.

    None when even 1,000 FTE would not (e.g. a zero-hour week is impossible). More FTE never
    makes the backlog worse (property-tested), so a bisection finds the least.
    """
    if not 1 <= by_week <= scenario.weeks:
        raise ValueError("The target week must fall within the forecast")

    def reaches(fte: float) -> bool:
        path = trajectory(replace(scenario, fte=fte, fte_changes=()))
        week = first_week_in_band(path, scenario.band)
        return week is not None and week <= by_week

    low, high = 0.0, 1000.0
    if not reaches(high):
        return None
    if reaches(low):
        return 0.0
    while high - low > 0.05:
        mid = (low + high) / 2
        low, high = (low, mid) if reaches(mid) else (mid, high)
    return math.ceil(high * 10) / 10


def yearly_cost(scenario: Scenario) -> int:
    """Staff cost in cents per year at the mean FTE of the forecast."""
    weeks = scenario.fte_by_week()
    return round(sum(weeks) / len(weeks) * scenario.cost_per_fte_per_year)


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    backlog: list[float]
    band: Band
    in_band_week: int | None
    fte_needed: float | None
    yearly_cost: int


def forecast(
    scenario: Scenario, *, target_week: int | None = None, runs: int = 200, seed: int = 2026
) -> Outcome:
    """Everything the page shows for one scenario (compare several side by side)."""
    path = trajectory(scenario)
    week = first_week_in_band(path, scenario.band)
    return Outcome(
        scenario=scenario,
        backlog=path,
        band=uncertainty(scenario, runs=runs, seed=seed),
        in_band_week=week,
        fte_needed=fte_needed(scenario, by_week=target_week or scenario.weeks)
        if week is None
        else None,
        yearly_cost=yearly_cost(scenario),
    )


def last_full_half_year(today: date) -> tuple[int, int]:
    """The last half-year (year, 1 or 2) that ended before ``today``."""
    return (today.year, 1) if today.month >= 7 else (today.year - 1, 2)


def half_year_weeks(year: int, half: int) -> float:
    """The weeks of a half-year: 181 to 184 days divided by 7."""
    if half not in (1, 2):
        raise ValueError("A half-year is 1 or 2")
    start = date(year, 1, 1) if half == 1 else date(year, 7, 1)
    end = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
    return (end - start).days / 7


def weekly_average(reports: int, year: int, half: int) -> float:
    """Reports of a half-year as a mean per week (one decimal)."""
    if reports < 0:
        raise ValueError("A number of reports cannot be negative")
    return round(reports / half_year_weeks(year, half), 1)
