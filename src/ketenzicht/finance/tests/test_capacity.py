"""The capacity forecast: hand-computed trajectories, the band, FTE needed, properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenzicht.finance.capacity import (
    Hours,
    Mix,
    Scenario,
    first_week_in_band,
    forecast,
    fte_needed,
    half_year_weeks,
    last_full_half_year,
    trajectory,
    uncertainty,
    weekly_average,
)

# 10 hours per report (assessment 10, nothing else), 1 FTE = 10 productive hours, no overhead:
# one FTE handles one report a week.
SIMPLE = Scenario(
    name="hand",
    weekly_inflow=10,
    weeks=6,
    mix=Mix(vv=0, investigation=0, handover=0),
    hours=Hours(assessment=10, vv=0, investigation=0, handover=0),
    productive_hours_per_fte=10,
    fte=8,
    overhead=0,
    backlog=0,
    band=(0, 5),
)


def test_the_backlog_grows_by_inflow_minus_what_the_staff_can_handle():
    assert trajectory(SIMPLE) == [2, 4, 6, 8, 10, 12]
    assert first_week_in_band(trajectory(SIMPLE), SIMPLE.band) is None


def test_extra_staff_from_a_week_on_brings_the_backlog_down_and_into_the_band():
    scenario = replace(SIMPLE, fte_changes=((3, 14.0),))
    assert trajectory(scenario) == [2, 4, 6, 2, 0, 0]
    assert first_week_in_band(trajectory(scenario), scenario.band) == 4


def test_the_mean_hours_per_report_follow_the_outcome_mix():
    scenario = Scenario(
        name="mix",
        weekly_inflow=100,
        mix=Mix(vv=0.2, investigation=0.1, handover=0.5),
        hours=Hours(assessment=4, vv=20, investigation=40, handover=2),
    )
    assert scenario.hours_per_report == pytest.approx(4 + 4 + 4 + 1)
    assert replace(scenario, hours=Hours(4, 30, 40, 2)).hours_per_report == pytest.approx(15)


def test_the_fte_needed_reaches_the_band_by_the_chosen_week():
    needed = fte_needed(replace(SIMPLE, backlog=20), by_week=6)
    assert needed is not None
    path = trajectory(replace(SIMPLE, backlog=20, fte=needed))
    assert first_week_in_band(path, SIMPLE.band) <= 6
    worse = trajectory(replace(SIMPLE, backlog=20, fte=needed - 0.2))
    assert (first_week_in_band(worse, SIMPLE.band) or 99) > 6


def test_the_band_is_seeded_and_ordered():
    scenario = replace(SIMPLE, weeks=20, fte=10)
    one, two = uncertainty(scenario, runs=50, seed=7), uncertainty(scenario, runs=50, seed=7)
    assert one == two
    assert all(a <= b <= c for a, b, c in zip(one.p10, one.p50, one.p90, strict=True))
    assert one != uncertainty(scenario, runs=50, seed=8)


def test_a_forecast_says_never_and_gives_the_fte_needed_and_the_cost():
    outcome = forecast(SIMPLE, runs=20)
    assert outcome.in_band_week is None and outcome.fte_needed is not None
    assert outcome.fte_needed > SIMPLE.fte
    assert outcome.yearly_cost == 8 * SIMPLE.cost_per_fte_per_year


def test_bad_input_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="more than 100%"):
        Mix(vv=0.6, investigation=0.3, handover=0.3)
    with pytest.raises(ValueError, match="overhead"):
        replace(SIMPLE, overhead=1.0)
    with pytest.raises(ValueError, match="within the forecast"):
        replace(SIMPLE, fte_changes=((10, 3.0),))
    with pytest.raises(ValueError, match="One inflow figure per week"):
        trajectory(SIMPLE, [1, 2])


scenarios = st.builds(
    Scenario,
    name=st.just("p"),
    weekly_inflow=st.floats(0, 500),
    weeks=st.integers(1, 60),
    productive_hours_per_fte=st.floats(1, 40),
    fte=st.floats(0, 100),
    overhead=st.floats(0, 0.9),
    backlog=st.floats(0, 2000),
)


@settings(max_examples=150)
@given(scenario=scenarios, extra=st.floats(0, 50))
def test_more_fte_never_makes_the_backlog_worse(scenario, extra):
    base = trajectory(scenario)
    more = trajectory(replace(scenario, fte=scenario.fte + extra))
    assert all(m <= b + 1e-9 for m, b in zip(more, base, strict=True))


@settings(max_examples=100)
@given(scenario=scenarios, extra=st.floats(0, 50))
def test_more_inflow_never_makes_the_backlog_better(scenario, extra):
    base = trajectory(scenario)
    more = trajectory(replace(scenario, weekly_inflow=scenario.weekly_inflow + extra))
    assert all(m + 1e-9 >= b for m, b in zip(more, base, strict=True))


def test_the_last_full_half_year_ends_before_today():
    assert last_full_half_year(date(2026, 12, 4)) == (2026, 1)
    assert last_full_half_year(date(2026, 7, 1)) == (2026, 1)
    assert last_full_half_year(date(2026, 6, 30)) == (2025, 2)
    assert last_full_half_year(date(2026, 1, 1)) == (2025, 2)


def test_the_weekly_average_divides_by_the_weeks_of_that_half_year():
    assert half_year_weeks(2026, 1) == pytest.approx(181 / 7)
    assert half_year_weeks(2028, 1) == pytest.approx(182 / 7)  # a leap year
    assert half_year_weeks(2026, 2) == pytest.approx(184 / 7)
    assert weekly_average(2_610, 2026, 1) == 100.9
    assert weekly_average(0, 2026, 2) == 0
    with pytest.raises(ValueError):
        half_year_weeks(2026, 3)
    with pytest.raises(ValueError):
        weekly_average(-1, 2026, 1)
