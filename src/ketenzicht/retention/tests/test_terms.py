"""The date arithmetic of retention and erasure requests (pure, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ketenzicht.retention import terms


def test_three_months_after_receipt_is_the_same_day_three_months_on():
    assert terms.decision_due(date(2026, 1, 15)) == date(2026, 4, 15)


def test_a_month_end_becomes_the_last_day_of_a_shorter_month():
    assert terms.decision_due(date(2025, 11, 30)) == date(2026, 2, 28)
    assert terms.add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_months_cross_the_year():
    assert terms.add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert terms.add_months(date(2026, 1, 31), -2) == date(2025, 11, 30)


def test_the_cutoff_lies_the_retention_term_before_now():
    now = datetime(2046, 3, 12, 10, 0, tzinfo=UTC)
    assert terms.retention_cutoff(now, 20) == datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


def test_a_leap_day_cutoff_falls_on_28_february():
    now = datetime(2048, 2, 29, 12, 0, tzinfo=UTC)
    assert terms.retention_cutoff(now, 20) == datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert terms.retention_cutoff(now, 21) == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)


def test_a_negative_term_is_refused():
    with pytest.raises(ValueError):
        terms.years_before(datetime(2026, 1, 1, tzinfo=UTC), -1)


def test_a_request_is_overdue_only_after_its_due_day():
    due = date(2026, 4, 15)
    assert not terms.is_overdue(due, date(2026, 4, 15))
    assert terms.is_overdue(due, date(2026, 4, 16))
    assert terms.days_left(due, date(2026, 4, 10)) == 5
