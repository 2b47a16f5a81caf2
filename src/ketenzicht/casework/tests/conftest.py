"""Fixtures for the casework tests (the personas live in ketenzicht/conftest.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from ketenzicht.casework.deadlines import AMSTERDAM

MONDAY_10 = datetime(2026, 3, 9, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def monday(time_machine):
    """The clock stands still on Monday 9 March 2026, 10:00 in Amsterdam."""
    time_machine.move_to(MONDAY_10, tick=False)
    return MONDAY_10
