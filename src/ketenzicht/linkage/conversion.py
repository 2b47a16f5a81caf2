"""From intake's Person rows (and form input) to the linkage's PersonRecord."""

from __future__ import annotations

from ketenzicht.intake.models import Person
from ketenzicht.linkage.records import PersonRecord


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        record_id=str(person.pk),
        surname=person.surname,
        first_names=person.first_names,
        surname_prefix=person.surname_prefix,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        bsn=person.bsn,
        street=person.street,
        house_number=person.house_number,
        house_number_suffix=person.house_number_suffix,
        postcode=person.postcode,
        city=person.city,
        municipality_code=person.municipality.code if person.municipality is not None else "",
    )
