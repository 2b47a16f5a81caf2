"""The selectors behind the pages: distinct persons reported, population, reach."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from ketenzicht.external.darkfigure import Group
from ketenzicht.external.models import PopulationFigure
from ketenzicht.external.selectors import (
    inhabitants_on_1_january,
    population_by_band,
    reach_of,
    reported_persons,
    reports_per_year,
)
from ketenzicht.intake.models import PersonRole
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.organisations.models import MunicipalityPopulation, OrganisationKind, Role
from ketenzicht.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
ZONE = timezone.get_default_timezone()


def _at(year, month, day):
    return datetime(year, month, day, 10, 0, tzinfo=ZONE)


def test_a_person_reported_twice_in_a_year_counts_once_by_age_at_the_first_report(
    make_case, municipality_a, municipality_b
):
    first = make_case(
        received_at=_at(2025, 3, 1),
        people=[
            victim_adult(surname="Jansen", date_of_birth=date(1960, 6, 1)),  # 64 on 1 March
            child(surname="Jansen", date_of_birth=date(2015, 1, 1)),
            victim_adult(surname="Jansen", role=PersonRole.ALLEGED_PERPETRATOR),
            child(surname="Jansen", first_names="Noor", date_of_birth=None),
        ],
    )
    adult = first.report.involved.get(person__date_of_birth=date(1960, 6, 1)).person
    make_case(  # the same adult, now 65, and a new child; not counted again
        received_at=_at(2025, 9, 1),
        people=[
            victim_adult(surname="Jansen", existing_person_id=adult.pk),
            child(surname="Pietersen", date_of_birth=date(2010, 1, 1)),
        ],
    )
    make_case(received_at=_at(2024, 12, 31), people=[victim_adult(surname="Oud")])
    make_case(received_at=_at(2025, 5, 1), municipality=municipality_b)
    counts = reported_persons(municipality_ids=[municipality_a.pk, municipality_b.pk], year=2025)
    here = counts[municipality_a.pk]
    assert here.by_group == {Group.CHILDREN: 2, Group.ADULTS: 1, Group.ELDERLY: 0}
    assert here.unknown_age == 1
    assert here.total == 4
    assert counts[municipality_b.pk].by_group[Group.ADULTS] == 1


def test_reports_are_counted_per_municipality_and_year_of_receipt(make_case, municipality_a):
    make_case(received_at=_at(2024, 12, 31))
    make_case(received_at=_at(2025, 1, 1))
    make_case(received_at=_at(2025, 7, 1))
    assert reports_per_year(municipality_ids=[municipality_a.pk], years=[2024, 2025]) == {
        (municipality_a.pk, 2024): 1,
        (municipality_a.pk, 2025): 2,
    }


def test_the_imported_total_wins_over_the_population_kept_with_the_municipality(
    municipality_a, municipality_b
):
    MunicipalityPopulation.objects.create(municipality=municipality_a, year=2025, inhabitants=100)
    MunicipalityPopulation.objects.create(municipality=municipality_b, year=2025, inhabitants=50)
    PopulationFigure.objects.create(municipality=municipality_a, year=2025, inhabitants=120)
    PopulationFigure.objects.create(
        municipality=municipality_a, year=2025, age_band="0-17", inhabitants=30
    )
    ids = [municipality_a.pk, municipality_b.pk]
    assert inhabitants_on_1_january(municipality_ids=ids, year=2025) == {
        municipality_a.pk: 120,
        municipality_b.pk: 50,
    }
    population = population_by_band(municipality_ids=ids, year=2025)
    assert population[municipality_a.pk].bands == {"0-17": 30}
    assert population[municipality_b.pk].bands == {}
    assert population[municipality_b.pk].total == 50


def test_the_centre_municipality_reaches_the_region_and_another_only_itself(
    policy_officer, region, municipality_b
):
    reach = reach_of(policy_officer)
    assert reach.is_centre
    assert {m.code for m in reach.municipalities} == {"GM0505", "GM0642"}
    officer_b = UserFactory(
        username="beleid.zwijndrecht",
        role=Role.POLICY_OFFICER,
        organisation=OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY, region=region, municipality=municipality_b
        ),
    )
    reach_b = reach_of(officer_b)
    assert not reach_b.is_centre
    assert [m.code for m in reach_b.municipalities] == ["GM0642"]


def test_no_one_but_a_policy_officer_has_a_reach(vt_worker, administrator):
    assert reach_of(vt_worker).municipalities == []
    assert reach_of(administrator).municipalities == []
