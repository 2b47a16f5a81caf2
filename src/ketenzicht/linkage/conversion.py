"""From intake's Person rows (and form input) to the linkage's PersonRecord.

A stored person's record carries the BSN's **blind index** (``Person.bsn_index``,
``common.crypto.bsn_index``) in its ``bsn`` field, never the plaintext: the linkage only
compares BSNs for equality, so matching, the ``b:`` blocking key and the store dedupe never
decrypt. Typed form input goes through :func:`typed_bsn` to the same index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ketenzicht.common.crypto import bsn_index
from ketenzicht.intake.models import Person
from ketenzicht.linkage.records import PersonRecord

#: The columns :func:`record_from_values` reads, in order (for ``values_list(*RECORD_FIELDS)``).
RECORD_FIELDS = (
    "pk",
    "surname",
    "first_names",
    "surname_prefix",
    "date_of_birth",
    "sex",
    "bsn_index",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality__code",
)


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        record_id=str(person.pk),
        surname=person.surname,
        first_names=person.first_names,
        surname_prefix=person.surname_prefix,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        bsn=person.bsn_index,
        street=person.street,
        house_number=person.house_number,
        house_number_suffix=person.house_number_suffix,
        postcode=person.postcode,
        city=person.city,
        municipality_code=person.municipality.code if person.municipality is not None else "",
    )


def typed_bsn(value: str) -> str:
    """A BSN as typed into a form, in the form a stored record carries it: its blind index."""
    return bsn_index(value)


def record_from_values(row: Sequence[Any]) -> PersonRecord:
    """The record of one ``Person.objects.values_list(*RECORD_FIELDS)`` row: the same record as
    :func:`person_record` of that person, without building a model instance."""
    (pk, surname, first_names, prefix, born, sex, bsn, street, number, suffix, postcode, city,
     municipality) = row  # fmt: skip
    return PersonRecord(
        record_id=str(pk),
        surname=surname,
        first_names=first_names,
        surname_prefix=prefix,
        date_of_birth=born,
        sex=sex,
        bsn=bsn,
        street=street,
        house_number=number,
        house_number_suffix=suffix,
        postcode=postcode,
        city=city,
        municipality_code=municipality or "",
    )
