"""Normalising names, dates, addresses and numbers (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from ketenzicht.linkage.normalise import (
    SurnamePart,
    canonical_prefix,
    dutch_phonetic,
    fold,
    nickname_groups,
    normalise,
    normalise_bsn,
    normalise_house_number,
    normalise_municipality_code,
    normalise_postcode,
    normalise_sex,
    normalise_street,
    parse_given_names,
    prefixes_compatible,
    split_surname,
)
from ketenzicht.linkage.records import PersonRecord


def person(**fields: object) -> PersonRecord:
    values: dict[str, object] = {"record_id": "r1", "surname": "Jansen"}
    values.update(fields)
    return PersonRecord(**values)  # type: ignore[arg-type]


# --- diacritics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Émile", "emile"),
        ("Chloë", "chloe"),
        ("Loïs", "lois"),
        ("Strauß", "strauss"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Ærøskøbing", "aeroskobing"),
        ("Özdemir", "ozdemir"),
        ("Çelik", "celik"),
        ("Ĳsselmuiden", "ijsselmuiden"),
        ("  Anne   Marie ", "anne marie"),
    ],
)
def test_it_folds_diacritics_and_case(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_it_reads_typographic_apostrophes_and_dashes_as_plain_ones() -> None:
    assert split_surname("van \u2019t Hof") == (SurnamePart("van het", "hof"),)
    assert split_surname("Jansen\u2013de Vries") == split_surname("Jansen-de Vries")


# --- surname prefixes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["v.d. Berg", "vd Berg", "v/d Berg", "v. d. Berg", "v.d Berg", "V.D. BERG", "Berg v.d."],
)
def test_it_reads_every_abbreviation_of_van_de_den_der_as_van_d(written: str) -> None:
    assert split_surname(written) == (SurnamePart("van d", "berg"),)


@pytest.mark.parametrize(
    ("surname", "prefix_field"),
    [
        ("van der Berg", ""),
        ("Van Der Berg", ""),
        ("VAN DER BERG", ""),
        ("Berg", "van der"),
        ("Berg", "Van Der"),
        ("Berg, van der", ""),
        ("Berg van der", ""),
        ("van der Berg", "van der"),
        ("v.d. Berg", "van der"),
        ("van der Berg", "v.d."),
    ],
)
def test_it_unifies_van_der_wherever_and_however_it_is_written(
    surname: str, prefix_field: str
) -> None:
    assert split_surname(surname, prefix_field) == (SurnamePart("van der", "berg"),)


@pytest.mark.parametrize(
    ("written", "prefix", "core"),
    [
        ("van den Berg", "van den", "berg"),
        ("van de Berg", "van de", "berg"),
        ("ter Horst", "ter", "horst"),
        ("ten Brink", "ten", "brink"),
        ("te Velde", "te", "velde"),
        ("de Jong", "de", "jong"),
        ("d'Ancona", "d'", "ancona"),
        ("D' Ancona", "d'", "ancona"),
        ("van 't Hof", "van het", "hof"),
        ("van het Hof", "van het", "hof"),
        ("in 't Veld", "in het", "veld"),
        ("in't Veld", "in het", "veld"),
        ("op de Beek", "op de", "beek"),
        ("op den Akker", "op den", "akker"),
        ("uit den Bogaard", "uit den", "bogaard"),
        ("Uijt den Bogaard", "uit den", "bogaard"),
        ("v. Dijk", "van", "dijk"),
        ("de la Rie", "de la", "rie"),
        ("'s-Gravesande", "des", "gravesande"),
        ("Jansen", "", "jansen"),
    ],
)
def test_it_splits_a_prefix_from_the_core_surname(written: str, prefix: str, core: str) -> None:
    assert split_surname(written) == (SurnamePart(prefix, core),)


def test_it_keeps_a_surname_made_only_of_prefix_words() -> None:
    assert split_surname("de Bij") == (SurnamePart("de", "bij"),)
    assert split_surname("Van") == (SurnamePart("", "van"),)


def test_it_reads_a_non_prefix_in_the_prefix_field_as_part_of_the_surname() -> None:
    assert split_surname("Vries", "Jansen de") == (
        SurnamePart("", "jansen"),
        SurnamePart("de", "vries"),
    )


@pytest.mark.parametrize("written", ["v.d.", "vd", "v/d", "V.D", "v. d."])
def test_it_gives_one_canonical_prefix_for_every_spelling(written: str) -> None:
    assert canonical_prefix(written) == "van d"


def test_it_treats_the_abbreviation_d_as_compatible_with_de_den_and_der() -> None:
    assert prefixes_compatible("van d", "van der")
    assert prefixes_compatible("van den", "van d")
    assert prefixes_compatible("van de", "van d")
    assert not prefixes_compatible("van den", "van der")
    assert not prefixes_compatible("van", "van der")
    assert not prefixes_compatible("", "de")
    assert prefixes_compatible("", "")


# --- double surnames ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["Jansen-de Vries", "de Vries-Jansen", "Jansen de Vries", "Jansen - de Vries"]
)
def test_it_reads_a_double_surname_as_a_set_of_parts_in_either_order(written: str) -> None:
    normalised = normalise(person(surname=written))
    assert normalised.surname_cores == {"jansen", "vries"}
    assert SurnamePart("de", "vries") in normalised.surname_parts


def test_it_keeps_the_written_order_of_a_double_surname() -> None:
    assert normalise(person(surname="de Vries-Jansen")).surname == "de vries-jansen"
    assert normalise(person(surname="de Vries-Jansen")).surname_prefix == "de"
    assert normalise(person(surname="de Vries-Jansen")).surname_core == "vries"


# --- first names, initials and nicknames --------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "given"),
    [
        ("Jan Pieter", ("jan", "pieter")),
        ("J.P.", ("j", "p")),
        ("J. P.", ("j", "p")),
        ("J P", ("j", "p")),
        ("JP", ("j", "p")),
        ("Jan-Pieter", ("jan", "pieter")),
        ("Th. Jan", ("t", "jan")),
        ("Chr.", ("c",)),
        # Two or three capitals on their own are read as initials ("AH", "MEC"); a short
        # name written in capitals then reads as initials too, which still fits the name.
        ("JAN", ("j", "a", "n")),
        ("MEC", ("m", "e", "c")),
        ("JEROEN", ("jeroen",)),
        ("JAN PETER", ("jan", "peter")),
        ("Zoë", ("zoe",)),
        ("", ()),
    ],
)
def test_it_reads_given_names_and_initials(written: str, given: tuple[str, ...]) -> None:
    assert parse_given_names(written) == given


def test_it_derives_the_same_initials_from_full_names_and_from_initials() -> None:
    assert normalise(person(first_names="J.P.")).initials == "jp"
    assert normalise(person(first_names="Jan Pieter")).initials == "jp"


def test_it_has_no_first_name_when_only_initials_are_known() -> None:
    assert normalise(person(first_names="J.P.")).first_name == ""
    assert normalise(person(first_names="Jan Pieter")).first_name == "jan"


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [
        ("jan", "johannes"),
        ("hans", "johannes"),
        ("joop", "johannes"),
        ("kees", "cornelis"),
        ("willy", "wilhelmina"),
        ("mien", "wilhelmina"),
        ("jaap", "jacobus"),
        ("koos", "jacobus"),
        ("henk", "hendrik"),
        ("piet", "petrus"),
        ("peter", "petrus"),
        ("lies", "elisabeth"),
        ("els", "elisabeth"),
        ("bep", "elisabeth"),
        ("mies", "maria"),
        ("marja", "maria"),
        ("theo", "theodorus"),
        ("ruud", "rudolf"),
        ("gerard", "gerardus"),
        ("gert", "gerardus"),
        ("frans", "franciscus"),
        ("adri", "adrianus"),
        ("arie", "adrianus"),
        ("toon", "antonius"),
        ("ton", "antonius"),
        ("ben", "bernardus"),
        ("aaltje", "aleida"),
        ("alida", "aleida"),
    ],
)
def test_it_knows_common_dutch_nicknames(nickname: str, formal: str) -> None:
    assert formal in nickname_groups(nickname)
    assert formal in nickname_groups(formal)


def test_it_does_not_invent_nicknames() -> None:
    assert nickname_groups("daan") == frozenset()
    assert "theodorus" not in nickname_groups("ruud")


def test_it_gives_a_nickname_the_initial_of_the_formal_name() -> None:
    assert normalise(person(first_names="Kees")).first_initial == "c"
    assert normalise(person(first_names="Hans")).first_initial == "j"
    assert normalise(person(first_names="C.")).first_initial == "c"
    assert normalise(person(first_names="Daan")).first_initial == "d"


# --- phonetic key -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Meijer", "Meyer", "Meier"),
        ("Smit", "Smid", "Smidt", "Smith"),
        ("Jansen", "Janssen"),
        ("Vries", "Fries"),
        ("Hendriks", "Hendrickx", "Hendrix"),
        ("Huijgens", "Huygens", "Huigens"),
        ("Claassen", "Klaasen"),
        ("Bouwman", "Bauman"),
        ("Dijkstra", "Dykstra"),
        ("Philips", "Filips"),
        ("Zwart", "Swart"),
        ("Brand", "Brandt", "Brant"),
        ("Gerritsen", "Gerritzen"),
        ("Lichtenberg", "Ligtenberg"),
    ],
)
def test_it_gives_dutch_spelling_variants_one_phonetic_key(variants: tuple[str, ...]) -> None:
    assert len({dutch_phonetic(v) for v in variants}) == 1


def test_it_keeps_different_names_apart_phonetically() -> None:
    assert dutch_phonetic("Jansen") != dutch_phonetic("Jonker")
    assert dutch_phonetic("Bakker") != dutch_phonetic("Visser")


# --- the other fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "bsn"),
    [
        ("111222333", "111222333"),
        ("1112.22.333", "111222333"),
        ("111 222 333", "111222333"),
        ("111222334", ""),  # fails the eleven-test
        ("000000000", ""),
        ("12345", ""),
        ("", ""),
    ],
)
def test_it_keeps_a_bsn_only_when_it_passes_the_eleven_test(written: str, bsn: str) -> None:
    assert normalise_bsn(written) == bsn


def test_it_restores_the_lost_leading_zero_of_a_bsn() -> None:
    assert normalise_bsn("12345611") == "012345611"


@pytest.mark.parametrize(
    ("written", "postcode"),
    [("3311 AB", "3311AB"), ("3311ab", "3311AB"), ("3311-AB", "3311AB"), ("0311AB", ""), ("", "")],
)
def test_it_writes_a_postcode_as_four_digits_and_two_letters(written: str, postcode: str) -> None:
    assert normalise_postcode(written) == postcode


@pytest.mark.parametrize(
    ("number", "suffix", "expected"),
    [
        ("12", "", ("12", "")),
        ("12a", "", ("12", "a")),
        ("12", "A", ("12", "a")),
        ("12 - A", "", ("12", "a")),
        ("012", "bis", ("12", "bis")),
        ("12-2", "", ("12", "2")),
        ("", "", ("", "")),
    ],
)
def test_it_splits_house_number_and_suffix(
    number: str, suffix: str, expected: tuple[str, str]
) -> None:
    assert normalise_house_number(number, suffix) == expected


@pytest.mark.parametrize(
    ("written", "street"),
    [
        ("Kerkstr.", "kerkstraat"),
        ("Kerkstr", "kerkstraat"),
        ("Kerkstraat", "kerkstraat"),
        ("Stationsln.", "stationslaan"),
        ("Rijksstraatwg.", "rijksstraatweg"),
        ("Burg. de Withstr.", "burgemeester de withstraat"),
        ("De Burg", "de burg"),
        ("St. Jorisweg", "sint jorisweg"),
        ("Mr. Visserplein", "meester visserplein"),
    ],
)
def test_it_expands_street_abbreviations(written: str, street: str) -> None:
    assert normalise_street(written) == street


@pytest.mark.parametrize(
    ("written", "sex"),
    [("F", "f"), ("v", "f"), ("Vrouw", "f"), ("M", "m"), ("man", "m"), ("X", "x"), ("?", "")],
)
def test_it_normalises_sex(written: str, sex: str) -> None:
    assert normalise_sex(written) == sex


def test_it_writes_a_municipality_code_with_gm_and_four_digits() -> None:
    assert normalise_municipality_code("gm505") == "GM0505"
    assert normalise_municipality_code("505") == "GM0505"
    assert normalise_municipality_code("Dordrecht") == ""


def test_it_normalises_a_whole_record_and_round_trips_through_as_record() -> None:
    record = PersonRecord(
        record_id="x1",
        surname="Berg",
        surname_prefix="v.d.",
        first_names="Jan-Pieter",
        date_of_birth=date(1980, 3, 5),
        sex="M",
        bsn="1112.22.333",
        street="Kerkstr.",
        house_number="12a",
        postcode="3311 ab",
        city="Dordrecht",
        municipality_code="gm0505",
    )
    normalised = normalise(record)
    assert normalised.surname == "van d berg"
    assert normalised.given_names == ("jan", "pieter")
    assert (normalised.bsn, normalised.postcode, normalised.house_number) == (
        "111222333",
        "3311AB",
        "12",
    )
    assert (normalised.house_number_suffix, normalised.street, normalised.sex) == (
        "a",
        "kerkstraat",
        "m",
    )
    assert normalise(normalised.as_record()) == normalised


def test_a_normalised_record_survives_pickling_with_its_derived_fields() -> None:
    # Forked batch workers send normalised records back pickled (linkage.batch).
    import pickle

    person = normalise(
        PersonRecord(
            record_id="r1",
            surname="van der Berg-de Vries",
            first_names="Kees Jan",
            date_of_birth=date(1980, 3, 5),
            sex="M",
            postcode="3311 ab",
            house_number="12",
            house_number_suffix="a",
            city="Dordrecht",
        )
    )
    back = pickle.loads(pickle.dumps(person))

    assert back == person
    assert back is not person
    derived = ("surname_cores", "surname_stems", "first_name_key", "initials", "dob_digits")
    assert [getattr(back, name) for name in derived] == [getattr(person, n) for n in derived]
    part = person.surname_parts[0]
    assert pickle.loads(pickle.dumps(part)) == part
    assert hash(SurnamePart(part.prefix, part.core)) == hash(part)
    assert SurnamePart("van der", "berg") != SurnamePart("van", "berg")
