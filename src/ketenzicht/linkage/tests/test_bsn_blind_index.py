"""The linkage never needs the plaintext BSN: records carry the blind index, the ``b:`` key too;
``manage.py bsn_rotate_keys`` re-encrypts and re-indexes."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from ketenzicht.common.crypto import BsnKeyError, bsn_index
from ketenzicht.intake.models import Person
from ketenzicht.linkage.conversion import (
    RECORD_FIELDS,
    person_record,
    record_from_values,
    typed_bsn,
)
from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.selectors import person_candidates

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def mark(twice) -> Person:
    return Person.objects.get(pk=twice.mark.pk)


def raw_tokens() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM intake_person WHERE bsn <> '' ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("bsn_rotate_keys", *args, verbosity=0, stdout=out)
    return out.getvalue()


def test_a_stored_person_s_record_carries_the_blind_index_not_the_bsn(twice):
    person = mark(twice)
    assert person_record(person).bsn == bsn_index("111222333")
    row = Person.objects.filter(pk=person.pk).values_list(*RECORD_FIELDS).get()
    assert record_from_values(row).bsn == bsn_index("111222333")


def test_the_bsn_blocking_key_carries_the_index_and_never_the_plaintext(twice):
    keys = set(PersonKey.objects.filter(person=twice.mark).values_list("key", flat=True))
    assert f"b:{bsn_index('111222333')}" in keys
    assert not PersonKey.objects.filter(key__contains="111222333").exists()


def test_a_typed_bsn_finds_the_stored_person_through_the_index(twice):
    record = PersonRecord(record_id="new", surname="Anders", bsn=typed_bsn("111 222 333"))
    # Only the b: key is shared (another surname, nothing else known): any score is shown.
    found = person_candidates(
        record=record, organisation_id=twice.first.organisation_id, minimum=0.0
    )
    assert twice.mark.pk in [c.person.pk for c in found]
    same_bsn = next(c for c in found if c.person.pk == twice.mark.pk)
    assert any(i.field == "bsn" and i.level == "same" for i in same_bsn.score.evidence)


def test_rotation_re_encrypts_every_bsn_under_the_current_key(settings, make_case):
    from ketenzicht.intake.tests.factories import victim_adult

    settings.BSN_KEYS = [OLD]
    for bsn in ("111222333", "123456782", "999999990"):
        make_case(people=[victim_adult(bsn=bsn)])
    before = raw_tokens()
    settings.BSN_KEYS = [NEW, OLD]  # the new key first, the old one still readable
    assert sorted(Person.objects.values_list("bsn", flat=True)) == [
        "111222333",
        "123456782",
        "999999990",
    ]
    assert rotate("--batch", "2").startswith("3 BSNs, 3 re-encrypted")
    after = raw_tokens()
    assert set(before).isdisjoint(after)
    assert [Fernet(NEW.encode()).decrypt(t.encode()).decode() for t in after] == [
        "111222333",
        "123456782",
        "999999990",
    ]
    settings.BSN_KEYS = [NEW]  # the old key can go now
    assert Person.objects.get(bsn_index=bsn_index("123456782")).bsn == "123456782"
    assert rotate().startswith("3 BSNs, 0 re-encrypted")  # a second run changes nothing


def test_rotation_with_the_old_key_missing_stops_with_a_clear_error(settings, twice):
    settings.BSN_KEYS = [OLD]
    with pytest.raises(BsnKeyError):
        Person.objects.get(pk=twice.mark.pk)
    with pytest.raises(CommandError, match="cannot be decrypted with any key in KZ_BSN_KEYS"):
        rotate()


def test_reindexing_after_a_new_index_key_rewrites_indexes_and_blocking_keys(settings, twice):
    settings.BSN_INDEX_KEY = "n" * 40
    # Until the reindex, the new key does not find the stored person.
    assert not Person.objects.filter(bsn_index=bsn_index("111222333")).exists()
    assert "1 blind indexes changed" in rotate("--reindex")
    person = mark(twice)
    assert person.bsn_index == bsn_index("111222333", key="n" * 40)
    keys = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    assert f"b:{person.bsn_index}" in keys
    assert (
        not PersonKey.objects.filter(key__startswith="b:")
        .exclude(key=f"b:{person.bsn_index}")
        .exists()
    )
    assert sum(1 for k in keys if not k.startswith("b:")) > 0  # the other keys were kept


def test_a_batch_below_one_is_refused(twice):
    with pytest.raises(CommandError, match="at least 1"):
        rotate("--batch", "0")
