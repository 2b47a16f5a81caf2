"""Builders for intake input (the dataclasses the services take) and advice requests."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from ketenzicht.intake.models import AdviceRequest, Channel, PersonRole, ReporterRole, Sex
from ketenzicht.intake.services import AddressInput, PersonInput


class AddressInputFactory(factory.Factory):
    class Meta:
        model = AddressInput

    street = "Voorstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    house_number_suffix = ""
    postcode = "3311 AB"
    city = "Dordrecht"


class PersonInputFactory(factory.Factory):
    class Meta:
        model = PersonInput

    surname = factory.Sequence(lambda n: f"Jansen{n}")
    role = PersonRole.VICTIM
    first_names = "Anna"
    surname_prefix = ""
    date_of_birth = date(1990, 5, 17)
    sex = Sex.FEMALE
    bsn = ""
    address = None
    existing_person_id = None


def victim_adult(**kw: object) -> PersonInput:
    return PersonInputFactory(**kw)


def child(**kw: object) -> PersonInput:
    defaults: dict[str, object] = {
        "role": PersonRole.CHILD_IN_HOUSEHOLD,
        "first_names": "Sem",
        "date_of_birth": timezone.localdate() - timedelta(days=7 * 365),
        "sex": Sex.MALE,
    }
    defaults.update(kw)
    return PersonInputFactory(**defaults)


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    """Direct model rows (no validation) for selector tests; services are tested separately."""

    class Meta:
        model = AdviceRequest

    received_at = factory.LazyFunction(timezone.now)
    channel = Channel.PHONE
    reporter_role = ReporterRole.SCHOOL
    kinds = factory.LazyFunction(lambda: ["child_emotional_neglect"])
    question = "Een leerling komt steeds hongerig op school. Wat kunnen wij doen?"
    advice = "Bespreek de signalen met de ouders en volg de Meldcode."
