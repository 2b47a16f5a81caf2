"""A small labelled fixture of hard Dutch linkage cases: pairs of records, same person or not.

Same-person pairs carry the corruptions intake data has (prefixes, double surnames, initials,
nicknames, swapped day/month, typos, moves, a missing BSN); different-person pairs are the
co-residents and namesakes a linkage must never merge (father and son, twins, spouses, common
names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ketenzicht.linkage.records import PersonRecord

DORDRECHT = {
    "street": "Kerkstraat",
    "house_number": "12",
    "postcode": "3311AB",
    "city": "Dordrecht",
    "municipality_code": "GM0505",
}
DORDRECHT_OTHER = {
    "street": "Singel",
    "house_number": "80",
    "postcode": "3312CD",
    "city": "Dordrecht",
    "municipality_code": "GM0505",
}
ZWIJNDRECHT = {
    "street": "Stationsweg",
    "house_number": "3",
    "postcode": "3331LR",
    "city": "Zwijndrecht",
    "municipality_code": "GM0642",
}
AMSTERDAM = {
    "street": "Damrak",
    "house_number": "70",
    "house_number_suffix": "2",
    "postcode": "1012LM",
    "city": "Amsterdam",
    "municipality_code": "GM0363",
}


def r(surname: str, first_names: str, born: date | None, sex: str, **other: str) -> PersonRecord:
    return PersonRecord(
        record_id=f"{first_names} {surname}",
        surname=surname,
        first_names=first_names,
        date_of_birth=born,
        sex=sex,
        **other,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Case:
    name: str
    a: PersonRecord
    b: PersonRecord
    same_person: bool


SAME_PERSON = [
    Case(
        "v.d. Berg and van den Berg",
        r("v.d. Berg", "Jan", date(1980, 3, 5), "M", **DORDRECHT),
        r("van den Berg", "Jan", date(1980, 3, 5), "M", **DORDRECHT),
        True,
    ),
    Case(
        "prefix in its own field and inside the surname, moved in town",
        r("Berg", "Anouk", date(1991, 7, 21), "F", surname_prefix="van der", **DORDRECHT),
        r("Van Der Berg", "Anouk", date(1991, 7, 21), "F", **DORDRECHT_OTHER),
        True,
    ),
    Case(
        "Berg, van den and v/d Berg, moved",
        r("Berg, van den", "Pieter", date(1975, 10, 30), "M", **DORDRECHT),
        r("v/d Berg", "Pieter", date(1975, 10, 30), "M", **ZWIJNDRECHT),
        True,
    ),
    Case(
        "double surname in both orders, moved",
        r("Jansen-de Vries", "Maria", date(1968, 12, 1), "F", **DORDRECHT),
        r("de Vries-Jansen", "Maria", date(1968, 12, 1), "F", **AMSTERDAM),
        True,
    ),
    Case(
        "married name and own name at the same address",
        r("Jansen-de Vries", "Maria", date(1968, 12, 1), "F", **DORDRECHT),
        r("de Vries", "Maria", date(1968, 12, 1), "F", **DORDRECHT),
        True,
    ),
    Case(
        "married name and own name, moved, call name",
        r("Bakker-van Dijk", "Wilhelmina", date(1950, 4, 17), "V", **DORDRECHT),
        r("van Dijk", "Mien", date(1950, 4, 17), "F", **ZWIJNDRECHT),
        True,
    ),
    Case(
        "initials and full names, same address",
        r("de Jong", "J.P.", date(1982, 6, 14), "M", **DORDRECHT),
        r("de Jong", "Jan Pieter", date(1982, 6, 14), "M", **DORDRECHT),
        True,
    ),
    Case(
        "initials and full names, swapped day and month, moved",
        r("de Jong", "J.P.", date(1982, 6, 4), "M", **DORDRECHT),
        r("de Jong", "Jan Pieter", date(1982, 4, 6), "M", **ZWIJNDRECHT),
        True,
    ),
    Case(
        "nickname Kees for Cornelis, moved",
        r("Bakker", "Cornelis", date(1961, 2, 9), "M", **DORDRECHT),
        r("Bakker", "Kees", date(1961, 2, 9), "M", **AMSTERDAM),
        True,
    ),
    Case(
        "nickname Hans and the initial J., same address",
        r("Mulder", "Hans", date(1977, 8, 25), "M", **DORDRECHT),
        r("Mulder", "J.", date(1977, 8, 25), "", **DORDRECHT),
        True,
    ),
    Case(
        "call name is the second given name, moved",
        r("Visser", "Johannes Pieter", date(1990, 1, 19), "M", **DORDRECHT),
        r("Visser", "Pieter", date(1990, 1, 19), "M", **DORDRECHT_OTHER),
        True,
    ),
    Case(
        "swapped day and month, same address",
        r("el Amrani", "Fatima", date(1990, 4, 7), "F", **DORDRECHT),
        r("El Amrani", "Fatima", date(1990, 7, 4), "F", **DORDRECHT),
        True,
    ),
    Case(
        "typo in the surname, moved",
        r("Janssen", "Sanne", date(1995, 11, 2), "F", **DORDRECHT),
        r("Jansen", "Sanne", date(1995, 11, 2), "F", **ZWIJNDRECHT),
        True,
    ),
    Case(
        "typo in the surname and the first name, same address",
        r("Visser", "Mohammed", date(1988, 5, 30), "M", **DORDRECHT),
        r("Vissser", "Mohamed", date(1988, 5, 30), "M", **DORDRECHT),
        True,
    ),
    Case(
        "one digit of the date of birth mistyped, moved",
        r("Smit", "Lotte", date(1985, 11, 23), "F", **DORDRECHT),
        r("Smit", "Lotte", date(1985, 11, 28), "F", **AMSTERDAM),
        True,
    ),
    Case(
        "Meijer and Meyer, Willem and Wim",
        r("Meijer", "Willem", date(1958, 9, 12), "M", **DORDRECHT),
        r("Meyer", "Wim", date(1958, 9, 12), "M", **DORDRECHT_OTHER),
        True,
    ),
    Case(
        "diacritics written and left out",
        r("Özdemir", "Chloë", date(2001, 3, 15), "F", **DORDRECHT),
        r("Ozdemir", "Chloe", date(2001, 3, 15), "F", **DORDRECHT),
        True,
    ),
    Case(
        "the same BSN after a change of surname and a move",
        r("Bakker", "Eva", date(1979, 6, 6), "F", bsn="111222333", **DORDRECHT),
        r("de Groot", "Eva", date(1979, 6, 6), "F", bsn="111222333", **AMSTERDAM),
        True,
    ),
    Case(
        "date of birth unknown in one report, same address",
        r("Smit", "Anouk", date(1999, 2, 14), "F", **DORDRECHT),
        r("Smit", "Anouk", None, "", **DORDRECHT),
        True,
    ),
    Case(
        "van 't Hof and van het Hof, moved to another municipality",
        r("van 't Hof", "Sophie", date(2010, 8, 8), "F", **DORDRECHT),
        r("van het Hof", "Sophie", date(2010, 8, 8), "F", **ZWIJNDRECHT),
        True,
    ),
]

DIFFERENT_PERSONS = [
    Case(
        "father and son with the same name at one address",
        r("de Vries", "Jan", date(1955, 6, 12), "M", **DORDRECHT),
        r("de Vries", "Jan", date(1985, 2, 20), "M", **DORDRECHT),
        False,
    ),
    Case(
        "father and son with the same name, the son moved out",
        r("de Vries", "Jan", date(1955, 6, 12), "M", **DORDRECHT),
        r("de Vries", "Jan", date(1985, 2, 20), "M", **ZWIJNDRECHT),
        False,
    ),
    Case(
        "father and son, initials only, at one address",
        r("de Vries", "J.", date(1955, 6, 12), "M", **DORDRECHT),
        r("de Vries", "J.", date(1985, 2, 20), "M", **DORDRECHT),
        False,
    ),
    Case(
        "twin brothers at one address",
        r("Bakker", "Daan", date(2012, 5, 1), "M", **DORDRECHT),
        r("Bakker", "Thijs", date(2012, 5, 1), "M", **DORDRECHT),
        False,
    ),
    Case(
        "twin sisters, one moved out",
        r("Bakker", "Anna", date(1998, 9, 9), "F", **DORDRECHT),
        r("Bakker", "Anne", date(1998, 9, 9), "F", **DORDRECHT_OTHER),
        False,
    ),
    Case(
        "twin brother and sister at one address",
        r("Yilmaz", "Emre", date(2015, 1, 3), "M", **DORDRECHT),
        r("Yilmaz", "Elif", date(2015, 1, 3), "F", **DORDRECHT),
        False,
    ),
    Case(
        "spouses, her double surname",
        r("Jansen", "Jan", date(1966, 3, 3), "M", **DORDRECHT),
        r("Jansen-de Vries", "Maria", date(1968, 12, 1), "F", **DORDRECHT),
        False,
    ),
    Case(
        "spouses with one surname and one initial",
        r("Bakker", "J.", date(1950, 4, 4), "M", **DORDRECHT),
        r("Bakker", "J.", date(1952, 8, 19), "F", **DORDRECHT),
        False,
    ),
    Case(
        "mother and daughter with the same name at one address",
        r("de Boer", "Maria", date(1960, 7, 7), "F", **DORDRECHT),
        r("de Boer", "Maria", date(1992, 10, 15), "F", **DORDRECHT),
        False,
    ),
    Case(
        "brothers with the same initial at one address",
        r("de Jong", "Jan", date(1980, 1, 1), "M", **DORDRECHT),
        r("de Jong", "Jeroen", date(1983, 4, 20), "M", **DORDRECHT),
        False,
    ),
    Case(
        "two men called Jan de Vries, different dates of birth",
        r("de Vries", "Jan", date(1971, 2, 2), "M", **DORDRECHT),
        r("de Vries", "Jan", date(1969, 11, 30), "M", **AMSTERDAM),
        False,
    ),
    Case(
        "two women called Maria Jansen in one town",
        r("Jansen", "Maria", date(1980, 5, 5), "F", **DORDRECHT),
        r("Jansen", "Maria", date(1990, 9, 17), "F", **DORDRECHT_OTHER),
        False,
    ),
    Case(
        "namesakes born on one day with different BSNs",
        r("de Vries", "Jan", date(1980, 3, 5), "M", bsn="111222333", **DORDRECHT),
        r("de Vries", "Jan", date(1980, 3, 5), "M", bsn="123456782", **AMSTERDAM),
        False,
    ),
    Case(
        "grandfather and grandson with one name in one town",
        r("van den Berg", "Pieter", date(1940, 12, 24), "M", **DORDRECHT),
        r("v.d. Berg", "Pieter", date(2005, 3, 14), "M", **DORDRECHT_OTHER),
        False,
    ),
    Case(
        "neighbours with one surname in one street",
        r("Smit", "Pieter", date(1970, 6, 1), "M", **DORDRECHT),
        r("Smit", "Paul", date(1972, 6, 1), "M", **{**DORDRECHT, "house_number": "14"}),
        False,
    ),
]

ALL_CASES = SAME_PERSON + DIFFERENT_PERSONS
