"""Comparison levels for a pair of normalised persons: a pure module (no Django).

Each field has its own ordered set of levels (:class:`Level` subclasses), from the strongest
agreement to disagreement, plus ``missing`` when either side lacks the value. A level carries a
display :class:`Category` (agree / partly / disagree / missing) so that the professional sees *why*
two records are or are not taken for one person. Every comparison is symmetric:
``compare(a, b) == compare(b, a)``.

The levels mirror a Splink comparison: the later Splink training estimates one m/u pair per level,
and :mod:`ketenzicht.linkage.scoring` turns them into weights.
"""

from __future__ import annotations

from enum import StrEnum

from rapidfuzz.distance import OSA, JaroWinkler

from ketenzicht.linkage.normalise import NormalisedPerson, nickname_groups, prefixes_compatible

#: Jaro-Winkler similarity from which two surname cores count as a typo of each other.
SURNAME_SIMILARITY = 0.92
#: Jaro-Winkler similarity from which two first names count as a typo of each other.
FIRST_NAME_SIMILARITY = 0.9
_VOWELS = frozenset("aeiouy")
#: A call name that is the start of the formal name (``Ron``/``Ronald``) has at least this many
#: letters; two names that share this many more first letters (``Marije``/``Maria``) count too.
SHORT_FORM_LENGTH = 3


class Field(StrEnum):
    """The compared fields, in display order."""

    BSN = "bsn"
    SURNAME = "surname"
    FIRST_NAMES = "first_names"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    ADDRESS = "address"
    MUNICIPALITY = "municipality"


class Category(StrEnum):
    """How a level is shown to the professional."""

    AGREE = "agree"
    PARTLY = "partly"
    DISAGREE = "disagree"
    MISSING = "missing"


class Level(StrEnum):
    """Base of the per-field levels (no members of its own)."""

    @property
    def category(self) -> Category:
        return _CATEGORIES[type(self)][self]


class BsnLevel(Level):
    SAME = "same"
    DIFFERENT = "different"
    MISSING = "missing"


class SurnameLevel(Level):
    EXACT = "exact"  # the same cores, compatible prefixes (order of a double surname ignored)
    CORE = "core"  # the same cores, a prefix differs or is missing on one side
    PART = "part"  # one part of a double surname is the same
    SIMILAR = "similar"  # Jaro-Winkler >= SURNAME_SIMILARITY on some pair of cores
    PHONETIC = "phonetic"  # the same Dutch phonetic key on some pair of cores
    DIFFERENT = "different"
    MISSING = "missing"


class FirstNamesLevel(Level):
    EXACT = "exact"  # the same first given name
    EQUIVALENT = "equivalent"  # nickname of each other, or one's call name is the other's name
    SHORT_FORM = "short_form"  # one is the start of the other, or they share four first letters
    INITIALS = "initials"  # one side only has initials and they fit the other side
    SIMILAR = "similar"  # the same phonetic key, or a typo (see _typo_of)
    DIFFERENT = "different"
    MISSING = "missing"


class DateOfBirthLevel(Level):
    EXACT = "exact"
    SWAPPED = "swapped"  # day and month swapped
    TYPO = "typo"  # one digit differs, two adjacent digits swapped, or one day apart
    YEAR_ONLY = "year_only"  # the same year, one side 1 January (only the year was known)
    YEAR_MONTH = "year_month"  # the same year and month
    DIFFERENT = "different"
    MISSING = "missing"


class SexLevel(Level):
    SAME = "same"
    DIFFERENT = "different"
    MISSING = "missing"


class AddressLevel(Level):
    SAME_ADDRESS = "same_address"  # postcode + house number (or street + number + city)
    SAME_POSTCODE = "same_postcode"  # the same postcode, another or no house number
    SAME_STREET = "same_street"  # the same street and city
    DIFFERENT = "different"
    MISSING = "missing"


class MunicipalityLevel(Level):
    SAME = "same"
    IMPLIED = "implied"  # the same, as follows from the address: no evidence of its own
    DIFFERENT = "different"
    MISSING = "missing"


_A, _P, _D, _M = Category.AGREE, Category.PARTLY, Category.DISAGREE, Category.MISSING
_CATEGORIES: dict[type[Level], dict[str, Category]] = {
    BsnLevel: {"same": _A, "different": _D, "missing": _M},
    SurnameLevel: {
        "exact": _A,
        "core": _P,
        "part": _P,
        "similar": _P,
        "phonetic": _P,
        "different": _D,
        "missing": _M,
    },
    FirstNamesLevel: {
        "exact": _A,
        "equivalent": _P,
        "short_form": _P,
        "initials": _P,
        "similar": _P,
        "different": _D,
        "missing": _M,
    },
    DateOfBirthLevel: {
        "exact": _A,
        "swapped": _P,
        "typo": _P,
        "year_month": _P,
        "year_only": _P,
        "different": _D,
        "missing": _M,
    },
    SexLevel: {"same": _A, "different": _D, "missing": _M},
    AddressLevel: {
        "same_address": _A,
        "same_postcode": _P,
        "same_street": _P,
        "different": _D,
        "missing": _M,
    },
    MunicipalityLevel: {"implied": _A, "same": _A, "different": _D, "missing": _M},
}

#: The level type of each field.
LEVELS: dict[Field, type[Level]] = {
    Field.BSN: BsnLevel,
    Field.SURNAME: SurnameLevel,
    Field.FIRST_NAMES: FirstNamesLevel,
    Field.DATE_OF_BIRTH: DateOfBirthLevel,
    Field.SEX: SexLevel,
    Field.ADDRESS: AddressLevel,
    Field.MUNICIPALITY: MunicipalityLevel,
}

#: The level of every field for one pair, in :class:`Field` order.
Comparison = dict[Field, Level]


def _jaro_winkler(first: str, second: str) -> float:
    """Jaro-Winkler similarity with the arguments in a fixed order, so it is symmetric."""
    low, high = sorted((first, second))
    return float(JaroWinkler.similarity(low, high))


# --- one function per field ---------------------------------------------------------------------


def compare_bsn(a: NormalisedPerson, b: NormalisedPerson) -> BsnLevel:
    if not a.bsn or not b.bsn:
        return BsnLevel.MISSING
    return BsnLevel.SAME if a.bsn == b.bsn else BsnLevel.DIFFERENT


def compare_surname(a: NormalisedPerson, b: NormalisedPerson) -> SurnameLevel:
    if not a.surname_parts or not b.surname_parts:
        return SurnameLevel.MISSING
    if a.surname_cores == b.surname_cores:
        prefixes_a = {part.core: part.prefix for part in a.surname_parts}
        prefixes_b = {part.core: part.prefix for part in b.surname_parts}
        if all(prefixes_compatible(prefixes_a[c], prefixes_b[c]) for c in a.surname_cores):
            return SurnameLevel.EXACT
        return SurnameLevel.CORE
    if a.surname_joined == b.surname_joined:
        # The same letters, spaced differently: "Vanderwolter" / "van der Wolter".
        return SurnameLevel.EXACT
    if a.surname_cores & b.surname_cores:
        return SurnameLevel.PART
    if a.surname_stems == b.surname_stems:
        # A prefix glued on one side and missing on the other: "Dejong" / "Jong".
        return SurnameLevel.CORE
    if a.surname_stems & b.surname_stems or a.surname_glued & b.surname_glued:
        return SurnameLevel.PART
    best = max(
        _jaro_winkler(x, y)
        for x in a.surname_cores | a.surname_glued
        for y in b.surname_cores | b.surname_glued
    )
    if best >= SURNAME_SIMILARITY:
        return SurnameLevel.SIMILAR
    if a.surname_phonetics & b.surname_phonetics:
        return SurnameLevel.PHONETIC
    return SurnameLevel.DIFFERENT


def _names_equivalent(name: str, other: NormalisedPerson) -> bool:
    """Whether ``name`` is one of ``other``'s full given names or a nickname of one."""
    groups = nickname_groups(name)
    for given in other.given_names:
        if len(given) > 1 and (given == name or groups & nickname_groups(given)):
            return True
    return False


def _initials_fit(a: NormalisedPerson, b: NormalisedPerson) -> bool:
    """One side's initials are the start of the other's (``J.`` fits ``J.P.``), also after
    replacing a nickname's initial by the formal name's (``C.`` fits ``Kees``)."""

    def variants(p: NormalisedPerson) -> set[str]:
        return {p.initials, p.first_initial + p.initials[1:]}

    return any(x.startswith(y) or y.startswith(x) for x in variants(a) for y in variants(b))


def _typo_of(first: str, second: str) -> bool:
    """A typing error: Jaro-Winkler >= :data:`FIRST_NAME_SIMILARITY` or one letter wrong,
    missing, extra or two adjacent letters swapped (``ali``/``aki``, ``theo``/``thro``) --
    not when the last letters are different vowels: names that differ in their vowel ending are
    other names (``anna``/``anne``, ``lotte``/``lotta``, ``mario``/``maria``: twins), not
    typos."""
    if first[-1] != second[-1] and {first[-1], second[-1]} <= _VOWELS:
        return False
    return _jaro_winkler(first, second) >= FIRST_NAME_SIMILARITY or (
        min(len(first), len(second)) >= 3 and OSA.distance(first, second) <= 1
    )


def _starts_other(name: str, other: NormalisedPerson) -> bool:
    """``name`` (at least :data:`SHORT_FORM_LENGTH` letters) is the start of one of ``other``'s
    given names, or the other way round: a shortened call name (``fred``/``frederik``)."""
    if len(name) < SHORT_FORM_LENGTH:
        return False
    for given in other.given_names:
        if len(given) >= SHORT_FORM_LENGTH and given != name:
            short, long = sorted((name, given), key=len)
            if long.startswith(short):
                return True
    return False


def _short_form(name: str, other: NormalisedPerson) -> bool:
    """``name`` is the start of one of ``other``'s given names or the other way round
    (``theo``/``theodorus``: a shortened call name), or they share their first
    :data:`SHORT_FORM_LENGTH` + 1 letters (``marije``/``maria``) and differ in more than the
    last letter (``lotte``/``lotta`` are two names)."""
    for given in other.given_names:
        if len(given) < SHORT_FORM_LENGTH or len(name) < SHORT_FORM_LENGTH:
            continue
        short, long = sorted((name, given), key=len)
        if long.startswith(short):
            return True
        shared = SHORT_FORM_LENGTH + 1
        other_ending_only = len(short) == len(long) and short[:-1] == long[:-1]
        if len(short) >= shared and long[:shared] == short[:shared] and not other_ending_only:
            return True
    return False


def _initials_written_as_name(a: NormalisedPerson, b: NormalisedPerson) -> bool:
    """``a``'s only given name is two or three letters that are ``b``'s initials (``AH`` for
    Abdelkader Hamza, ``SAM`` for Sandra Anita Marjolein): initials written without stops."""
    return (
        len(a.given_names) == 1
        and 2 <= len(a.given_names[0]) <= 3
        and len(b.given_names) >= 2
        and a.given_names[0] == b.initials
    )


def compare_first_names(a: NormalisedPerson, b: NormalisedPerson) -> FirstNamesLevel:
    if not a.given_names or not b.given_names:
        return FirstNamesLevel.MISSING
    if a.first_name and b.first_name:
        if a.first_name == b.first_name:
            return FirstNamesLevel.EXACT
        if _names_equivalent(a.first_name, b) or _names_equivalent(b.first_name, a):
            return FirstNamesLevel.EQUIVALENT
        if _initials_written_as_name(a, b) or _initials_written_as_name(b, a):
            return FirstNamesLevel.INITIALS
        if _starts_other(a.first_name, b) or _starts_other(b.first_name, a):
            return FirstNamesLevel.SHORT_FORM
        if a.first_name_phonetic == b.first_name_phonetic or _typo_of(a.first_name, b.first_name):
            return FirstNamesLevel.SIMILAR
        if _short_form(a.first_name, b) or _short_form(b.first_name, a):
            return FirstNamesLevel.SHORT_FORM
        return FirstNamesLevel.DIFFERENT
    # At least one side starts with an initial only ("J. Pieter" vs "Pieter").
    if (a.first_name and _names_equivalent(a.first_name, b)) or (
        b.first_name and _names_equivalent(b.first_name, a)
    ):
        return FirstNamesLevel.EQUIVALENT
    return FirstNamesLevel.INITIALS if _initials_fit(a, b) else FirstNamesLevel.DIFFERENT


def _one_digit_apart(x: str, y: str) -> bool:
    """One digit of two ``YYYYMMDD`` strings differs, or two adjacent digits are swapped."""
    differ = [i for i in range(8) if x[i] != y[i]]
    if len(differ) == 1:
        return True
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and x[differ[0]] == y[differ[1]]
        and x[differ[1]] == y[differ[0]]
    )


def compare_date_of_birth(a: NormalisedPerson, b: NormalisedPerson) -> DateOfBirthLevel:
    x, y = a.date_of_birth, b.date_of_birth
    if x is None or y is None:
        return DateOfBirthLevel.MISSING
    if x == y:
        return DateOfBirthLevel.EXACT
    if x.year == y.year and x.month == y.day and x.day == y.month:
        return DateOfBirthLevel.SWAPPED
    if abs((x - y).days) == 1 or _one_digit_apart(a.dob_digits, b.dob_digits):
        return DateOfBirthLevel.TYPO
    if (x.year, x.month) == (y.year, y.month):
        return DateOfBirthLevel.YEAR_MONTH
    if x.year == y.year and (1, 1) in ((x.month, x.day), (y.month, y.day)):
        return DateOfBirthLevel.YEAR_ONLY
    return DateOfBirthLevel.DIFFERENT


def compare_sex(a: NormalisedPerson, b: NormalisedPerson) -> SexLevel:
    """Only ``f`` and ``m`` are compared; ``x`` or unknown on either side is ``missing``."""
    if a.sex not in ("f", "m") or b.sex not in ("f", "m"):
        return SexLevel.MISSING
    return SexLevel.SAME if a.sex == b.sex else SexLevel.DIFFERENT


def same_address(a: NormalisedPerson, b: NormalisedPerson) -> bool:
    """The same dwelling: postcode and house number equal (suffixes equal or one missing), or,
    when a postcode is missing, street, house number and city equal."""
    if not a.house_number or a.house_number != b.house_number:
        return False
    suffixes = {a.house_number_suffix, b.house_number_suffix} - {""}
    if len(suffixes) > 1:
        return False
    if a.postcode and b.postcode:
        return a.postcode == b.postcode
    return bool(a.street and a.city) and (a.street, a.city) == (b.street, b.city)


def compare_address(a: NormalisedPerson, b: NormalisedPerson) -> AddressLevel:
    if same_address(a, b):
        return AddressLevel.SAME_ADDRESS
    both_postcode = bool(a.postcode and b.postcode)
    both_street = bool(a.street and a.city and b.street and b.city)
    if not both_postcode and not both_street:
        return AddressLevel.MISSING
    if both_postcode and a.postcode == b.postcode:
        return AddressLevel.SAME_POSTCODE
    if both_street and (a.street, a.city) == (b.street, b.city):
        return AddressLevel.SAME_STREET
    return AddressLevel.DIFFERENT


def compare_municipality(a: NormalisedPerson, b: NormalisedPerson) -> MunicipalityLevel:
    """By CBS code when both have one, else by city name."""
    if a.municipality_code and b.municipality_code:
        same = a.municipality_code == b.municipality_code
    elif a.city and b.city:
        same = a.city == b.city
    else:
        return MunicipalityLevel.MISSING
    return MunicipalityLevel.SAME if same else MunicipalityLevel.DIFFERENT


_PLACES_IN_ONE_MUNICIPALITY = frozenset(
    {AddressLevel.SAME_ADDRESS, AddressLevel.SAME_POSTCODE, AddressLevel.SAME_STREET}
)


def compare_cheap(a: NormalisedPerson, b: NormalisedPerson) -> Comparison:
    """The levels of the fields that are cheap to compare (all but surname and first names).

    The batch uses them to bound a pair's score before it pays for the name comparisons;
    :func:`compare` is this plus :func:`compare_names`. The same address implies the same
    municipality, so then the municipality is ``implied`` and adds no evidence of its own
    (counting both would count the address twice)."""
    address = compare_address(a, b)
    municipality = compare_municipality(a, b)
    if address in _PLACES_IN_ONE_MUNICIPALITY and municipality == MunicipalityLevel.SAME:
        municipality = MunicipalityLevel.IMPLIED
    return {
        Field.BSN: compare_bsn(a, b),
        Field.DATE_OF_BIRTH: compare_date_of_birth(a, b),
        Field.SEX: compare_sex(a, b),
        Field.ADDRESS: address,
        Field.MUNICIPALITY: municipality,
    }


def compare_names(a: NormalisedPerson, b: NormalisedPerson, cheap: Comparison) -> Comparison:
    """``cheap`` (from :func:`compare_cheap`, perhaps with the surname already compared)
    completed with surname and first names, in :class:`Field` order."""
    return {
        Field.BSN: cheap[Field.BSN],
        Field.SURNAME: cheap.get(Field.SURNAME) or compare_surname(a, b),
        Field.FIRST_NAMES: compare_first_names(a, b),
        Field.DATE_OF_BIRTH: cheap[Field.DATE_OF_BIRTH],
        Field.SEX: cheap[Field.SEX],
        Field.ADDRESS: cheap[Field.ADDRESS],
        Field.MUNICIPALITY: cheap[Field.MUNICIPALITY],
    }


def compare(a: NormalisedPerson, b: NormalisedPerson) -> Comparison:
    """The level of every field for the pair ``a``, ``b`` (see :func:`compare_cheap` for the
    municipality implied by the address)."""
    return compare_names(a, b, compare_cheap(a, b))
