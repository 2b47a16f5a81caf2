"""Candidate persons for a new record: found by blocking keys, scored, explained, need-to-know."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import Strength
from ketenzicht.linkage.selectors import person_candidates

pytestmark = pytest.mark.django_db


def record(**kw: object) -> PersonRecord:
    fields: dict[str, object] = {
        "record_id": "new",
        "surname": "Jansen",
        "first_names": "Fatima",
        "date_of_birth": date(1990, 3, 4),
        "sex": "F",
        "postcode": "3311 AB",
        "house_number": "12",
    }
    fields.update(kw)
    return PersonRecord(**fields)  # type: ignore[arg-type]


@pytest.fixture
def known(make_case):
    from ketenzicht.intake.tests.factories import child, victim_adult

    case = make_case(
        people=[
            victim_adult(
                first_names="Fatima", surname="Jansen", date_of_birth=date(1990, 3, 4), sex="F"
            ),
            child(first_names="Sem", surname="Jansen", date_of_birth=date(2018, 6, 1)),
        ]
    )
    return case


def test_registering_a_report_writes_the_blocking_keys_of_its_people(known):
    assert PersonKey.objects.filter(person__involvements__report=known.report).count() >= 8


def test_a_misspelt_record_with_swapped_day_and_month_finds_the_known_person(known, vt_org):
    [best, *_] = person_candidates(
        record=record(surname="Janssen", date_of_birth=date(1990, 4, 3)), organisation_id=vt_org.pk
    )
    assert best.person.first_names == "Fatima"
    assert best.score.strength in (Strength.VERY_LIKELY, Strength.LIKELY)
    assert best.same_household
    assert best.score.evidence  # the professional sees why


def test_a_child_at_the_same_address_is_a_household_member_not_the_same_person(known, vt_org):
    candidates = person_candidates(record=record(), organisation_id=vt_org.pk, minimum=0.0)
    sem = next(c for c in candidates if c.person.first_names == "Sem")
    assert sem.same_household
    assert not sem.score.is_match


def test_persons_known_only_to_another_region_are_not_candidates(known, other_vt_org):
    assert person_candidates(record=record(), organisation_id=other_vt_org.pk) == []


def test_the_index_command_rebuilds_every_key(known):
    before = set(PersonKey.objects.values_list("person_id", "key"))
    PersonKey.objects.all().delete()
    call_command("linkage_index", verbosity=0)
    assert set(PersonKey.objects.values_list("person_id", "key")) == before
