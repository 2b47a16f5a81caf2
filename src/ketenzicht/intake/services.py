"""Writes of the intake domain: advice requests, people and households.

Registering a *report* opens a case and so lives in ``casework.services.report_register``, which
uses :func:`household_create` and :func:`person_create` from here inside its one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.validation import (
    choices_valid,
    is_valid_bsn,
    normalise_postcode,
    raise_if,
    require,
)
from ketenzicht.intake.models import (
    AdviceRequest,
    Channel,
    Household,
    Person,
    PersonRole,
    ReporterRole,
    Sex,
    ViolenceKind,
)
from ketenzicht.intake.privacy import personal_data_findings
from ketenzicht.organisations.models import Municipality, Organisation, User

# What each finding of ``privacy.personal_data_findings`` is called in a refusal.
PERSONAL_DATA_LABELS = {
    "bsn": gettext_lazy("a BSN or other identification number"),
    "date_of_birth": gettext_lazy("a date of birth"),
    "postcode": gettext_lazy("a postcode"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an e-mail address"),
}


@dataclass(frozen=True)
class AddressInput:
    street: str = ""
    house_number: str = ""
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class PersonInput:
    """One person as entered at intake, with their role in the report."""

    surname: str
    role: str
    first_names: str = ""
    surname_prefix: str = ""
    date_of_birth: date | None = None
    sex: str = Sex.OTHER
    bsn: str = ""
    address: AddressInput | None = None  # None: lives at the household's address
    existing_person_id: int | None = None


def validate_kinds(kinds: list[str], errors: dict[str, list[str]]) -> None:
    require(bool(kinds), "kinds", _("Choose at least one form of violence."), errors)
    require(
        choices_valid(kinds, ViolenceKind.values), "kinds", _("Unknown form of violence."), errors
    )
    require(
        len(set(kinds)) == len(kinds), "kinds", _("A form of violence is listed twice."), errors
    )


def validate_received_at(received_at: datetime, errors: dict[str, list[str]]) -> None:
    if received_at is None or timezone.is_naive(received_at):
        errors.setdefault("received_at", []).append(_("Give a valid time of receipt."))
        return
    require(
        received_at <= timezone.now() + timedelta(minutes=5),
        "received_at",
        _("The time of receipt lies in the future."),
        errors,
    )


def validate_vt_actor(actor: User, organisation: Organisation) -> None:
    if not actor.is_vt or actor.organisation_id != organisation.pk:
        raise ValidationError(_("Only staff of this Veilig Thuis organisation may do this."))
    if not organisation.is_veilig_thuis:
        raise ValidationError(
            _("Only a Veilig Thuis organisation receives advice requests and reports.")
        )


def advice_request_register(
    *,
    organisation: Organisation,
    handled_by: User,
    received_at: datetime,
    channel: str,
    reporter_role: str,
    question: str,
    advice: str,
    kinds: list[str],
    municipality: Municipality | None = None,
    reporter_name: str = "",
    reporter_organisation: str = "",
    reporter_contact: str = "",
) -> AdviceRequest:
    """Record an advice request. Refuses free text that carries personal data about the family."""
    validate_vt_actor(handled_by, organisation)
    errors: dict[str, list[str]] = {}
    validate_received_at(received_at, errors)
    require(channel in Channel.values, "channel", _("Choose a channel."), errors)
    require(
        reporter_role in ReporterRole.values,
        "reporter_role",
        _("Choose the role of the person asking."),
        errors,
    )
    require(bool((question or "").strip()), "question", _("Describe the question."), errors)
    require(bool((advice or "").strip()), "advice", _("Describe the advice given."), errors)
    validate_kinds(kinds, errors)
    for field, text in (("question", question), ("advice", advice)):
        findings = personal_data_findings(text)
        if findings:
            errors.setdefault(field, []).append(
                _(
                    "An advice request holds no personal data about the family; this text "
                    "appears to contain %(findings)s. Remove it or register a report."
                )
                % {"findings": ", ".join(str(PERSONAL_DATA_LABELS[f]) for f in findings)}
            )
    if municipality is not None and municipality.region_id != organisation.region_id:
        errors.setdefault("municipality", []).append(
            _("This municipality is not in the region of this Veilig Thuis.")
        )
    raise_if(errors)
    with transaction.atomic():
        advice_request = AdviceRequest.objects.create(
            organisation=organisation,
            handled_by=handled_by,
            received_at=received_at,
            channel=channel,
            reporter_role=reporter_role,
            reporter_name=reporter_name.strip(),
            reporter_organisation=reporter_organisation.strip(),
            reporter_contact=reporter_contact.strip(),
            municipality=municipality,
            kinds=list(kinds),
            question=question.strip(),
            advice=advice.strip(),
        )
        # An advice request names no person of the family; the entry says who recorded it.
        access_record(
            request=None,
            action=AccessAction.EDIT,
            user=handled_by,
            detail=f"advice_request_register {advice_request.reference}",
        )
    return advice_request


def validate_address(address: AddressInput, prefix: str, errors: dict[str, list[str]]) -> None:
    postcode = normalise_postcode(address.postcode)
    if postcode:
        require(
            len(postcode) == 7 and postcode[4] == " ",
            f"{prefix}postcode",
            _("A postcode looks like 3311 AB."),
            errors,
        )
        require(
            bool(address.house_number.strip()),
            f"{prefix}house_number",
            _("With a postcode, give the house number too."),
            errors,
        )
    if address.house_number.strip():
        require(
            address.house_number.strip().isdigit(),
            f"{prefix}house_number",
            _("A house number consists of digits; a suffix has its own field."),
            errors,
        )


def validate_person(person: PersonInput, index: int, errors: dict[str, list[str]]) -> None:
    prefix = f"people-{index}-"
    number = {"number": index + 1}
    require(
        bool(person.surname.strip()),
        f"{prefix}surname",
        _("Person %(number)s: surname is missing.") % number,
        errors,
    )
    require(
        person.role in PersonRole.values,
        f"{prefix}role",
        _("Person %(number)s: choose a role.") % number,
        errors,
    )
    require(
        person.sex in Sex.values,
        f"{prefix}sex",
        _("Person %(number)s: unknown sex.") % number,
        errors,
    )
    if person.bsn:
        require(
            is_valid_bsn(person.bsn),
            f"{prefix}bsn",
            _("Person %(number)s: this BSN is invalid (eleven test).") % number,
            errors,
        )
    if person.date_of_birth is not None:
        today = timezone.localdate()
        require(
            person.date_of_birth <= today,
            f"{prefix}date_of_birth",
            _("Person %(number)s: the date of birth lies in the future.") % number,
            errors,
        )
        require(
            person.date_of_birth.year >= today.year - 120,
            f"{prefix}date_of_birth",
            _("Person %(number)s: the date of birth is too far back.") % number,
            errors,
        )
    if person.address is not None:
        validate_address(person.address, prefix, errors)


def household_new(*, municipality: Municipality, address: AddressInput) -> Household:
    """The household at ``address`` (not saved): for a caller that inserts many at once."""
    return Household(
        municipality=municipality,
        street=address.street.strip(),
        house_number=address.house_number.strip(),
        house_number_suffix=address.house_number_suffix.strip(),
        postcode=normalise_postcode(address.postcode),
        city=address.city.strip(),
    )


def household_create(*, municipality: Municipality, address: AddressInput) -> Household:
    """Create a household. Call inside the caller's transaction after validation."""
    household = household_new(municipality=municipality, address=address)
    household.save(force_insert=True)
    return household


def _person_new(data: PersonInput, household: Household) -> Person:
    """The new person ``data`` describes (not saved), living at the household's address unless
    it has one of its own."""
    address = data.address or AddressInput(
        street=household.street,
        house_number=household.house_number,
        house_number_suffix=household.house_number_suffix,
        postcode=household.postcode,
        city=household.city,
    )
    return Person(
        first_names=data.first_names.strip(),
        surname_prefix=data.surname_prefix.strip().lower(),
        surname=data.surname.strip(),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        bsn=data.bsn.strip(),
        street=address.street.strip(),
        house_number=address.house_number.strip(),
        house_number_suffix=address.house_number_suffix.strip(),
        postcode=normalise_postcode(address.postcode),
        city=address.city.strip(),
        municipality=household.municipality if data.address is None else None,
    )


def person_create(*, data: PersonInput, household: Household) -> Person:
    """Create (or reuse, when ``existing_person_id`` is given) a person in ``household``."""
    return people_create(people=[data], household=household)[0]


def people_create(*, people: Sequence[PersonInput], household: Household) -> list[Person]:
    """:func:`person_create` for several people at once, in their order. Call inside the
    caller's transaction after validation."""
    return households_people_create([(people, household)])[0]


def households_people_create(
    groups: Sequence[tuple[Sequence[PersonInput], Household]],
) -> list[list[Person]]:
    """:func:`people_create` for the people of several households at once: one insert of the
    new people, one read of the existing ones, one insert of their places in their households.
    Call inside the caller's transaction after validation."""
    new = [
        [_person_new(data, household) for data in people if data.existing_person_id is None]
        for people, household in groups
    ]
    Person.objects.bulk_create([person for fresh in new for person in fresh])
    wanted = [
        data.existing_person_id
        for people, _household in groups
        for data in people
        if data.existing_person_id is not None
    ]
    known = Person.objects.in_bulk(wanted) if wanted else {}
    result: list[list[Person]] = []
    for (people, _household), fresh_people in zip(groups, new, strict=True):
        fresh = iter(fresh_people)
        result.append(
            [
                next(fresh) if data.existing_person_id is None else known[data.existing_person_id]
                for data in people
            ]
        )
    Person.households.through.objects.bulk_create(
        [
            Person.households.through(person_id=p.pk, household_id=household.pk)
            for (_people, household), persons in zip(groups, result, strict=True)
            for p in persons
        ],
        ignore_conflicts=True,
    )
    return result


@transaction.atomic
def household_add_person(*, household: Household, data: PersonInput) -> Person:
    errors: dict[str, list[str]] = {}
    validate_person(data, 0, errors)
    raise_if(errors)
    return person_create(data=data, household=household)
