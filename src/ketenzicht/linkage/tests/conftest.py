"""Fixtures for the merge and review-queue tests: a family registered twice, through the real
registration service (the personas and case builders live in ketenzicht/conftest.py).

Linkage sits below casework in the layering contract, so these tests reach casework's models
through the app registry instead of importing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from ketenzicht.intake.models import Person, PersonRole, Sex
from ketenzicht.intake.services import AddressInput


@dataclass
class Twice:
    """Fatima and Mark Jansen registered twice as new records (Fatima with a typo the second
    time), their son Sem linked to his record at the second report."""

    first: Any  # casework.Case
    second: Any
    fatima: Person
    fatima_again: Person
    mark: Person
    mark_again: Person
    sem: Person


def people(*, again: bool = False, sem_id: int | None = None) -> list[Any]:
    from ketenzicht.intake.tests.factories import child, victim_adult

    return [
        victim_adult(
            first_names="Fatima",
            surname="Janssen" if again else "Jansen",
            date_of_birth=date(1990, 3, 4),
            sex=Sex.FEMALE,
        ),
        victim_adult(
            first_names="Mark",
            surname="Jansen",
            date_of_birth=date(1987, 11, 23),
            sex=Sex.MALE,
            role=PersonRole.ALLEGED_PERPETRATOR,
            bsn="111222333" if not again else "",
        ),
        child(
            first_names="Sem",
            surname="Jansen",
            date_of_birth=date(2018, 6, 1),
            existing_person_id=sem_id,
        ),
    ]


@pytest.fixture
def twice(make_case, vt_worker) -> Twice:
    now = timezone.now()
    first = make_case(people=people(), received_at=now - timedelta(days=90))
    sem = Person.objects.get(first_names="Sem")
    second = make_case(
        people=people(again=True, sem_id=sem.pk),
        received_at=now - timedelta(days=2),
        household_address=AddressInput(
            street="Kerkstraat", house_number="5", postcode="3312 CD", city="Dordrecht"
        ),
    )
    mark_again = second.report.involved.get(person__first_names="Mark").person
    # A restraining order on Mark's second record: a link to a person outside intake.
    apps.get_model("casework", "RestrainingOrder").objects.create(
        case=second,
        subject=mark_again,
        imposed_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=9),
        rihg_outcome="Rood in deel A.",
        recorded_by=vt_worker,
    )
    return Twice(
        first=first,
        second=second,
        fatima=first.report.involved.get(person__first_names="Fatima").person,
        fatima_again=second.report.involved.get(person__first_names="Fatima").person,
        mark=first.report.involved.get(person__first_names="Mark").person,
        mark_again=mark_again,
        sem=sem,
    )
