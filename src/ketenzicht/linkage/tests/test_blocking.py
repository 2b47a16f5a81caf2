"""Blocking keys: a true match shares a key despite the usual corruptions (no database)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ketenzicht.linkage.blocking import MAX_KEYS, blocking_keys, lookup_keys
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.records import PersonRecord

ORIGINAL = PersonRecord(
    record_id="original",
    surname="Berg",
    surname_prefix="van den",
    first_names="Johannes Pieter",
    date_of_birth=date(1980, 3, 5),
    sex="M",
    bsn="111222333",
    street="Kerkstraat",
    house_number="12",
    postcode="3311AB",
    city="Dordrecht",
    municipality_code="GM0505",
)


def keys(record: PersonRecord) -> frozenset[str]:
    return blocking_keys(normalise(record))


def variant(**changes: object) -> PersonRecord:
    """The original person written differently; the BSN is missing unless given."""
    changes.setdefault("bsn", "")
    changes.setdefault("record_id", "variant")
    return dataclasses.replace(ORIGINAL, **changes)  # type: ignore[arg-type]


MOVED = {
    "street": "Stationsweg",
    "house_number": "3",
    "postcode": "1011AA",
    "city": "Amsterdam",
    "municipality_code": "GM0363",
}

CORRUPTIONS = {
    "missing BSN": variant(),
    "typo in the surname": variant(surname="Bergh", **MOVED),
    "surname typo at the start": variant(surname="Werg", **MOVED),
    "day and month swapped": variant(date_of_birth=date(1980, 5, 3), **MOVED),
    "day of birth mistyped": variant(date_of_birth=date(1980, 3, 8), **MOVED),
    "moved house": variant(**MOVED),
    "initials only": variant(first_names="J.P.", **MOVED),
    "nickname": variant(first_names="Hans", **MOVED),
    "prefix abbreviated": variant(surname="v.d. Berg", surname_prefix="", **MOVED),
    "prefix inside the surname": variant(surname="Van Den Berg", surname_prefix="", **MOVED),
    "prefix left out": variant(surname_prefix="", **MOVED),
    "date of birth missing": variant(date_of_birth=None),
    "date of birth missing, moved in town": variant(
        date_of_birth=None, street="Singel", house_number="80", postcode="3312CD"
    ),
    "married name added": variant(surname="Jansen-van den Berg", surname_prefix="", **MOVED),
    "renamed, BSN known": variant(surname="Jansen", bsn="111222333", first_names="J", **MOVED),
}


@pytest.mark.parametrize("corrupted", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupted_record_still_meets_the_original(corrupted: PersonRecord) -> None:
    """Looked up in a store that holds the other, each finds it (the name key is asymmetric:
    what a record asks for is not always what it stores)."""
    assert lookup_keys(normalise(corrupted)) & keys(ORIGINAL)
    assert lookup_keys(normalise(ORIGINAL)) & keys(corrupted)


def test_the_name_key_of_a_dated_record_is_looked_up_only_among_undated_ones() -> None:
    dated, undated = normalise(ORIGINAL), normalise(variant(date_of_birth=None))
    assert "sd:berg|johannes" in blocking_keys(dated)
    assert "sn:berg|johannes" in blocking_keys(undated)
    assert "sn:berg|johannes" in lookup_keys(dated)
    assert "sd:berg|johannes" not in lookup_keys(dated)
    assert {"sn:berg|johannes", "sd:berg|johannes"} <= lookup_keys(undated)


def test_a_double_surname_in_either_order_shares_keys() -> None:
    first = variant(surname="Jansen-de Vries", surname_prefix="")
    second = variant(surname="de Vries-Jansen", surname_prefix="", **MOVED)
    assert len(keys(first) & keys(second)) >= 3


def test_the_keys_are_few_and_short() -> None:
    everything = variant(surname="de la Fuente-van den Berghuizen", bsn="111222333")
    found = keys(everything)
    assert len(found) <= MAX_KEYS
    assert all(len(key) <= 40 for key in found)


def test_the_date_key_is_the_same_for_swapped_day_and_month() -> None:
    assert "ds:19800305|berg" in keys(variant(date_of_birth=date(1980, 5, 3)))
    assert "ds:19800305|berg" in keys(ORIGINAL)


def test_it_names_each_kind_of_key_with_a_short_tag() -> None:
    tags = {key.split(":")[0] for key in keys(ORIGINAL)}
    assert tags == {"b", "ds", "df", "yn", "dm", "ad", "sd"}


def test_a_person_with_hardly_anything_known_gets_no_keys() -> None:
    assert keys(PersonRecord(record_id="empty", surname="")) == frozenset()


def test_an_unrelated_person_shares_no_key() -> None:
    other = PersonRecord(
        record_id="other",
        surname="Yilmaz",
        first_names="Emre",
        date_of_birth=date(1992, 11, 23),
        postcode="1011AA",
        house_number="9",
        municipality_code="GM0363",
    )
    assert not keys(ORIGINAL) & keys(other)
