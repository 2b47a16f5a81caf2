"""The budget split: exact sums, the rounding rule, participation pro rata, leaving."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.finance.allocation import (
    Participant,
    compare_years,
    contribution,
    leave_scenarios,
    participation_days,
    split,
)

weights_st = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=10_000_000),
    min_size=1,
    max_size=25,
).filter(lambda w: sum(w.values()) > 0)


@given(amount=st.integers(min_value=0, max_value=10**12), weights=weights_st)
def test_the_split_always_sums_to_the_amount_and_stays_within_a_cent(amount, weights):
    parts = split(amount, weights)
    assert sum(parts.values()) == amount
    total = sum(weights.values())
    for key, weight in weights.items():
        assert abs(parts[key] - Fraction(amount * weight, total)) < 1


@given(amount=st.integers(min_value=0, max_value=10**9), weights=weights_st)
def test_the_split_does_not_depend_on_the_order_of_the_municipalities(amount, weights):
    reversed_weights = dict(reversed(list(weights.items())))
    assert split(amount, weights) == split(amount, reversed_weights)


def test_left_over_cents_go_to_the_largest_remainders_then_the_larger_weight():
    # 100 cents over 3 equal weights: 33 each, one cent left; all remainders equal and all
    # weights equal, so the smallest code gets it.
    assert split(100, {"GM0002": 1, "GM0001": 1, "GM0003": 1}) == {
        "GM0001": 34,
        "GM0002": 33,
        "GM0003": 33,
    }
    # 10 cents by 1:2 -> 3.33 and 6.67: the larger remainder (6.67) gets the cent.
    assert split(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}


def test_the_contribution_is_the_total_minus_duvo_split_by_inhabitants():
    people = [Participant("GM0505", 120_000), Participant("GM0642", 45_000)]
    result = contribution(total=1_000_000_00, duvo=175_000_00, participants=people, year=2026)
    assert result.municipal == 825_000_00
    assert sum(result.parts.values()) == 825_000_00
    assert result.parts == {"GM0505": 600_000_00, "GM0642": 225_000_00}
    assert result.per_inhabitant("GM0505") == Fraction(500)  # EUR 5.00 per inhabitant


def test_a_municipality_that_joins_on_1_july_takes_part_for_half_the_year():
    assert participation_days(2026, date(2026, 7, 1), None) == 184
    people = [
        Participant("GM0001", 100_000),
        Participant("GM0002", 100_000, joined=date(2026, 7, 1)),
    ]
    parts = contribution(total=365_00, duvo=0, participants=people, year=2026).parts
    # Weights 100,000 and 100,000 x 184/365 = 50,410.96: exact shares 24,267.2 and 12,232.8
    # cents; the one cent left goes to the larger remainder (0.8).
    assert parts == {"GM0001": 24_267, "GM0002": 12_233}
    assert sum(parts.values()) == 365_00


def test_bad_input_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="larger than the budget"):
        contribution(total=100, duvo=101, participants=[Participant("a", 1)], year=2026)
    with pytest.raises(ValueError, match="twice"):
        contribution(
            total=100, duvo=0, participants=[Participant("a", 1), Participant("a", 2)], year=2026
        )
    with pytest.raises(ValueError, match="zero"):
        split(100, {"a": 0})
    with pytest.raises(ValueError, match="negative"):
        split(-1, {"a": 1})
    with pytest.raises(TypeError):
        split(1.5, {"a": 1})  # type: ignore[arg-type]


def test_leaving_with_and_without_the_others_taking_over_its_share():
    weights = {"a": 50, "b": 30, "c": 20}
    result = leave_scenarios(1000, weights, "c")
    assert result.before == {"a": 500, "b": 300, "c": 200}
    assert result.taken_over == {"a": 625, "b": 375}
    assert result.not_taken_over == {"a": 500, "b": 300}
    assert result.shortfall == 200
    with pytest.raises(ValueError, match="does not take part"):
        leave_scenarios(1000, weights, "x")


def test_the_year_over_year_comparison_shows_new_and_gone_municipalities():
    changes = {c.code: c for c in compare_years({"a": 100, "b": 50}, {"a": 110, "c": 20})}
    assert (changes["a"].difference, changes["a"].percentage) == (10, Fraction(10))
    assert (changes["b"].current, changes["b"].difference) == (None, -50)
    assert (changes["c"].previous, changes["c"].percentage) == (None, None)
