"""Configured closing days."""

from __future__ import annotations

from datetime import date

from ketenzicht.common.models import ClosingDay, closing_days


def test_closing_days_returns_every_configured_day(db):
    ClosingDay.objects.create(day=date(2026, 5, 15), description="Brugdag")
    ClosingDay.objects.create(day=date(2026, 12, 31), description="Oudejaarsdag")
    assert closing_days() == frozenset({date(2026, 5, 15), date(2026, 12, 31)})


def test_a_closing_day_reads_as_date_and_description(db):
    day = ClosingDay.objects.create(day=date(2026, 5, 15), description="Brugdag")
    assert str(day) == "15-05-2026 Brugdag"
