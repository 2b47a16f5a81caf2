"""The demo's budget: two years with realistic lines, every municipality a member, one leaving
at the end of the second year; made through the services (so logged), and the split adds up."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.finance.demo import finance_demo_load
from ketenzicht.finance.models import BudgetLine, BudgetYear, LineKind, Membership, SplitKey
from ketenzicht.finance.selectors import budget_split
from ketenzicht.organisations.models import MunicipalityPopulation
from ketenzicht.organisations.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(region, municipality_a, municipality_b):
    small = MunicipalityFactory(code="GM0523", name="Hardinxveld-Giessendam", region=region)
    for municipality, count in [
        (municipality_a, 122_598),
        (municipality_b, 45_348),
        (small, 18_752),
    ]:
        for year in (2025, 2026):
            MunicipalityPopulation.objects.create(
                municipality=municipality, year=year, inhabitants=count + (year - 2025) * 100
            )
    return small


def test_the_demo_makes_two_budget_years_whose_split_adds_up(region, policy_officer, populated):
    result = finance_demo_load(region=region, actor=policy_officer, first_year=2026)
    assert result.years == (2026, 2027) and result.members == 3 and result.lines == 12
    first, second = BudgetYear.objects.filter(region=region).order_by("year")
    assert (first.duvo, second.duvo) == (6_150_000_00, 6_280_000_00)
    kinds = set(BudgetLine.objects.filter(budget_year=first).values_list("kind", flat=True))
    assert kinds == {
        LineKind.VEILIG_THUIS,
        LineKind.SHELTER,
        LineKind.SOCIAL_WORK,
        LineKind.PROJECTS,
        LineKind.INCIDENTAL,
        LineKind.CRISIS_DESK,
    }
    crisis = BudgetLine.objects.get(budget_year=first, kind=LineKind.CRISIS_DESK)
    assert crisis.key == SplitKey.CUSTOM and crisis.weights.count() == 3
    incidental_keys = list(
        BudgetLine.objects.filter(kind=LineKind.INCIDENTAL)
        .order_by("budget_year__year")
        .values_list("key", flat=True)
    )
    assert incidental_keys == [SplitKey.INHABITANTS, SplitKey.EQUAL]
    for budget_year in (first, second):
        split = budget_split(budget_year)
        lines = sum(budget_year.lines.values_list("amount", flat=True))
        assert split.parts_total == split.total == lines - budget_year.duvo
    # The second year is compared with the first, municipality by municipality.
    assert all(r.previous_total for r in budget_split(second).rows)
    # Every write went through a service and was logged.
    assert AccessLogEntry.objects.filter(detail__startswith="finance: ").count() == 3 + 2 + 12


def test_the_smallest_municipality_leaves_at_the_end_of_the_second_year(
    region, policy_officer, populated
):
    result = finance_demo_load(region=region, actor=policy_officer, first_year=2026)
    assert result.leaving == populated.code and result.left_on == date(2028, 1, 1)
    left = dict(
        Membership.objects.filter(region=region).values_list("municipality__code", "left_on")
    )
    assert left == {"GM0505": None, "GM0642": None, "GM0523": date(2028, 1, 1)}
    second = BudgetYear.objects.get(region=region, year=2027)
    assert populated.code in {r.code for r in budget_split(second).rows}  # pays all of 2027


def test_another_municipality_can_be_chosen_to_leave_and_a_second_load_is_refused(
    region, policy_officer, populated, municipality_b
):
    result = finance_demo_load(
        region=region, actor=policy_officer, first_year=2026, leaving=municipality_b.code
    )
    assert result.leaving == municipality_b.code
    with pytest.raises(ValidationError):
        finance_demo_load(region=region, actor=policy_officer, first_year=2026)
    assert BudgetLine.objects.count() == 12  # the refused load left nothing behind
