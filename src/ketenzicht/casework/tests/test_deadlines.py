"""Statutory and configured terms (a pure module: no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.casework import deadlines
from ketenzicht.casework.deadlines import AMSTERDAM, DEFAULT_TERMS, Terms
from ketenzicht.common.calendar import is_working_day


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def eod(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=AMSTERDAM)


# --- safety assessment ------------------------------------------------------------------------


def test_a_regular_report_is_assessed_within_five_working_days():
    assert deadlines.assessment_due(ams(2026, 3, 9, 10), acute=False) == eod(2026, 3, 16)


def test_the_assessment_term_ends_at_the_end_of_its_last_day_in_amsterdam():
    due = deadlines.assessment_due(ams(2026, 3, 9, 10), acute=False)
    assert due.astimezone(AMSTERDAM).time() == time(23, 59, 59)


def test_the_assessment_term_skips_the_easter_holidays():
    # Thu 2 April 2026: Good Friday, the weekend and Easter Monday do not count.
    assert deadlines.assessment_due(ams(2026, 4, 2, 9), acute=False) == eod(2026, 4, 13)


def test_the_assessment_term_counts_from_the_amsterdam_date_of_receipt():
    # 23:30 UTC on Monday is already Tuesday 00:30 in Amsterdam.
    received = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    assert deadlines.assessment_due(received, acute=False) == eod(2026, 3, 17)


def test_the_assessment_term_skips_configured_closing_days():
    due = deadlines.assessment_due(
        ams(2026, 3, 9, 10), acute=False, closing_days=[date(2026, 3, 11)]
    )
    assert due == eod(2026, 3, 17)


def test_the_assessment_term_follows_the_configured_number_of_working_days():
    terms = Terms(assessment_working_days=3)
    assert deadlines.assessment_due(ams(2026, 3, 9, 10), acute=False, terms=terms) == eod(
        2026, 3, 12
    )


def test_an_acute_report_is_assessed_within_24_hours():
    received = ams(2026, 3, 10, 14, 30)
    assert deadlines.assessment_due(received, acute=True) == received + timedelta(hours=24)


def test_an_acute_term_is_24_real_hours_across_the_change_to_summer_time():
    received = ams(2026, 3, 28, 12)  # the clocks go forward in the night of 28-29 March
    due = deadlines.assessment_due(received, acute=True)
    assert due.astimezone(UTC) - received.astimezone(UTC) == timedelta(hours=24)
    assert due.astimezone(AMSTERDAM) == ams(2026, 3, 29, 13)


def test_an_acute_term_runs_through_weekends_and_holidays():
    received = ams(2026, 12, 24, 20)
    assert deadlines.assessment_due(received, acute=True) == ams(2026, 12, 25, 20)


def test_the_acute_term_follows_the_configured_hours():
    received = ams(2026, 3, 10, 14)
    due = deadlines.assessment_due(received, acute=True, terms=Terms(acute_assessment_hours=12))
    assert due == ams(2026, 3, 11, 2)


# --- decision tracks --------------------------------------------------------------------------


def test_feedback_to_the_reporter_is_due_five_working_days_after_the_decision():
    assert deadlines.reporter_feedback_due(ams(2026, 5, 13, 16)) == eod(2026, 5, 21)


def test_voorwaarden_en_vervolg_is_due_ten_weeks_after_the_decision():
    assert deadlines.vv_due(ams(2026, 3, 9, 11)) == eod(2026, 5, 18)


def test_an_investigation_starts_within_five_working_days_of_the_decision():
    assert deadlines.investigation_start_due(ams(2026, 4, 24, 11)) == eod(2026, 5, 4)


def test_an_investigation_is_concluded_within_ten_weeks_of_the_decision():
    assert deadlines.investigation_due(ams(2026, 3, 9, 11)) == eod(2026, 5, 18)


def test_week_terms_follow_the_configuration():
    terms = Terms(vv_weeks=8, investigation_weeks=12)
    assert deadlines.vv_due(ams(2026, 3, 9, 11), terms=terms) == eod(2026, 5, 4)
    assert deadlines.investigation_due(ams(2026, 3, 9, 11), terms=terms) == eod(2026, 6, 1)


# --- informing the people involved ------------------------------------------------------------


def test_the_people_involved_are_informed_within_four_weeks():
    assert deadlines.inform_involved_due(ams(2026, 3, 9, 11)) == eod(2026, 4, 6)


def test_informing_can_be_extended_by_two_weeks_at_a_time():
    first = deadlines.inform_involved_due(ams(2026, 3, 9, 11))
    second = deadlines.inform_involved_extended(first)
    assert second == eod(2026, 4, 20)
    assert deadlines.inform_involved_extended(second) == eod(2026, 5, 4)


# --- monitoring -------------------------------------------------------------------------------


def test_monitoring_moments_default_to_three_and_ten_months_after_the_handover():
    assert deadlines.monitoring_moments(ams(2026, 3, 9, 11)) == [eod(2026, 6, 9), eod(2027, 1, 9)]


def test_a_monitoring_moment_is_clipped_to_the_end_of_a_shorter_month():
    assert deadlines.monitoring_moments(ams(2025, 11, 30, 11)) == [
        eod(2026, 2, 28),
        eod(2026, 9, 30),
    ]


def test_a_monitoring_moment_in_a_leap_year_ends_on_29_february():
    assert deadlines.monitoring_moments(ams(2027, 11, 30, 11))[0] == eod(2028, 2, 29)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 5, 31), 10, date(2027, 3, 31)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), 24, date(2028, 1, 15)),
    ],
)
def test_adding_months_clips_to_the_last_day_of_the_month(day, months, expected):
    assert deadlines.add_months(day, months) == expected


def test_configured_monitoring_moments_are_sorted_and_deduplicated():
    terms = Terms(monitoring_months=(6, 1, 6))
    assert deadlines.monitoring_moments(ams(2026, 1, 31, 9), terms=terms) == [
        eod(2026, 2, 28),
        eod(2026, 7, 31),
    ]


# --- tijdelijk huisverbod ---------------------------------------------------------------------


def test_a_restraining_order_lasts_ten_days():
    imposed = ams(2026, 5, 4, 14)
    assert deadlines.restraining_order_end(imposed) == ams(2026, 5, 14, 14)


def test_a_restraining_order_may_be_extended_to_at_most_28_days():
    imposed = ams(2026, 5, 4, 14)
    assert deadlines.restraining_order_latest_end(imposed) == ams(2026, 6, 1, 14)


def test_a_restraining_order_ends_at_the_same_amsterdam_clock_time_across_summer_time():
    imposed = datetime(2026, 3, 20, 13, tzinfo=UTC)  # 14:00 in Amsterdam (winter time)
    assert deadlines.restraining_order_end(imposed) == ams(2026, 3, 30, 14)
    assert deadlines.restraining_order_latest_end(imposed) == ams(2026, 4, 17, 14)


# --- time zones -------------------------------------------------------------------------------

NAIVE = datetime(2026, 3, 9, 10, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: deadlines.assessment_due(NAIVE, acute=False),
        lambda: deadlines.assessment_due(NAIVE, acute=True),
        lambda: deadlines.reporter_feedback_due(NAIVE),
        lambda: deadlines.vv_due(NAIVE),
        lambda: deadlines.investigation_start_due(NAIVE),
        lambda: deadlines.investigation_due(NAIVE),
        lambda: deadlines.inform_involved_due(NAIVE),
        lambda: deadlines.inform_involved_extended(NAIVE),
        lambda: deadlines.monitoring_moments(NAIVE),
        lambda: deadlines.restraining_order_end(NAIVE),
        lambda: deadlines.restraining_order_latest_end(NAIVE),
        lambda: deadlines.working_days_left(date(2026, 3, 9), NAIVE),
    ],
)
def test_every_term_refuses_a_naive_datetime(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_every_deadline_is_timezone_aware():
    moment = ams(2026, 3, 9, 10)
    for due in [
        deadlines.assessment_due(moment, acute=False),
        deadlines.assessment_due(moment, acute=True),
        deadlines.vv_due(moment),
        deadlines.inform_involved_due(moment),
        deadlines.restraining_order_end(moment),
        *deadlines.monitoring_moments(moment),
    ]:
        assert due.utcoffset() is not None


# --- working days left ------------------------------------------------------------------------


def test_working_days_left_is_zero_on_the_last_day():
    assert deadlines.working_days_left(date(2026, 3, 16), eod(2026, 3, 16)) == 0


def test_working_days_left_counts_down_over_holidays():
    assert deadlines.working_days_left(date(2026, 4, 2), eod(2026, 4, 13)) == 5


def test_working_days_left_is_negative_when_late():
    assert deadlines.working_days_left(date(2026, 3, 17), eod(2026, 3, 16)) == -1
    assert deadlines.working_days_left(date(2026, 3, 14), eod(2026, 3, 13)) == -1


def test_the_default_terms_follow_the_law():
    assert (
        Terms(
            assessment_working_days=5,
            acute_assessment_hours=24,
            reporter_feedback_working_days=5,
            vv_weeks=10,
            investigation_start_working_days=5,
            investigation_weeks=10,
            inform_involved_weeks=4,
            inform_extension_weeks=2,
            monitoring_months=(3, 10),
            restraining_order_days=10,
            restraining_order_max_days=28,
        )
        == DEFAULT_TERMS
    )


# --- properties -------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@given(received=moments)
def test_a_regular_assessment_deadline_is_the_end_of_a_working_day_after_receipt(received):
    due = deadlines.assessment_due(received, acute=False)
    local = due.astimezone(AMSTERDAM)
    assert is_working_day(local.date())
    assert local.time() == time(23, 59, 59)
    assert due > received


@given(a=moments, b=moments)
def test_a_later_report_never_gets_an_earlier_assessment_deadline(a, b):
    early, late = sorted((a, b))
    for acute in (False, True):
        assert deadlines.assessment_due(early, acute=acute) <= deadlines.assessment_due(
            late, acute=acute
        )


@given(received=moments)
def test_an_acute_assessment_is_always_due_before_a_regular_one(received):
    assert deadlines.assessment_due(received, acute=True) < deadlines.assessment_due(
        received, acute=False
    )
