"""The dark number (*verborgen aantal*) and the ratios of external series: a pure module.

No Django, no database: the selectors hand in plain numbers, the views word the results.

**The estimate.** Prevalence studies give a yearly rate of victims per group (BRIEF §7). Applied
to the population of a municipality, a rate gives the number of victims to *expect* in a year;
next to it stands the number of distinct persons Veilig Thuis had reports about in that year
(as victim or as child in the household). Their ratio says roughly which share is reported.
It is an ESTIMATE, never a count: :func:`estimate` returns the assumptions it made as codes
(:class:`Assumption`) that the page lists under the table.

Groups, by age: children 0-17, adults 18-64, elderly 65+. The adult rate of the studies is for
all adults; the elderly get their own rate, so adults here stop at 64 (no person is counted
twice). When the population is known by age band, each group takes the bands inside it (a band
that straddles a boundary, e.g. "15-19", is split evenly over its years); when only the total
is known, the national age shares of :data:`NATIONAL_AGE_SHARES` are applied to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

OPEN_END = 100  # the last year of an open band such as "65+", for splitting it evenly


class Group(StrEnum):
    CHILDREN = "children"
    ADULTS = "adults"
    ELDERLY = "elderly"


GROUPS: tuple[Group, ...] = (Group.CHILDREN, Group.ADULTS, Group.ELDERLY)
# The ages of each group: (first year, last year; None = no upper end).
GROUP_AGES: dict[Group, tuple[int, int | None]] = {
    Group.CHILDREN: (0, 17),
    Group.ADULTS: (18, 64),
    Group.ELDERLY: (65, None),
}


@dataclass(frozen=True)
class Rate:
    group: Group
    per_1000: Decimal
    source: str
    valid_from: date
    is_default: bool = False


_BRIEF = "BRIEF §7, from the prevalence studies cited in the regional policy documents"
# The defaults until a region sets its own (BRIEF §7):
# - adults victim of domestic violence: 5.5% in 5 years, about 1.1% a year -> 11 per 1,000;
# - children abused: about 3% a year -> 30 per 1,000;
# - elderly 65+ living independently: about 1 in 50 a year -> 20 per 1,000.
DEFAULT_RATES: dict[Group, Rate] = {
    Group.ADULTS: Rate(
        Group.ADULTS,
        Decimal("11"),
        f"{_BRIEF}: 5.5% of adults in 5 years, about 1.1% a year",
        date(2010, 1, 1),
        True,
    ),
    Group.CHILDREN: Rate(
        Group.CHILDREN,
        Decimal("30"),
        f"{_BRIEF}: about 3% of children a year",
        date(2010, 1, 1),
        True,
    ),
    Group.ELDERLY: Rate(
        Group.ELDERLY,
        Decimal("20"),
        f"{_BRIEF}: about 1 in 50 independently living 65+ a year",
        date(2010, 1, 1),
        True,
    ),
}

# Shares of the Dutch population by group on 1 January 2024 (CBS StatLine table 7461bev,
# rounded): used only when a municipality's population is known as a total.
NATIONAL_AGE_SHARES: dict[Group, Decimal] = {
    Group.CHILDREN: Decimal("0.195"),
    Group.ADULTS: Decimal("0.604"),
    Group.ELDERLY: Decimal("0.201"),
}


class Assumption(StrEnum):
    """What the estimate took for granted; the page words each one (external/labels.py)."""

    RATES_FROM_STUDIES = "rates_from_studies"  # always: rates from other places and years
    DEFAULT_RATES = "default_rates"  # a group uses the default of BRIEF §7
    BANDS = "bands"  # population by age band of the year
    BAND_SPLIT = "band_split"  # a band straddling a group boundary was split evenly
    NATIONAL_SHARES = "national_shares"  # only a total: national age shares applied
    UNKNOWN_AGE = "unknown_age"  # reported persons without a date of birth, not in a group
    PERSONS_NOT_VICTIMS = "persons_not_victims"  # always: reported persons, victim or child
    NO_POPULATION = "no_population"  # no population figure: nothing expected


def rate_in_force(rates: Sequence[Rate], group: Group, on: date) -> Rate:
    """The latest rate of ``group`` valid on ``on``; the default when none is."""
    valid = [r for r in rates if r.group == group and r.valid_from <= on]
    return max(valid, key=lambda r: r.valid_from) if valid else DEFAULT_RATES[group]


def _band_bounds(band: str) -> tuple[int, int]:
    if band.endswith("+"):
        return int(band[:-1]), max(OPEN_END, int(band[:-1]))
    low, high = band.split("-")
    return int(low), int(high)


def group_population(
    bands: Mapping[str, int], total: int | None
) -> tuple[dict[Group, Decimal], set[Assumption]]:
    """Inhabitants per group from age bands ("0-17", "65+", ...) or, without bands, from the
    total and the national shares. Empty when neither is known."""
    assumptions: set[Assumption] = set()
    if bands:
        result = {g: Decimal(0) for g in GROUPS}
        assumptions.add(Assumption.BANDS)
        for band, inhabitants in bands.items():
            low, high = _band_bounds(band)
            years = high - low + 1
            for group, (first, last) in GROUP_AGES.items():
                top = last if last is not None else max(high, first)
                overlap = min(high, top) - max(low, first) + 1
                if overlap <= 0:
                    continue
                if overlap < years:
                    assumptions.add(Assumption.BAND_SPLIT)
                result[group] += Decimal(inhabitants) * overlap / years
        return result, assumptions
    if total is None:
        return {}, {Assumption.NO_POPULATION}
    assumptions.add(Assumption.NATIONAL_SHARES)
    return {g: Decimal(total) * NATIONAL_AGE_SHARES[g] for g in GROUPS}, assumptions


def age_group(born: date | None, on: date) -> Group | None:
    """The group of a person born on ``born`` on the day ``on``; None without a birth date."""
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < 18:
        return Group.CHILDREN
    return Group.ADULTS if age < 65 else Group.ELDERLY


@dataclass(frozen=True)
class EstimateRow:
    group: Group
    population: Decimal | None
    rate: Rate
    expected: Decimal | None  # victims to expect in a year (population x rate / 1,000)
    reported: int  # distinct persons in reports of the year (exact: protect before showing)


@dataclass(frozen=True)
class Estimate:
    year: int
    rows: tuple[EstimateRow, ...]
    unknown_age: int  # reported persons without a date of birth
    assumptions: frozenset[Assumption]

    @property
    def expected_total(self) -> Decimal | None:
        values = [r.expected for r in self.rows]
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Decimal(0))


def estimate(
    *,
    year: int,
    rates: Sequence[Rate],
    bands: Mapping[str, int],
    total: int | None,
    reported: Mapping[Group, int],
    unknown_age: int = 0,
) -> Estimate:
    """Expected victims per group next to the persons reported, with the assumptions made.

    The rate in force on 1 January of ``year`` applies; ``reported`` are the distinct persons
    (victim or child in the household) in that year's reports, by their age at the report.
    """
    population, assumptions = group_population(bands, total)
    assumptions |= {Assumption.RATES_FROM_STUDIES, Assumption.PERSONS_NOT_VICTIMS}
    if unknown_age:
        assumptions.add(Assumption.UNKNOWN_AGE)
    rows = []
    for group in GROUPS:
        rate = rate_in_force(rates, group, date(year, 1, 1))
        if rate.is_default:
            assumptions.add(Assumption.DEFAULT_RATES)
        inhabitants = population.get(group)
        expected = None if inhabitants is None else inhabitants * rate.per_1000 / 1000
        rows.append(EstimateRow(group, inhabitants, rate, expected, int(reported.get(group, 0))))
    return Estimate(year, tuple(rows), unknown_age, frozenset(assumptions))


def share_reported(reported: int | None, expected: Decimal | None) -> Decimal | None:
    """Reported persons as a percentage of the expected victims (None when either is unknown
    or nothing is expected). Pass the *protected* count, so the share reveals nothing more."""
    if reported is None or expected is None or expected <= 0:
        return None
    return Decimal(reported) * 100 / expected


# --- external series ---------------------------------------------------------------------------


def percentage(
    numerator: Decimal | int | None, denominator: Decimal | int | None
) -> Decimal | None:
    """``numerator`` as a percentage of ``denominator`` (e.g. formal complaints as % of police
    incidents); None when either is missing or the denominator is zero."""
    if numerator is None or denominator is None or Decimal(denominator) == 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def per_1000(value: Decimal | int | None, inhabitants: int | None) -> Decimal | None:
    if value is None or not inhabitants:
        return None
    return Decimal(value) * 1000 / inhabitants


@dataclass(frozen=True)
class Comparison:
    """A municipality's figure per 1,000 inhabitants against the national one; ``index`` is the
    municipality as a percentage of the national rate (100 = as in the whole country)."""

    local_per_1000: Decimal | None
    national_per_1000: Decimal | None

    @property
    def index(self) -> Decimal | None:
        return percentage(self.local_per_1000, self.national_per_1000)


def compare_with_national(
    *,
    value: Decimal | int | None,
    inhabitants: int | None,
    national_value: Decimal | int | None,
    national_inhabitants: int | None,
) -> Comparison:
    return Comparison(per_1000(value, inhabitants), per_1000(national_value, national_inhabitants))
