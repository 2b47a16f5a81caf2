"""Long work lists count up to a cap, so the first page stays fast."""

from __future__ import annotations

import pytest

from ketenzicht.common.pagination import CappedPaginator
from ketenzicht.organisations.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    Region.objects.bulk_create(Region(code=f"R{i:02d}", name=f"Regio {i:02d}") for i in range(12))
    return Region.objects.order_by("code")


def test_a_short_list_is_counted_exactly(regions):
    paginator = CappedPaginator(regions, 5, cap=20)
    assert paginator.count == 12
    assert not paginator.is_capped
    assert paginator.num_pages == 3


def test_a_long_list_stops_counting_at_the_cap(regions):
    paginator = CappedPaginator(regions, 5, cap=10)
    assert paginator.is_capped
    assert paginator.count == 11  # one past the cap: enough to know there is more
    assert [r.code for r in paginator.page(3).object_list] == ["R10"]
