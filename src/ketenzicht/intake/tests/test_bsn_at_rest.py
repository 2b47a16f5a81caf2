"""Person.bsn is encrypted in the database; exact lookups go through the blind index."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from ketenzicht.common.crypto import bsn_index
from ketenzicht.intake.models import Person
from ketenzicht.intake.tests.factories import victim_adult

pytestmark = pytest.mark.django_db


def raw_person_rows() -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_person")
        return cursor.fetchall()


def test_the_database_never_holds_the_plaintext_bsn(make_case):
    make_case(people=[victim_adult(bsn="111222333"), victim_adult(bsn="123456782")])
    rows = raw_person_rows()
    assert len(rows) == 2
    for row in rows:
        for value in row:
            assert "111222333" not in str(value)
            assert "123456782" not in str(value)


def test_the_bsn_reads_back_decrypted_with_its_blind_index(make_case):
    case = make_case(people=[victim_adult(bsn="111222333")])
    person = Person.objects.get(pk=case.report.involved.get().person_id)
    assert person.bsn == "111222333"
    assert person.bsn_index == bsn_index("111222333")
    assert list(Person.objects.values_list("bsn", flat=True)) == ["111222333"]


def test_a_person_is_found_by_bsn_through_the_blind_index(make_case):
    make_case(people=[victim_adult(surname="Bakker", bsn="111222333"), victim_adult()])
    found = Person.objects.filter(bsn_index=bsn_index("111 222 333"))
    assert [p.surname for p in found] == ["Bakker"]


def test_a_person_without_a_bsn_has_no_index(make_case):
    make_case(people=[victim_adult(bsn="")])
    assert Person.objects.get().bsn_index == ""


def test_filtering_on_the_encrypted_column_is_refused_with_the_way_out(make_case):
    with pytest.raises(FieldError, match="bsn_index"):
        list(Person.objects.filter(bsn="111222333"))
    assert list(Person.objects.filter(bsn__isnull=True)) == []


def test_changing_the_bsn_recomputes_the_index_on_save(make_case):
    case = make_case(people=[victim_adult(bsn="111222333")])
    person = case.report.involved.get().person
    person.bsn = "123456782"
    person.save()
    person.refresh_from_db()
    assert person.bsn == "123456782"
    assert person.bsn_index == bsn_index("123456782")
