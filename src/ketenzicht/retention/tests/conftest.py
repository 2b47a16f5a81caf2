"""Fixtures for the retention tests: closed case files at chosen moments in the past."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from ketenzicht.casework.deadlines import AMSTERDAM

NOW = datetime(2046, 3, 12, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def closed_case(make_case, advance_case, time_machine) -> Callable[..., Any]:
    """``closed_case(closed_at, **make_case_kw)``: a case registered and closed at ``closed_at``
    (through the real services); the clock is then put at ``NOW`` (12 March 2046, 10:00)."""

    def make(closed_at: datetime, **kw: Any) -> Any:
        time_machine.move_to(closed_at, tick=False)
        case = advance_case(make_case(**kw), "closed")
        time_machine.move_to(NOW, tick=False)
        return case

    return make


@pytest.fixture
def now(time_machine) -> datetime:
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def monday(time_machine) -> datetime:
    """The clock stands still on Monday 9 March 2026, 10:00 in Amsterdam."""
    moment = datetime(2026, 3, 9, 10, 0, tzinfo=AMSTERDAM)
    time_machine.move_to(moment, tick=False)
    return moment
