"""factory_boy factories for regions, municipalities, organisations and users."""

from __future__ import annotations

import factory

from ketenzicht.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    User,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.VEILIG_THUIS
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with an unusable password ('!' prefix): tests log in with force_login."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Test"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = "!unusable"
    organisation = None
    role = ""


class VtWorkerFactory(UserFactory):
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.VEILIG_THUIS)
    role = Role.VT_WORKER
