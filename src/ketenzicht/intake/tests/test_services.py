"""advice_request_register and household_add_person."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ketenzicht.intake.models import AdviceRequest, Person
from ketenzicht.intake.privacy import FINDING_CODES
from ketenzicht.intake.services import (
    PERSONAL_DATA_LABELS,
    AddressInput,
    advice_request_register,
    household_add_person,
    people_create,
)
from ketenzicht.intake.tests.factories import PersonInputFactory


@pytest.fixture
def register(vt_org, intake_worker, municipality_a):
    def register(**kw):
        fields = {
            "organisation": vt_org,
            "handled_by": intake_worker,
            "received_at": timezone.now() - timedelta(minutes=10),
            "channel": "phone",
            "reporter_role": "school",
            "question": "Een leerling vertelt over harde ruzies thuis. Moeten wij iets doen?",
            "advice": "Volg de Meldcode: breng de signalen in kaart en bespreek ze met de ouders.",
            "kinds": ["child_witnessing"],
            "municipality": municipality_a,
        }
        fields.update(kw)
        return advice_request_register(**fields)

    return register


def test_an_advice_request_stores_the_question_the_advice_and_the_asker_s_role(
    register, intake_worker, vt_org, municipality_a
):
    advice = register(reporter_name="  Juf Ans ", reporter_organisation="De Regenboog")
    assert advice.organisation == vt_org
    assert advice.handled_by == intake_worker
    assert advice.reporter_role == "school"
    assert advice.reporter_name == "Juf Ans"
    assert advice.kinds == ["child_witnessing"]
    assert advice.municipality == municipality_a
    assert advice.reference == f"A{advice.pk:07d}"


def test_an_advice_request_may_be_anonymous_and_without_municipality(register):
    advice = register(reporter_role="anonymous_citizen", municipality=None)
    assert advice.reporter_name == ""
    assert advice.municipality is None


def test_an_advice_request_has_no_fields_for_personal_data_about_the_family():
    fields = {f.name for f in AdviceRequest._meta.get_fields()}
    assert fields.isdisjoint(
        {
            "bsn",
            "date_of_birth",
            "surname",
            "first_names",
            "postcode",
            "street",
            "house_number",
            "household",
            "people",
            "persons",
        }
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Het kind heeft BSN 111222333, wat nu?", "BSN"),
        ("Moeder, geboren 17-05-1990, wordt geslagen.", "geboortedatum"),
        ("Het gezin woont op 3311 AB nummer 12.", "postcode"),
        ("Bel de vader op 06-12345678.", "telefoonnummer"),
        ("Mail de moeder: moeder@example.nl", "e-mailadres"),
    ],
)
def test_an_advice_request_refuses_a_question_with_personal_data(register, text, found):
    with pytest.raises(ValidationError) as info:
        register(question=text)
    assert found in " ".join(info.value.message_dict["question"])
    assert AdviceRequest.objects.count() == 0


def test_every_kind_of_personal_data_has_a_label():
    assert set(PERSONAL_DATA_LABELS) == set(FINDING_CODES)


def test_the_personal_data_refusal_names_what_was_found_in_the_active_language(register):
    text = "Bel de vader op 06-12345678 of mail moeder@example.nl."
    with pytest.raises(ValidationError) as info:
        register(question=text)
    assert info.value.message_dict["question"] == [
        "Een adviesvraag bevat geen persoonsgegevens over het gezin; deze tekst lijkt een "
        "telefoonnummer, een e-mailadres te bevatten. Haal die weg of registreer een melding."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as info:
        register(question=text)
    assert info.value.message_dict["question"] == [
        "An advice request holds no personal data about the family; this text appears to "
        "contain a phone number, an e-mail address. Remove it or register a report."
    ]


def test_a_person_s_error_names_the_person_by_number(make_case):
    household = make_case().report.household
    with pytest.raises(ValidationError) as info:
        household_add_person(household=household, data=PersonInputFactory(bsn="123456789"))
    assert info.value.message_dict["people-0-bsn"] == ["Persoon 1: dit BSN is ongeldig (elfproef)."]


def test_an_advice_request_refuses_advice_with_personal_data(register):
    with pytest.raises(ValidationError) as info:
        register(advice="Neem contact op met het gezin op 3311 AB 12.")
    assert "advice" in info.value.message_dict
    assert AdviceRequest.objects.count() == 0


BAD = {
    "no question": {"question": "  "},
    "no advice": {"advice": ""},
    "unknown channel": {"channel": "fax"},
    "unknown asker role": {"reporter_role": "oracle"},
    "no kind of violence": {"kinds": []},
    "unknown kind of violence": {"kinds": ["teasing"]},
    "received in the future": {"received_at": timezone.now() + timedelta(days=1)},
    "naive time": {"received_at": datetime(2026, 3, 9, 10)},
}


@pytest.mark.parametrize("kwargs", BAD.values(), ids=BAD.keys())
def test_an_advice_request_with_bad_input_writes_nothing(register, kwargs):
    with pytest.raises(ValidationError):
        register(**kwargs)
    assert AdviceRequest.objects.count() == 0


def test_an_advice_request_refuses_a_municipality_of_another_region(register, other_municipality):
    with pytest.raises(ValidationError) as info:
        register(municipality=other_municipality)
    assert "municipality" in info.value.message_dict


@pytest.mark.parametrize(
    "actor", ["pro_a", "policy_officer", "administrator", "outsider", "other_vt_worker"]
)
def test_only_staff_of_this_veilig_thuis_register_advice_requests(register, request, actor):
    with pytest.raises(ValidationError):
        register(handled_by=request.getfixturevalue(actor))
    assert AdviceRequest.objects.count() == 0


def test_only_a_veilig_thuis_organisation_receives_advice_requests(
    register, local_team_a, municipality_a
):
    from ketenzicht.organisations.tests.factories import UserFactory

    worker = UserFactory(organisation=local_team_a, role="vt_worker")
    with pytest.raises(ValidationError, match="Veilig Thuis-organisatie"):
        register(organisation=local_team_a, handled_by=worker)


# --- household_add_person ---------------------------------------------------------------------


def test_a_person_is_added_to_a_household(make_case):
    household = make_case().report.household
    person = household_add_person(
        household=household, data=PersonInputFactory(surname="Oma", date_of_birth=date(1950, 1, 1))
    )
    assert person in household.members.all()
    assert person.postcode == household.postcode


def test_a_person_with_an_own_address_keeps_it(make_case):
    household = make_case().report.household
    person = household_add_person(
        household=household,
        data=PersonInputFactory(address=AddressInput(house_number="7", postcode="3331ab")),
    )
    assert person.postcode == "3331 AB"
    assert person.municipality is None


def test_people_are_created_and_reused_in_their_order(make_case):
    household = make_case().report.household
    known = household.members.first()
    elsewhere = make_case().report.household
    people = people_create(
        household=elsewhere,
        people=[
            PersonInputFactory(surname="Eerste"),
            PersonInputFactory(surname="ignored", existing_person_id=known.pk),
            PersonInputFactory(surname="Derde", bsn="111222333"),
        ],
    )
    assert [p.surname for p in people] == ["Eerste", known.surname, "Derde"]
    assert people[1].pk == known.pk
    assert all(p.pk for p in people)
    assert set(elsewhere.members.all()) >= set(people)
    assert known in household.members.all()  # still in its first household too
    stored = Person.objects.get(pk=people[2].pk)
    assert stored.bsn == "111222333" and stored.bsn_index  # encrypted and indexed as one by one


def test_an_invalid_person_is_not_added(make_case):
    household = make_case().report.household
    before = Person.objects.count()
    with pytest.raises(ValidationError):
        household_add_person(household=household, data=PersonInputFactory(bsn="123456789"))
    assert Person.objects.count() == before
