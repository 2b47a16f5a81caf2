"""The dark-number estimate and the ratios, against figures computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ketenzicht.external.darkfigure import (
    DEFAULT_RATES,
    Assumption,
    Group,
    Rate,
    age_group,
    compare_with_national,
    estimate,
    group_population,
    per_1000,
    percentage,
    rate_in_force,
    share_reported,
)

BANDS = {"0-17": 20_000, "18-64": 60_000, "65+": 20_000}


def _row(result, group):
    return next(r for r in result.rows if r.group == group)


def test_it_expects_victims_per_group_from_the_age_bands_and_the_default_rates():
    result = estimate(
        year=2024,
        rates=[],
        bands=BANDS,
        total=100_000,
        reported={Group.CHILDREN: 150, Group.ADULTS: 99, Group.ELDERLY: 8},
    )
    # 20,000 x 30/1000, 60,000 x 11/1000, 20,000 x 20/1000
    assert _row(result, Group.CHILDREN).expected == 600
    assert _row(result, Group.ADULTS).expected == 660
    assert _row(result, Group.ELDERLY).expected == 400
    assert result.expected_total == 1660
    assert _row(result, Group.CHILDREN).reported == 150
    assert share_reported(150, Decimal(600)) == 25
    assert share_reported(99, Decimal(660)) == 15
    assert share_reported(8, Decimal(400)) == 2
    assert Assumption.BANDS in result.assumptions
    assert Assumption.DEFAULT_RATES in result.assumptions
    assert Assumption.NATIONAL_SHARES not in result.assumptions


def test_it_applies_the_national_age_shares_when_only_the_total_is_known():
    result = estimate(year=2024, rates=[], bands={}, total=100_000, reported={})
    # 19.5% children x 30, 60.4% adults x 11, 20.1% elderly x 20 (per 1,000)
    assert _row(result, Group.CHILDREN).expected == Decimal("585")
    assert _row(result, Group.ADULTS).expected == Decimal("664.4")
    assert _row(result, Group.ELDERLY).expected == Decimal("402")
    assert Assumption.NATIONAL_SHARES in result.assumptions


def test_a_band_across_a_group_boundary_is_split_evenly_over_its_years():
    population, assumptions = group_population(
        {"0-14": 15_000, "15-19": 5_000, "20-64": 55_000, "65+": 20_000}, None
    )
    # 15-19: three child years (15, 16, 17) and two adult years (18, 19)
    assert population[Group.CHILDREN] == 18_000
    assert population[Group.ADULTS] == 57_000
    assert population[Group.ELDERLY] == 20_000
    assert Assumption.BAND_SPLIT in assumptions


def test_an_open_band_below_65_keeps_every_inhabitant():
    population, _assumptions = group_population({"0-59": 75_000, "60+": 25_000}, None)
    assert sum(population.values()) == 100_000
    # 60+ counts as 60..100: five of its 41 years are adult years
    assert population[Group.ADULTS] == Decimal(75_000) * 42 / 60 + Decimal(25_000) * 5 / 41


def test_without_population_nothing_is_expected_and_it_says_so():
    result = estimate(year=2024, rates=[], bands={}, total=None, reported={Group.ADULTS: 3})
    assert all(r.expected is None for r in result.rows)
    assert result.expected_total is None
    assert Assumption.NO_POPULATION in result.assumptions
    assert share_reported(3, None) is None


def test_the_rate_in_force_on_1_january_of_the_year_applies():
    rates = [
        Rate(Group.ADULTS, Decimal("12"), "Studie A", date(2020, 1, 1)),
        Rate(Group.ADULTS, Decimal("14"), "Studie B", date(2024, 1, 1)),
    ]
    assert rate_in_force(rates, Group.ADULTS, date(2023, 1, 1)).per_1000 == 12
    assert rate_in_force(rates, Group.ADULTS, date(2024, 1, 1)).per_1000 == 14
    assert rate_in_force(rates, Group.ADULTS, date(2019, 1, 1)) == DEFAULT_RATES[Group.ADULTS]
    result = estimate(year=2024, rates=rates, bands=BANDS, total=None, reported={})
    assert _row(result, Group.ADULTS).expected == 840  # 60,000 x 14 / 1,000
    assert _row(result, Group.ADULTS).rate.source == "Studie B"


def test_persons_without_a_date_of_birth_are_named_as_an_assumption():
    result = estimate(year=2024, rates=[], bands=BANDS, total=None, reported={}, unknown_age=4)
    assert result.unknown_age == 4
    assert Assumption.UNKNOWN_AGE in result.assumptions


def test_the_age_group_turns_on_the_birthday():
    born = date(2006, 7, 1)
    assert age_group(born, date(2024, 6, 30)) == Group.CHILDREN
    assert age_group(born, date(2024, 7, 1)) == Group.ADULTS
    assert age_group(date(1959, 3, 2), date(2024, 3, 1)) == Group.ADULTS
    assert age_group(date(1959, 3, 2), date(2024, 3, 2)) == Group.ELDERLY
    assert age_group(None, date(2024, 1, 1)) is None


def test_complaints_as_a_percentage_of_incidents():
    # Hollands Midden 2012 (BRIEF §11): 3,365 incidents, 875 formal complaints, about 26%
    assert percentage(875, 3365) == Decimal(87_500) / 3365
    assert round(percentage(875, 3365), 1) == Decimal("26.0")
    assert percentage(5, 0) is None
    assert percentage(None, 10) is None


def test_the_national_comparison_is_per_1000_inhabitants():
    comparison = compare_with_national(
        value=50, inhabitants=10_000, national_value=36_000, national_inhabitants=18_000_000
    )
    assert comparison.local_per_1000 == 5
    assert comparison.national_per_1000 == 2
    assert comparison.index == 250
    assert per_1000(10, 0) is None
    assert (
        compare_with_national(
            value=1, inhabitants=10, national_value=None, national_inhabitants=None
        ).index
        is None
    )
