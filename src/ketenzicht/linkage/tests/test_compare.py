"""Comparison levels per field (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from ketenzicht.linkage.compare import (
    LEVELS,
    AddressLevel,
    BsnLevel,
    Category,
    DateOfBirthLevel,
    Field,
    FirstNamesLevel,
    MunicipalityLevel,
    SexLevel,
    SurnameLevel,
    compare,
    compare_address,
    compare_bsn,
    compare_date_of_birth,
    compare_first_names,
    compare_municipality,
    compare_sex,
    compare_surname,
)
from ketenzicht.linkage.normalise import NormalisedPerson, normalise
from ketenzicht.linkage.records import PersonRecord


def p(**fields: object) -> NormalisedPerson:
    values: dict[str, object] = {"record_id": "r", "surname": "Jansen"}
    values.update(fields)
    return normalise(PersonRecord(**values))  # type: ignore[arg-type]


def test_every_level_has_a_display_category() -> None:
    for field, levels in LEVELS.items():
        for level in levels:
            assert isinstance(level.category, Category), (field, level)
        assert levels("missing").category is Category.MISSING


def test_it_returns_a_level_for_every_field_in_display_order() -> None:
    assert list(compare(p(), p())) == list(Field)


# --- BSN ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("111222333", "111222333", BsnLevel.SAME),
        ("111222333", "123456782", BsnLevel.DIFFERENT),
        ("111222333", "", BsnLevel.MISSING),
        ("111222334", "111222334", BsnLevel.MISSING),  # invalid BSNs are not evidence
    ],
)
def test_it_compares_bsns(first: str, second: str, level: BsnLevel) -> None:
    assert compare_bsn(p(bsn=first), p(bsn=second)) is level


# --- surname ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("van den Berg", "v.d. Berg", SurnameLevel.EXACT),
        ("van den Berg", "Berg, van den", SurnameLevel.EXACT),
        ("Jansen-de Vries", "de Vries-Jansen", SurnameLevel.EXACT),
        ("Jansen-de Vries", "Jansen de Vries", SurnameLevel.EXACT),
        ("van den Berg", "van der Berg", SurnameLevel.CORE),
        ("van den Berg", "Berg", SurnameLevel.CORE),
        ("Jansen-de Vries", "de Vries", SurnameLevel.PART),
        ("Jansen-de Vries", "Jansen", SurnameLevel.PART),
        ("Jansen", "Janssen", SurnameLevel.SIMILAR),
        ("Dijkstra", "Dijkstar", SurnameLevel.SIMILAR),
        ("Meijer", "Meyer", SurnameLevel.PHONETIC),
        ("Claassen", "Klaasen", SurnameLevel.PHONETIC),
        ("Jansen", "Bakker", SurnameLevel.DIFFERENT),
        ("Jansen", "", SurnameLevel.MISSING),
    ],
)
def test_it_compares_surnames(first: str, second: str, level: SurnameLevel) -> None:
    assert compare_surname(p(surname=first), p(surname=second)) is level


def test_the_surname_prefix_field_and_the_surname_field_compare_alike() -> None:
    assert (
        compare_surname(p(surname="Berg", surname_prefix="van den"), p(surname="Van Den Berg"))
        is SurnameLevel.EXACT
    )


# --- first names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("Jan", "Jan", FirstNamesLevel.EXACT),
        ("Jan Pieter", "Jan", FirstNamesLevel.EXACT),
        ("Cornelis", "Kees", FirstNamesLevel.EQUIVALENT),
        ("Johannes", "Hans", FirstNamesLevel.EQUIVALENT),
        ("Jan", "Hans", FirstNamesLevel.EQUIVALENT),
        ("Johannes Pieter", "Pieter", FirstNamesLevel.EQUIVALENT),
        ("Johannes Cornelis", "Kees", FirstNamesLevel.EQUIVALENT),
        ("J. Pieter", "Pieter", FirstNamesLevel.EQUIVALENT),
        ("J.", "Jan", FirstNamesLevel.INITIALS),
        ("J.P.", "Jan Pieter", FirstNamesLevel.INITIALS),
        ("J.P.", "Jan", FirstNamesLevel.INITIALS),
        ("J.", "J.P.", FirstNamesLevel.INITIALS),
        ("C.", "Kees", FirstNamesLevel.INITIALS),
        ("P.", "Jan Pieter", FirstNamesLevel.DIFFERENT),
        ("J.P.", "J.H.", FirstNamesLevel.DIFFERENT),
        ("Mohammed", "Mohamed", FirstNamesLevel.SIMILAR),
        ("Sjaak", "Sjak", FirstNamesLevel.SIMILAR),
        ("Jan", "Joost", FirstNamesLevel.DIFFERENT),
        ("Anna", "Anne", FirstNamesLevel.DIFFERENT),
        ("Daan", "Thijs", FirstNamesLevel.DIFFERENT),
        ("Jan", "", FirstNamesLevel.MISSING),
    ],
)
def test_it_compares_first_names(first: str, second: str, level: FirstNamesLevel) -> None:
    assert compare_first_names(p(first_names=first), p(first_names=second)) is level


# --- date of birth ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        (date(1980, 3, 5), date(1980, 3, 5), DateOfBirthLevel.EXACT),
        (date(1980, 3, 5), date(1980, 5, 3), DateOfBirthLevel.SWAPPED),
        (date(1980, 3, 5), date(1980, 3, 8), DateOfBirthLevel.TYPO),
        (date(1980, 3, 5), date(1988, 3, 5), DateOfBirthLevel.TYPO),
        (date(1985, 3, 5), date(1958, 3, 5), DateOfBirthLevel.TYPO),  # adjacent digits swapped
        (date(1980, 2, 29), date(1980, 3, 1), DateOfBirthLevel.TYPO),  # one day apart
        (date(1980, 3, 5), date(1980, 3, 27), DateOfBirthLevel.YEAR_MONTH),
        (date(1980, 3, 5), date(1955, 6, 12), DateOfBirthLevel.DIFFERENT),
        (date(1980, 3, 5), None, DateOfBirthLevel.MISSING),
    ],
)
def test_it_compares_dates_of_birth(
    first: date, second: date | None, level: DateOfBirthLevel
) -> None:
    assert compare_date_of_birth(p(date_of_birth=first), p(date_of_birth=second)) is level


# --- sex, address, municipality -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("F", "v", SexLevel.SAME),
        ("F", "M", SexLevel.DIFFERENT),
        ("X", "M", SexLevel.MISSING),
        ("", "M", SexLevel.MISSING),
    ],
)
def test_it_compares_sex(first: str, second: str, level: SexLevel) -> None:
    assert compare_sex(p(sex=first), p(sex=second)) is level


HOME = {"postcode": "3311AB", "house_number": "12", "street": "Kerkstraat", "city": "Dordrecht"}


@pytest.mark.parametrize(
    ("other", "level"),
    [
        (HOME, AddressLevel.SAME_ADDRESS),
        ({**HOME, "postcode": "3311 ab", "house_number": "12A"}, AddressLevel.SAME_ADDRESS),
        ({**HOME, "postcode": ""}, AddressLevel.SAME_ADDRESS),
        ({**HOME, "street": "Kerkstr."}, AddressLevel.SAME_ADDRESS),
        ({**HOME, "house_number": "14"}, AddressLevel.SAME_POSTCODE),
        ({**HOME, "postcode": "", "house_number": "14"}, AddressLevel.SAME_STREET),
        (
            {**HOME, "postcode": "1011AA", "street": "Dam", "city": "Amsterdam"},
            AddressLevel.DIFFERENT,
        ),
        ({"postcode": "", "house_number": "", "street": "", "city": ""}, AddressLevel.MISSING),
    ],
)
def test_it_compares_addresses(other: dict[str, str], level: AddressLevel) -> None:
    assert compare_address(p(**HOME), p(**other)) is level


def test_different_flats_in_one_building_are_not_the_same_address() -> None:
    assert (
        compare_address(p(**HOME, house_number_suffix="A"), p(**HOME, house_number_suffix="B"))
        is AddressLevel.SAME_POSTCODE
    )


def test_it_compares_municipalities_by_code_and_else_by_city() -> None:
    gm = compare_municipality
    assert gm(p(municipality_code="GM0505"), p(municipality_code="505")) is MunicipalityLevel.SAME
    assert (
        gm(p(municipality_code="GM0505"), p(municipality_code="GM0642"))
        is MunicipalityLevel.DIFFERENT
    )
    assert gm(p(city="Dordrecht"), p(city="DORDRECHT")) is MunicipalityLevel.SAME
    assert gm(p(city="Dordrecht"), p()) is MunicipalityLevel.MISSING


# --- the harder Dutch variants ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("Vanderwolter", "van der Wolter", SurnameLevel.EXACT),  # the prefix glued on
        ("deVries", "Vries", SurnameLevel.CORE),  # glued before a capital, left out
        ("Dejong", "Jong", SurnameLevel.CORE),  # glued without a capital, left out
        ("Temark", "te Mark", SurnameLevel.EXACT),
        ("Elhamdaoui", "El Hamdaoui", SurnameLevel.EXACT),  # a particle written apart
        ("McDonald", "Donald", SurnameLevel.DIFFERENT),  # Mc is no Dutch prefix
        ("Dekker", "Dekker", SurnameLevel.EXACT),
    ],
)
def test_it_reads_glued_prefixes_and_particles(
    first: str, second: str, level: SurnameLevel
) -> None:
    assert compare_surname(p(surname=first), p(surname=second)) is level


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("Fred", "Frederik", FirstNamesLevel.SHORT_FORM),  # a call name that is the start
        ("Theo", "Theodorus Johannes", FirstNamesLevel.EQUIVALENT),  # in the nickname list
        ("Wilbert", "Wilbrord", FirstNamesLevel.SHORT_FORM),  # four letters in common
        ("Ron", "Ronald", FirstNamesLevel.EQUIVALENT),  # in the nickname list
        ("Lotte", "Lotta", FirstNamesLevel.DIFFERENT),  # another ending: another name
        ("AH", "Abdelkader Hamza", FirstNamesLevel.INITIALS),  # initials without stops
        ("MEC", "Monique", FirstNamesLevel.INITIALS),
        ("Ali", "Aki", FirstNamesLevel.SIMILAR),  # one letter wrong
        ("Ingrif", "Ingrid", FirstNamesLevel.SIMILAR),  # a consonant at the end
        ("Soenil", "Sunil", FirstNamesLevel.SIMILAR),  # transliteration
        ("Kawita", "Kavita", FirstNamesLevel.SIMILAR),
        ("Patty", "Patricia", FirstNamesLevel.EQUIVALENT),
        ("Kasia", "Katarzyna", FirstNamesLevel.EQUIVALENT),
    ],
)
def test_it_knows_call_names_short_forms_initials_and_typos(
    first: str, second: str, level: FirstNamesLevel
) -> None:
    assert compare_first_names(p(first_names=first), p(first_names=second)) is level
    assert compare_first_names(p(first_names=second), p(first_names=first)) is level


def test_a_first_of_january_in_the_same_year_reads_as_only_the_year_known() -> None:
    only_year = p(date_of_birth=date(1976, 1, 1))
    assert compare_date_of_birth(only_year, p(date_of_birth=date(1976, 9, 8))) is (
        DateOfBirthLevel.YEAR_ONLY
    )
    assert compare_date_of_birth(only_year, p(date_of_birth=date(1977, 9, 8))) is (
        DateOfBirthLevel.DIFFERENT
    )
