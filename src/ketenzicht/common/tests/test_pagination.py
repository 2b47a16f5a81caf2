"""Long work lists count up to a cap, so the first page stays fast."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketenzicht.common.models import ClosingDay
from ketenzicht.common.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    first = date(2030, 1, 1)
    ClosingDay.objects.bulk_create(
        ClosingDay(day=first + timedelta(days=i), description=f"R{i:02d}") for i in range(12)
    )
    return ClosingDay.objects.order_by("day")


def test_a_short_list_is_counted_exactly(rows):
    paginator = CappedPaginator(rows, 5, cap=20)
    assert paginator.count == 12
    assert not paginator.is_capped
    assert paginator.num_pages == 3


def test_a_long_list_stops_counting_at_the_cap(rows):
    paginator = CappedPaginator(rows, 5, cap=10)
    assert paginator.is_capped
    assert paginator.count == 11  # one past the cap: enough to know there is more
    assert [r.description for r in paginator.page(3).object_list] == ["R10"]
