"""The budget split from stored lines, members and inhabitants."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.finance.models import BudgetLine, BudgetYear, KeyWeight, Membership, SplitKey
from ketenzicht.finance.selectors import BudgetIncomplete, budget_split
from ketenzicht.organisations.models import MunicipalityPopulation
from ketenzicht.organisations.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_the_contribution_is_split_by_inhabitants_of_the_year_before_and_adds_up(budget):
    split = budget_split(budget)
    by_code = {r.code: r for r in split.rows}
    contribution = split.columns[0]
    assert contribution.amount == 825_000_00
    assert sorted(contribution.parts.values()) == [225_000_00, 600_000_00]
    # The crisis desk line by an equal key: 100.01 euro -> 50.01 and 50.00 (one cent left over).
    assert sorted(split.columns[1].parts.values()) == [5000, 5001]
    assert sum(r.total for r in split.rows) == split.total == 825_000_00 + 10_001
    assert all(r.per_inhabitant is not None for r in by_code.values())


def test_leaving_with_and_without_taking_over_the_share(budget, municipality_b):
    taken = budget_split(budget, leaving=municipality_b.code, taken_over=True)
    assert [r.code for r in taken.rows] != [] and municipality_b.code not in {
        r.code for r in taken.rows
    }
    assert taken.total == 825_000_00 + 10_001 and taken.shortfall == 0
    kept = budget_split(budget, leaving=municipality_b.code, taken_over=False)
    assert kept.shortfall == 225_000_00 + 5000
    assert kept.rows[0].total == budget_split(budget).rows[0].total


def test_a_member_without_inhabitants_is_named(budget, municipality_a):
    MunicipalityPopulation.objects.filter(municipality=municipality_a).delete()
    with pytest.raises(BudgetIncomplete) as info:
        budget_split(budget)
    assert municipality_a.name in info.value.problems[0]


def test_the_previous_year_is_compared_per_municipality(budget, region, municipality_a):
    previous = BudgetYear.objects.create(region=region, year=2025, duvo=0)
    BudgetLine.objects.create(budget_year=previous, kind="vt", description="VT", amount=330_000_00)
    MunicipalityPopulation.objects.create(municipality=municipality_a, year=2024, inhabitants=2)
    MunicipalityPopulation.objects.create(
        municipality=Membership.objects.exclude(municipality=municipality_a).get().municipality,
        year=2024,
        inhabitants=1,
    )
    rows = {r.code: r for r in budget_split(budget).rows}
    assert rows[municipality_a.code].previous_total == 220_000_00
    assert rows[municipality_a.code].difference == rows[municipality_a.code].total - 220_000_00


def test_a_line_with_its_own_key_and_a_member_that_left_mid_year(
    budget, municipality_a, municipality_b
):
    Membership.objects.filter(municipality=municipality_b).update(left_on=date(2026, 7, 1))
    line = BudgetLine.objects.create(
        budget_year=budget, kind="projects", description="Project", amount=100, key=SplitKey.CUSTOM
    )
    KeyWeight.objects.create(line=line, municipality=municipality_a, weight=3)
    KeyWeight.objects.create(line=line, municipality=municipality_b, weight=1)
    split = budget_split(budget)
    own = next(c for c in split.columns if c.key == f"line-{line.pk}")
    assert own.parts == {municipality_a.code: 75, municipality_b.code: 25}
    assert sum(split.columns[0].parts.values()) == 825_000_00


def test_the_regular_contribution_per_inhabitant_is_the_same_for_everyone(budget):
    split = budget_split(budget)
    # 825,000 euro over 165,000 inhabitants: 5 euro each.
    assert split.contribution_per_inhabitant == 500
    assert split.per_inhabitant == Fraction(825_000_00 + 10_001, 165_000)


def test_the_split_costs_the_same_queries_for_two_or_eight_municipalities(budget, region):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            budget_split(budget, leaving="GM0642", taken_over=False)
        return len(captured)

    two = queries()
    for n in range(6):
        municipality = MunicipalityFactory(code=f"GM09{n:02d}", name=f"Gemeente {n}", region=region)
        Membership.objects.create(region=region, municipality=municipality)
        MunicipalityPopulation.objects.create(
            municipality=municipality, year=2025, inhabitants=1000
        )
        line = BudgetLine.objects.create(
            budget_year=budget, kind="projects", description=f"P{n}", amount=99, key=SplitKey.CUSTOM
        )
        KeyWeight.objects.create(line=line, municipality=municipality, weight=n + 1)
    assert queries() == two
