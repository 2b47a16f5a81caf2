"""The Dutch working-day calendar (a pure module: no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.common.calendar import add_working_days, is_working_day, working_days_between

# --- national holidays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 4, 27), "King's Day"),
        (date(2026, 5, 14), "Ascension Day"),
        (date(2026, 5, 25), "Whit Monday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2027, 1, 1), "New Year's Day (a Friday)"),
        (date(2025, 5, 5), "Liberation Day in a lustrum year"),
    ],
)
def test_a_weekday_national_holiday_is_no_working_day(day, name):
    assert day.weekday() < 5, name
    assert not is_working_day(day)


def test_second_christmas_day_is_no_working_day_when_it_falls_on_a_weekday():
    assert date(2025, 12, 26).weekday() == 4
    assert not is_working_day(date(2025, 12, 26))


def test_kings_day_moves_to_saturday_26_april_when_the_27th_is_a_sunday():
    from ketenzicht.common.calendar import _national_holidays

    assert date(2025, 4, 27).weekday() == 6
    assert date(2025, 4, 26) in _national_holidays(2025)
    assert date(2025, 4, 27) not in _national_holidays(2025)
    # ... and it is not moved to the Monday: 28 April 2025 is an ordinary working day
    assert is_working_day(date(2025, 4, 28))


def test_liberation_day_outside_a_lustrum_year_is_a_working_day():
    assert date(2026, 5, 5).weekday() == 1
    assert is_working_day(date(2026, 5, 5))


def test_saturday_and_sunday_are_no_working_days():
    assert not is_working_day(date(2026, 3, 7))
    assert not is_working_day(date(2026, 3, 8))
    assert is_working_day(date(2026, 3, 9))


def test_a_configured_closing_day_is_no_working_day():
    bridge_day = date(2026, 5, 15)  # the Friday after Ascension
    assert is_working_day(bridge_day)
    assert not is_working_day(bridge_day, closing_days=[bridge_day])


# --- adding working days ----------------------------------------------------------------------


def test_the_day_of_receipt_itself_does_not_count():
    monday = date(2026, 3, 9)
    assert add_working_days(monday, 1) == date(2026, 3, 10)
    assert add_working_days(monday, 5) == date(2026, 3, 16)


def test_five_working_days_skip_the_weekend():
    assert add_working_days(date(2026, 3, 12), 5) == date(2026, 3, 19)  # Thursday -> Thursday


def test_easter_weekend_takes_four_days_out():
    # Thursday 2 April 2026: Good Friday, weekend and Easter Monday do not count
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 13)


def test_ascension_and_whit_monday_are_skipped():
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    assert add_working_days(date(2026, 5, 22), 1) == date(2026, 5, 26)


def test_kings_day_is_skipped():
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)  # Fri -> Tue


def test_a_report_on_christmas_eve_runs_over_the_year_end():
    # Thu 24 Dec 2026: 25 Dec (Fri) holiday, 26-27 weekend, 28-31 Dec count (4),
    # Fri 1 Jan 2027 holiday, weekend, Mon 4 Jan is the fifth working day.
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 5


def test_configured_closing_days_push_the_term_on():
    closing = [date(2026, 12, 28), date(2026, 12, 29)]
    assert add_working_days(date(2026, 12, 24), 5, closing_days=closing) == date(2027, 1, 6)


def test_zero_days_is_the_day_itself_when_that_is_a_working_day():
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)


def test_zero_days_moves_a_weekend_or_holiday_forward_to_the_next_working_day():
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert add_working_days(date(2026, 4, 3), 0) == date(2026, 4, 7)


def test_negative_days_count_backwards_over_holidays():
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2027, 1, 4), -5) == date(2026, 12, 24)


# --- counting working days --------------------------------------------------------------------


def test_working_days_between_the_same_day_is_zero():
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 7)) == 0


def test_working_days_between_counts_the_end_but_not_the_start():
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 4
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


def test_working_days_between_is_negative_when_the_end_lies_before_the_start():
    assert working_days_between(date(2026, 3, 13), date(2026, 3, 9)) == -4


def test_a_deadline_on_friday_is_late_on_the_saturday_after():
    # Counting back from a weekend day: Friday itself is one working day ago.
    assert working_days_between(date(2026, 3, 14), date(2026, 3, 13)) == -1


def test_working_days_between_respects_closing_days():
    assert (
        working_days_between(date(2026, 3, 9), date(2026, 3, 13), closing_days=[date(2026, 3, 11)])
        == 3
    )


# --- properties -------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31))
counts = st.integers(min_value=-300, max_value=300)
closing = st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)), max_size=20)


@given(start=days, n=counts, closed=closing)
def test_adding_working_days_always_lands_on_a_working_day(start, n, closed):
    assert is_working_day(add_working_days(start, n, closed), closed)


@given(start=days, n=counts.filter(bool), closed=closing)
def test_counting_the_working_days_back_gives_the_number_added(start, n, closed):
    assert working_days_between(start, add_working_days(start, n, closed), closed) == n


@given(start=days, offset=st.integers(min_value=-400, max_value=400), closed=closing)
def test_adding_the_working_days_between_two_days_reaches_the_working_end_day(
    start, offset, closed
):
    end = start + timedelta(days=offset)
    if is_working_day(end, closed):
        assert add_working_days(start, working_days_between(start, end, closed), closed) == end


@given(start=days, a=counts, b=counts)
def test_adding_more_working_days_never_gives_an_earlier_day(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)


@given(a=days, b=days, n=counts)
def test_a_later_start_never_gives_an_earlier_deadline(a, b, n):
    early, late = sorted((a, b))
    assert add_working_days(early, n) <= add_working_days(late, n)


@given(start=days, n=st.integers(min_value=1, max_value=300))
def test_n_working_days_take_at_least_n_calendar_days(start, n):
    assert (add_working_days(start, n) - start).days >= n
