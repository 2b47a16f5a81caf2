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
``yn:<year>|<surname>|<initial>`` per part     day or month of birth mistyped
``ad:<postcode><number>``                      date of birth missing or wrong (and household
                                               members: it finds co-residents)
``nm:<surname>|<first name>|<municipality>``   date of birth missing, and moved within the
                                               municipality
=============================================  ==================================================

``<dob*>`` is the year followed by day and month *in ascending order*, so ``1980-03-05`` and the
swapped ``1980-05-03`` give the same key (when day or month exceeds 12 there is only one
order anyway). ``<surname>`` is the Dutch phonetic key of a surname core (prefix left out), so
``Jansen``/``Janssen`` and ``v.d. Berg``/``van den Berg`` agree; a double surname contributes its
first and last part. ``<initial>`` is the canonical first initial (``Kees`` → ``c``, like
``C.``), ``<first name>`` the nickname-group key (``Kees``/``Cornelis`` → ``cornelis``).

At most :data:`MAX_KEYS` keys per person (1 + 2 + 1 + 2 + 1 + 1), each at most ~40 characters.
"""

from __future__ import annotations

from datetime import date

from ketenzicht.linkage.normalise import NormalisedPerson, dutch_phonetic

MAX_KEYS = 8
#: Phonetic keys in blocking keys are cut to this length to keep keys short.
PHONETIC_LENGTH = 12


def _dob_key(value: date) -> str:
    """Year, then day and month in ascending order: robust to a day/month swap."""
    low, high = sorted((value.day, value.month))
    return f"{value.year:04d}{low:02d}{high:02d}"


def _surname_keys(p: NormalisedPerson) -> list[str]:
    """Phonetic keys of the first and last surname part (one for a single surname)."""
    if not p.surname_parts:
        return []
    cores = {p.surname_parts[0].core, p.surname_parts[-1].core}
    keys = {dutch_phonetic(core)[:PHONETIC_LENGTH] for core in cores}
    return sorted(k for k in keys if k)


def blocking_keys(p: NormalisedPerson) -> frozenset[str]:
    """The blocking keys of ``p`` (see the module docstring); at most :data:`MAX_KEYS`."""
    keys: set[str] = set()
    surnames = _surname_keys(p)
    initial = p.first_initial
    if p.bsn:
        keys.add(f"b:{p.bsn}")
    if p.date_of_birth is not None:
        dob = _dob_key(p.date_of_birth)
        keys.update(f"ds:{dob}|{s}" for s in surnames)
        if initial:
            keys.add(f"df:{dob}|{initial}")
            keys.update(f"yn:{p.date_of_birth.year:04d}|{s}|{initial}" for s in surnames)
    if p.postcode and p.house_number:
        keys.add(f"ad:{p.postcode}{p.house_number}")
    if surnames and p.first_name_key and p.municipality_code:
        keys.add(f"nm:{surnames[0]}|{p.first_name_key[:PHONETIC_LENGTH]}|{p.municipality_code}")
    return frozenset(keys)
