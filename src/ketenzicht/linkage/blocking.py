"""Blocking keys: which stored persons are worth comparing with a new one. A pure module.

Comparing a new person with every stored person is too slow while a professional types, so each
person gets a handful of short keys (stored in an indexed table later); only persons that share
at least one key are compared and scored. The keys are chosen so that a true match shares at
least one key even when the records differ in the ways intake data differs:

=============================================  ==================================================
key                                            still shared when ...
=============================================  ==================================================
``b:<bsn>`` (a stored person: the BSN's blind   everything but the BSN differs (moved, renamed)
index, never the plaintext)
``ds:<dob*>|<surname>`` per surname part       BSN missing, moved, first name as nickname or
                                               initials, prefix written differently, double
                                               surname in another order or half of it
``df:<dob*>|<initial>``                        the surname changed or has a typo
``yn:<year>|<surname>|<initial>``              day or month of birth mistyped
``dm:<day-month*>|<surname>|<initial>``        the year of birth mistyped
``ad:<postcode><number>``                      date of birth missing or wrong (and household
                                               members: it finds co-residents)
``sn:<surname>|<first name>`` (no date of       date of birth missing, and moved
birth) / ``sd:...`` (with one)
=============================================  ==================================================

``<dob*>`` is the year followed by day and month *in ascending order*, so ``1980-03-05`` and the
swapped ``1980-05-03`` give the same key (when day or month exceeds 12 there is only one
order anyway); ``<day-month*>`` is day and month in ascending order. ``<surname>`` is the Dutch
phonetic key of a surname *stem* (the core without its prefix, and without a prefix glued to it:
``Dejong`` and ``de Jong`` both give ``jong``), so ``Jansen``/``Janssen`` and
``v.d. Berg``/``van den Berg``/``Vandenberg`` agree; in ``ds`` a double surname contributes its
first and last part, in ``yn``, ``dm`` and ``sn`` only the alphabetically first stem (the same
whatever the order the parts are written in). ``<initial>`` is the canonical first initial
(``Kees`` → ``c``, like ``C.``), ``<first name>`` the nickname-group key
(``Kees``/``Cornelis`` → ``cornelis``).

At most :data:`MAX_KEYS` keys per person (1 + 2 + 1 + 1 + 1 + 1 + 1), each at most ~40
characters.

**The name key is asymmetric.** Two records that both give a date of birth already share a key
with it when they are one person, so the name alone is only worth a comparison when at least one
of the two has no date of birth. A record *without* a date of birth stores ``sn:<name>``, a
record *with* one stores ``sd:<name>``; :func:`lookup_keys` (what the online lookup asks for)
looks for ``sn:`` only when the new record has a date of birth and for both when it has none,
and the batch pairs ``sn:`` records with each other and with the ``sd:`` records of the same
name, never ``sd:`` with ``sd:``. So ``sd:jong|johannes``, shared by thousands in a big store,
never forms a block of its own, and :func:`name_count_keys` gives the two keys whose sizes
together tell how common a name is.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ketenzicht.linkage.normalise import (
    TWO_DIGITS,
    NormalisedPerson,
    SurnamePart,
    dutch_phonetic,
    glued_stem,
)

MAX_KEYS = 8
#: Phonetic keys in blocking keys are cut to this length to keep keys short.
PHONETIC_LENGTH = 12


def _year(value: date) -> str:
    year = value.year
    return str(year) if year >= 1000 else f"{year:04d}"


def _day_month(value: date) -> str:
    """Day and month in ascending order, two digits each."""
    day, month = value.day, value.month
    if day < month:
        return TWO_DIGITS[day] + TWO_DIGITS[month]
    return TWO_DIGITS[month] + TWO_DIGITS[day]


def _dob_key(value: date) -> str:
    """Year, then day and month in ascending order: robust to a day/month swap."""
    return _year(value) + _day_month(value)


def _surname_keys(p: NormalisedPerson) -> tuple[str, ...]:
    """Phonetic keys of the stems of the first and last surname part (one for a single
    surname), sorted."""
    return _surname_keys_of(p.surname_parts)


@lru_cache(maxsize=262_144)
def _surname_keys_of(parts: tuple[SurnamePart, ...]) -> tuple[str, ...]:
    if not parts:
        return ()
    stems = {_stem(parts[0]), _stem(parts[-1])}
    keys = {dutch_phonetic(stem)[:PHONETIC_LENGTH] for stem in stems}
    return tuple(sorted(k for k in keys if k))


def _stem(part: SurnamePart) -> str:
    return (not part.prefix and glued_stem(part.core)) or part.core


def blocking_keys(p: NormalisedPerson) -> frozenset[str]:
    """The blocking keys of ``p`` (see the module docstring); at most :data:`MAX_KEYS`."""
    keys: set[str] = set()
    surnames = _surname_keys(p)
    one_surname = _canonical_surname_key(p)
    initial = p.first_initial
    if p.bsn:
        keys.add(f"b:{p.bsn}")
    if p.date_of_birth is not None:
        born = p.date_of_birth
        dob = _dob_key(born)
        keys.update(f"ds:{dob}|{s}" for s in surnames)
        if initial:
            keys.add(f"df:{dob}|{initial}")
        if one_surname and initial:
            keys.add(f"{DAY_MONTH}{_day_month(born)}|{one_surname}|{initial}")
            keys.add(f"{YEAR}{_year(born)}|{one_surname}|{initial}")
    if p.postcode and p.house_number:
        keys.add(f"{ADDRESS}{p.postcode}{p.house_number}")
    name = name_key(p)
    if name:
        keys.add(name)
    return frozenset(keys)


def _name(p: NormalisedPerson) -> str:
    """``<surname stem>|<first-name key>``, or ``""`` without a surname or full first name."""
    one_surname = _canonical_surname_key(p)
    if not one_surname or not p.first_name_key:
        return ""
    return f"{one_surname}|{p.first_name_key[:PHONETIC_LENGTH]}"


def name_key(p: NormalisedPerson) -> str:
    """The stored name key of ``p``: ``sn:<name>`` without a date of birth, ``sd:<name>`` with
    one, ``""`` without a name (see "the name key is asymmetric" above)."""
    name = _name(p)
    if not name:
        return ""
    return f"{UNDATED}{name}" if p.date_of_birth is None else f"{DATED}{name}"


def name_count_keys(p: NormalisedPerson) -> tuple[str, str] | None:
    """The two keys under which the records with ``p``'s name are stored (``sn:`` and ``sd:``),
    or ``None``: their sizes together say how common the name is."""
    name = _name(p)
    return (f"{UNDATED}{name}", f"{DATED}{name}") if name else None


def shared_name(a: NormalisedPerson, b: NormalisedPerson) -> str:
    """The name (``<surname stem>|<first-name key>``) ``a`` and ``b`` share, or ``""``."""
    name = _name(a)
    return name if name and name == _name(b) else ""


def lookup_keys(p: NormalisedPerson) -> frozenset[str]:
    """The keys to look up for a new record ``p``: its stored keys, with the name key asked as
    ``sn:`` only (undated namesakes) when ``p`` has a date of birth, as both when it has none."""
    keys = set(blocking_keys(p))
    stored = name_key(p)
    if stored:
        keys.discard(stored)
        undated, dated = f"{UNDATED}{_name(p)}", f"{DATED}{_name(p)}"
        keys.add(undated)
        if p.date_of_birth is None:
            keys.add(dated)
    return frozenset(keys)


#: Prefixes of the keys that pin the date of birth only in part or not at all (the batch leaves
#: out pairs that share only these when their dates are no typo of each other): the address,
#: the year with the surname, the day and month with the surname.
ADDRESS = "ad:"
YEAR = "yn:"
DAY_MONTH = "dm:"
#: Prefix of the name key of a record without a date of birth, and of one with a date of birth.
UNDATED = "sn:"
DATED = "sd:"


def _canonical_surname_key(p: NormalisedPerson) -> str:
    """The phonetic key of the alphabetically first surname stem: one key per person that does
    not depend on the order of a double surname."""
    return _canonical_surname_key_of(p.surname_parts)


@lru_cache(maxsize=262_144)
def _canonical_surname_key_of(parts: tuple[SurnamePart, ...]) -> str:
    stems = sorted(dutch_phonetic(_stem(part))[:PHONETIC_LENGTH] for part in parts)
    stems = [s for s in stems if s]
    return stems[0] if stems else ""
