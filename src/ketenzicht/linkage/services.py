"""Writes of the linkage domain: keeping each person's blocking keys up to date."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ketenzicht.intake.models import Person
from ketenzicht.linkage.blocking import blocking_keys
from ketenzicht.linkage.conversion import person_record
from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.normalise import normalise


def keys_for(person: Person) -> frozenset[str]:
    return blocking_keys(normalise(person_record(person)))


@transaction.atomic
def person_index(*, person: Person) -> None:
    """(Re)write the blocking keys of ``person``; call it whenever a person is stored. A record
    merged into another one has no keys: it is no longer a candidate."""
    wanted = frozenset() if person.merged_into_id is not None else keys_for(person)
    existing = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    PersonKey.objects.filter(person=person).exclude(key__in=wanted).delete()
    PersonKey.objects.bulk_create(
        [PersonKey(person=person, key=key) for key in sorted(wanted - existing)]
    )


def persons_index(*, persons: Iterable[Person]) -> int:
    """Index many persons at once (new rows: they have no keys yet); returns the number of keys
    written. One insert per 5,000 keys, all in one transaction (``bulk_create``'s own, or the
    caller's)."""
    rows = [
        PersonKey(person=p, key=key)
        for p in persons
        if p.merged_into_id is None
        for key in sorted(keys_for(p))
    ]
    PersonKey.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)
