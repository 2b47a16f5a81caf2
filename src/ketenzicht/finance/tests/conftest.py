from __future__ import annotations

from datetime import date

import pytest

from ketenzicht.finance.models import BudgetLine, BudgetYear, Membership, SplitKey
from ketenzicht.organisations.models import MunicipalityPopulation


@pytest.fixture
def budget(region, municipality_a, municipality_b):
    MunicipalityPopulation.objects.create(
        municipality=municipality_a, year=2025, inhabitants=120_000
    )
    MunicipalityPopulation.objects.create(
        municipality=municipality_b, year=2025, inhabitants=45_000
    )
    Membership.objects.create(region=region, municipality=municipality_a)
    Membership.objects.create(
        region=region, municipality=municipality_b, joined_on=date(2010, 1, 1)
    )
    year = BudgetYear.objects.create(region=region, year=2026, duvo=175_000_00)
    BudgetLine.objects.create(
        budget_year=year, kind="vt", description="Veilig Thuis", amount=900_000_00
    )
    BudgetLine.objects.create(
        budget_year=year, kind="shelter", description="Opvang", amount=100_000_00
    )
    BudgetLine.objects.create(
        budget_year=year,
        kind="crisis_desk",
        description="Crisisdienst",
        amount=10_001,
        key=SplitKey.EQUAL,
    )
    return year
