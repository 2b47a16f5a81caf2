"""Blocking keys: which stored persons are worth comparing with a new one. A pure module.

Comparing a new person with every stored person is too slow while a professional types, so each
person gets a handful of short keys (stored in an indexed table later); only persons that share
at least one key are compared and scored. The keys are chosen so that a true match shares at
least one key even when the records differ in the ways intake data differs:

=============================================  ==================================================
key                                            still shared when ...
=============================================  ==================================================
``b:<bsn>``                                    everything but the BSN differs (moved, renamed)
``ds:<dob*>|<surname>`` per surname part       BSN missing, moved, first name as nickname or
                                               initials, prefix written differently, double
                                               surname in another order or half of it
``df:<dob*>|<initial>``                        the surname changed or has a typo
``yn:<year>|<surname>|<initial>``              day or month of birth mistyped
``dm:<day-month*>|<surname>``                  the year of birth mistyped
``ad:<postcode><number>``                      date of birth missing or wrong (and household
                                               members: it finds co-residents)
``sn:<surname>|<first name>``                  date of birth missing, and moved
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
characters. A common name gives a key shared by many persons (``sn:jong|johannes``); the online
lookup ranks candidates by the number of keys they share and the batch skips oversized blocks,
so such keys cost little.
"""

from __future__ import annotations

from datetime import date

from ketenzicht.linkage.normalise import NormalisedPerson, SurnamePart, dutch_phonetic, glued_stem

MAX_KEYS = 8
#: Phonetic keys in blocking keys are cut to this length to keep keys short.
PHONETIC_LENGTH = 12


def _dob_key(value: date) -> str:
    """Year, then day and month in ascending order: robust to a day/month swap."""
    low, high = sorted((value.day, value.month))
    return f"{value.year:04d}{low:02d}{high:02d}"


def _surname_keys(p: NormalisedPerson) -> list[str]:
    """Phonetic keys of the stems of the first and last surname part (one for a single
    surname), sorted."""
    if not p.surname_parts:
        return []
    stems = {_stem(p.surname_parts[0]), _stem(p.surname_parts[-1])}
    keys = {dutch_phonetic(stem)[:PHONETIC_LENGTH] for stem in stems}
    return sorted(k for k in keys if k)


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
        if one_surname:
            low, high = sorted((born.day, born.month))
            keys.add(f"dm:{low:02d}{high:02d}|{one_surname}")
            if initial:
                keys.add(f"yn:{born.year:04d}|{one_surname}|{initial}")
    if p.postcode and p.house_number:
        keys.add(f"ad:{p.postcode}{p.house_number}")
    name = name_key(p)
    if name:
        keys.add(name)
    return frozenset(keys)


def name_key(p: NormalisedPerson) -> str:
    """The ``sn:`` key (surname stem and first-name key), or ``""``. Two records that share it
    agree on the name; how many stored records have it tells how common the name is (the
    name-frequency evidence of :mod:`~ketenzicht.linkage.scoring`)."""
    one_surname = _canonical_surname_key(p)
    if not one_surname or not p.first_name_key:
        return ""
    return f"sn:{one_surname}|{p.first_name_key[:PHONETIC_LENGTH]}"


def _canonical_surname_key(p: NormalisedPerson) -> str:
    """The phonetic key of the alphabetically first surname stem: one key per person that does
    not depend on the order of a double surname."""
    stems = sorted(dutch_phonetic(_stem(part))[:PHONETIC_LENGTH] for part in p.surname_parts)
    stems = [s for s in stems if s]
    return stems[0] if stems else ""
