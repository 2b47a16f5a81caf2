"""The budget split of the *Gemeenschappelijke Regeling* (BRIEF §9): pure, in euro cents.

The municipal contribution of a budget year is the total of the budget lines minus the national
DUVO amount; it is split over the participating municipalities by a key (by default their
inhabitants on 1 January of the previous year).

**Rounding rule** (largest remainder, also called Hamilton's method): every municipality first
gets the whole cents of its exact share ``amount * weight / total weight`` (rounded down); the
cents left over — fewer than the number of municipalities — go one each to the municipalities
with the largest remainders; ties go to the larger weight, then to the smaller code. The parts
therefore always add up exactly to the amount, no municipality is ever more than one cent away
from its exact share, and the result does not depend on the order the municipalities are given in.

A municipality that joins or leaves during the year takes part pro rata: its weight is its
inhabitants times the days it takes part in the year, divided by the days of the year
(:func:`participation_weights`, kept as exact fractions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

Weight = int | Fraction


def split(amount: int, weights: Mapping[str, Weight]) -> dict[str, int]:
    """``amount`` cents split over the keys of ``weights`` by the largest remainder method."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"An amount is a whole number of cents, not {amount!r}")
    if amount < 0:
        raise ValueError(f"An amount to split cannot be negative ({amount})")
    if not weights:
        raise ValueError("There is nobody to split the amount over")
    fractions = {}
    for key, weight in weights.items():
        w = Fraction(weight)
        if w < 0:
            raise ValueError(f"The weight of {key} cannot be negative ({weight})")
        fractions[key] = w
    total = sum(fractions.values(), Fraction(0))
    if total == 0:
        raise ValueError("The weights add up to zero: the amount cannot be split")
    exact = {key: amount * w / total for key, w in fractions.items()}
    parts = {key: int(share) for key, share in exact.items()}  # floor: shares are >= 0
    left = amount - sum(parts.values())
    order = sorted(exact, key=lambda k: (-(exact[k] - parts[k]), -fractions[k], k))
    for key in order[:left]:
        parts[key] += 1
    return parts


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def participation_days(year: int, joined: date | None, left: date | None) -> int:
    """Days of ``year`` a municipality takes part: from ``joined`` up to (not incl.) ``left``."""
    start = max(date(year, 1, 1), joined or date(year, 1, 1))
    end = min(date(year + 1, 1, 1), left or date(year + 1, 1, 1))
    return max(0, (end - start).days)


@dataclass(frozen=True)
class Participant:
    code: str  # CBS code, e.g. GM0505
    inhabitants: int
    joined: date | None = None
    left: date | None = None


def participation_weights(year: int, participants: list[Participant]) -> dict[str, Fraction]:
    """Inhabitants pro rata to the days each municipality takes part in ``year`` (0 if none)."""
    days = days_in_year(year)
    weights = {}
    for p in participants:
        if p.inhabitants < 0:
            raise ValueError(f"{p.code}: inhabitants cannot be negative")
        if p.joined and p.left and p.left < p.joined:
            raise ValueError(f"{p.code}: leaves before it joins")
        weights[p.code] = Fraction(p.inhabitants * participation_days(year, p.joined, p.left), days)
    return weights


@dataclass(frozen=True)
class Contribution:
    """The municipal contribution of one year and each municipality's part."""

    total: int  # the budget lines together, cents
    duvo: int  # the national DUVO amount, cents
    parts: dict[str, int]
    inhabitants: dict[str, int]

    @property
    def municipal(self) -> int:
        return self.total - self.duvo

    def per_inhabitant(self, code: str) -> Fraction | None:
        """Cents per inhabitant (exact; the page rounds it for display)."""
        n = self.inhabitants.get(code, 0)
        return Fraction(self.parts[code], n) if n else None


def contribution(
    *, total: int, duvo: int, participants: list[Participant], year: int
) -> Contribution:
    """Total minus DUVO, split by inhabitants pro rata to participation in ``year``."""
    if duvo < 0 or total < 0:
        raise ValueError("Budget amounts cannot be negative")
    if duvo > total:
        raise ValueError(
            f"The DUVO amount ({duvo}) is larger than the budget ({total}): nothing to split"
        )
    codes = [p.code for p in participants]
    if len(set(codes)) != len(codes):
        raise ValueError("A municipality takes part twice")
    weights = participation_weights(year, participants)
    return Contribution(
        total=total,
        duvo=duvo,
        parts=split(total - duvo, weights),
        inhabitants={p.code: p.inhabitants for p in participants},
    )


@dataclass(frozen=True)
class LeaveScenarios:
    """What a municipality's leaving changes, both ways."""

    before: dict[str, int]
    # The remaining municipalities take over its share: the same amount, split over them.
    taken_over: dict[str, int]
    # Nobody takes it over: the others pay what they paid; the amount shrinks by its share.
    not_taken_over: dict[str, int]
    shortfall: int  # the leaving municipality's share that is no longer paid (second way)


def leave_scenarios(amount: int, weights: Mapping[str, Weight], leaving: str) -> LeaveScenarios:
    if leaving not in weights:
        raise ValueError(f"{leaving} does not take part")
    if len(weights) < 2:
        raise ValueError("The last municipality cannot leave: nobody would remain")
    before = split(amount, weights)
    remaining = {k: w for k, w in weights.items() if k != leaving}
    return LeaveScenarios(
        before=before,
        taken_over=split(amount, remaining),
        not_taken_over={k: v for k, v in before.items() if k != leaving},
        shortfall=before[leaving],
    )


@dataclass(frozen=True)
class Change:
    code: str
    previous: int | None
    current: int | None

    @property
    def difference(self) -> int:
        return (self.current or 0) - (self.previous or 0)

    @property
    def percentage(self) -> Fraction | None:
        if not self.previous:
            return None
        return Fraction(100 * self.difference, self.previous)


def compare_years(previous: Mapping[str, int], current: Mapping[str, int]) -> list[Change]:
    """Per municipality (sorted by code) the part of one year against the year before."""
    return [
        Change(code, previous.get(code), current.get(code))
        for code in sorted(set(previous) | set(current))
    ]
