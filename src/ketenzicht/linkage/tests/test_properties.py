"""Properties that hold for any record: idempotent normalisation, symmetric comparison and
scoring, few keys."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenzicht.linkage.blocking import MAX_KEYS, blocking_keys, lookup_keys
from ketenzicht.linkage.compare import Category, Field, compare, compare_cheap, compare_names
from ketenzicht.linkage.normalise import NormalisedPerson, normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    ScoringContext,
    score,
    score_pair,
    tightened_bound,
    upper_bound,
)

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ODD = "éëïöüçÖßøØłŁæœĳ\u2019'`-.,/ "
PREFIXES = [
    "",
    "van",
    "v.",
    "v.d.",
    "vd",
    "v/d",
    "van der",
    "Van Den",
    "de",
    "d'",
    "'t",
    "van 't",
    "in 't",
    "ter",
    "ten",
    "te",
    "op de",
    "uit den",
    "De La",
    "'s-",
]
CORES = [
    "Berg",
    "Vries",
    "Jansen",
    "Janssen",
    "Meijer",
    "Meyer",
    "Smit",
    "Bij",
    "Hof",
    "Ancona",
    "Özdemir",
    "Van",
    "el Amrani",
    "Gravesande",
]
FIRST = [
    "Jan",
    "J.",
    "J.P.",
    "Jan Pieter",
    "Kees",
    "Cornelis",
    "C.",
    "Hans",
    "Johannes",
    "Anna",
    "Anne",
    "Th. Jan",
    "JP",
    "Anne-Marie",
    "Wim",
    "Willem",
    "Pieter",
    "Chloë",
    "",
]

free_text = st.text(alphabet=LETTERS + ODD, max_size=25)
one_surname = st.builds(
    lambda p, c: f"{p} {c}".strip(), st.sampled_from(PREFIXES), st.sampled_from(CORES)
)
surnames = st.one_of(
    free_text,
    one_surname,
    st.builds(
        lambda a, sep, b: f"{a}{sep}{b}",
        one_surname,
        st.sampled_from(["-", " ", " - ", ", "]),
        one_surname,
    ),
)
first_names = st.one_of(
    free_text, st.sampled_from(FIRST), st.lists(st.sampled_from(FIRST), max_size=3).map(" ".join)
)
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
small_dates = st.one_of(
    st.none(),
    st.sampled_from(
        [date(1980, 3, 5), date(1980, 5, 3), date(1980, 3, 8), date(1980, 3, 27), date(1955, 6, 12)]
    ),
)

records = st.builds(
    PersonRecord,
    record_id=st.text(max_size=5),
    surname=surnames,
    first_names=first_names,
    surname_prefix=st.sampled_from(PREFIXES) | free_text,
    date_of_birth=st.one_of(dates, small_dates),
    sex=st.sampled_from(["F", "M", "X", "", "v", "man", "?"]),
    bsn=st.sampled_from(["111222333", "123456782", "12345611", "111222334", ""])
    | st.text("0123456789 .", max_size=11),
    street=st.sampled_from(["Kerkstr.", "Kerkstraat", "Burg. de Withstr.", "De Burg", ""])
    | free_text,
    house_number=st.sampled_from(["12", "12a", "012", "12 - A", "14", ""])
    | st.text("0123456789aAbB -", max_size=6),
    house_number_suffix=st.sampled_from(["", "A", "b", "bis", "2"]),
    postcode=st.sampled_from(["3311AB", "3311 ab", "1011AA", "0311AB", ""]) | free_text,
    city=st.sampled_from(["Dordrecht", "DORDRECHT", "'s-Hertogenbosch", ""]) | free_text,
    municipality_code=st.sampled_from(["GM0505", "gm505", "505", "GM0363", "", "x"]),
)
persons = records.map(normalise)


@settings(max_examples=400, deadline=None)
@given(records)
def test_normalising_twice_changes_nothing(record: PersonRecord) -> None:
    once = normalise(record)
    assert normalise(once.as_record()) == once


@settings(max_examples=400, deadline=None)
@given(persons, persons)
def test_comparison_is_symmetric(a: NormalisedPerson, b: NormalisedPerson) -> None:
    assert compare(a, b) == compare(b, a)


@settings(max_examples=300, deadline=None)
@given(persons, persons)
def test_scoring_is_symmetric_and_a_probability(a: NormalisedPerson, b: NormalisedPerson) -> None:
    result = score_pair(a, b)
    assert result == score_pair(b, a)
    assert 0.0 <= result.probability <= 1.0


@settings(max_examples=300, deadline=None)
@given(persons)
def test_a_record_never_disagrees_with_itself(p: NormalisedPerson) -> None:
    comparison = compare(p, p)
    assert all(level.category is not Category.DISAGREE for level in comparison.values())
    assert not score(comparison).co_resident


@settings(max_examples=300, deadline=None)
@given(persons)
def test_a_person_has_at_most_eight_short_keys(p: NormalisedPerson) -> None:
    keys = blocking_keys(p)
    assert len(keys) <= MAX_KEYS
    assert all(len(key) <= 48 for key in keys)


@settings(max_examples=400, deadline=None)
@given(persons, persons, st.integers(2, 5_000_000), st.one_of(st.none(), st.integers(1, 5000)))
def test_the_bound_from_the_cheap_fields_is_never_below_the_score(
    a: NormalisedPerson, b: NormalisedPerson, size: int, name_count: int | None
) -> None:
    """The batch skips a pair whose bound is below its minimum: that must never lose a pair."""
    context = ScoringContext(size, name_count)
    cheap = compare_cheap(a, b)
    assert compare_names(a, b, cheap) == compare(a, b)
    full = score(compare(a, b), context=context).match_weight
    assert full <= upper_bound(cheap, DEFAULT_WEIGHTS, context)
    with_surname = {**cheap, Field.SURNAME: compare(a, b)[Field.SURNAME]}
    assert full <= upper_bound(with_surname, DEFAULT_WEIGHTS, context)
    tightened = tightened_bound(
        upper_bound(cheap, DEFAULT_WEIGHTS, context),
        Field.SURNAME,
        with_surname[Field.SURNAME],
        DEFAULT_WEIGHTS,
    )
    assert tightened == pytest.approx(upper_bound(with_surname, DEFAULT_WEIGHTS, context), abs=1e-9)
    assert full <= tightened
    assert compare_names(a, b, with_surname) == compare(a, b)


@settings(max_examples=400, deadline=None)
@given(persons, persons)
def test_two_records_find_each_other_whichever_is_looked_up(
    a: NormalisedPerson, b: NormalisedPerson
) -> None:
    assert bool(lookup_keys(a) & blocking_keys(b)) == bool(lookup_keys(b) & blocking_keys(a))
