"""Batch deduplication and linkage: the same pairs as comparing everything, in any process."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.linkage import batch
from ketenzicht.linkage.batch import (
    BatchStats,
    ScoredPair,
    clusters,
    dedupe_pairs,
    link_pairs,
)
from ketenzicht.linkage.blocking import blocking_keys, lookup_keys
from ketenzicht.linkage.compare import DateOfBirthLevel, compare, compare_date_of_birth
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    MATCH_THRESHOLD,
    MatchScore,
    ScoringContext,
    score,
    weight_from_probability,
)
from ketenzicht.linkage.synthetic import generate, truth_pairs


@pytest.fixture(scope="module")
def population() -> list[PersonRecord]:
    return [s.record for s in generate(persons=400, seed=5)]


def meet(a: PersonRecord, b: PersonRecord) -> bool:
    """Whether the batch compares the two: the online lookup of one would find the other, unless
    all they share is the address, the year or the day and month of birth, and their dates of
    birth are not a typo (or swap, or year-only date) of each other."""
    x, y = normalise(a), normalise(b)
    if not lookup_keys(x) & blocking_keys(y):
        return False
    shared = blocking_keys(x) & blocking_keys(y)
    only_partial_dates = bool(shared) and all(key[:3] in ("ad:", "yn:", "dm:") for key in shared)
    unrelated_dates = compare_date_of_birth(x, y) is DateOfBirthLevel.DIFFERENT
    return not (only_partial_dates and unrelated_dates)


def test_it_compares_exactly_the_pairs_it_should(population: list[PersonRecord]) -> None:
    expected = {
        tuple(sorted((a.record_id, b.record_id)))
        for a, b in combinations(population, 2)
        if meet(a, b)
    }
    found = [(p.left, p.right) for p in dedupe_pairs(population, minimum=0.0)]
    assert len(found) == len(set(found)), "a pair was compared twice"
    assert set(found) == expected
    assert len(expected) > len(population) // 2  # not vacuous


def test_each_pair_is_scored_as_the_scoring_module_scores_it(
    population: list[PersonRecord],
) -> None:
    by_id = {r.record_id: normalise(r) for r in population}
    for pair in list(dedupe_pairs(population, minimum=0.0))[:300]:
        a, b = by_id[pair.left], by_id[pair.right]
        assert pair.left < pair.right
        expected = [
            score(compare(a, b), context=ScoringContext(len(population), count))
            for count in (None, *range(1, 60))
        ]
        assert pair.score in expected


def test_the_minimum_only_drops_pairs_below_it(population: list[PersonRecord]) -> None:
    everything = {(p.left, p.right): p.probability for p in dedupe_pairs(population, minimum=0.0)}
    kept = {(p.left, p.right) for p in dedupe_pairs(population, minimum=MATCH_THRESHOLD)}
    assert kept == {pair for pair, p in everything.items() if p >= MATCH_THRESHOLD}
    assert kept


def test_it_finds_most_true_duplicates_of_the_synthetic_population() -> None:
    records = list(generate(persons=1500, seed=3))
    truth = truth_pairs(records)
    matched = {(p.left, p.right) for p in dedupe_pairs([s.record for s in records], minimum=0.8)}
    assert len(matched & truth) / len(matched) > 0.98
    assert len(matched & truth) / len(truth) > 0.9


def test_forked_workers_give_the_same_pairs_as_one_process(
    population: list[PersonRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = BatchStats()
    one = {(p.left, p.right, p.probability) for p in dedupe_pairs(population, stats=alone)}
    monkeypatch.setattr(batch, "PARALLEL_FROM", 0)
    forked = BatchStats()
    two = {
        (p.left, p.right, p.probability) for p in dedupe_pairs(population, workers=2, stats=forked)
    }
    assert (alone.workers, forked.workers) == (1, 2)
    assert one == two
    assert forked.compared == alone.compared > 0


def _dates_unrelated(x: date, y: date) -> bool:
    def number(d: date) -> int:
        return d.year * 10_000 + d.month * 100 + d.day

    return batch._dates_unrelated(number(x), number(y), x.toordinal(), y.toordinal())


def _level(x: date, y: date) -> DateOfBirthLevel:
    return compare_date_of_birth(
        normalise(PersonRecord(record_id="x", surname="a", first_names="b", date_of_birth=x)),
        normalise(PersonRecord(record_id="y", surname="a", first_names="b", date_of_birth=y)),
    )


@pytest.mark.parametrize(
    ("x", "y", "unrelated"),
    [
        (date(1980, 5, 17), date(1980, 5, 17), False),  # exact
        (date(1980, 5, 7), date(1980, 7, 5), False),  # day and month swapped
        (date(1980, 5, 17), date(1980, 5, 18), False),  # a day apart
        (date(1980, 12, 31), date(1981, 1, 1), False),  # a day apart across the year
        (date(1980, 5, 17), date(1980, 5, 27), False),  # one digit (and the same month)
        (date(1980, 5, 17), date(1989, 5, 17), False),  # one digit of the year
        (date(1980, 5, 17), date(1908, 5, 17), False),  # two adjacent digits swapped
        (date(1980, 5, 12), date(1980, 5, 21), False),  # the same year and month
        (date(1980, 1, 1), date(1980, 9, 30), False),  # the same year, one side year-only
        (date(1980, 5, 17), date(1980, 9, 30), True),
        (date(1980, 5, 17), date(1981, 6, 17), True),  # two digits, not adjacent
        (date(1980, 5, 17), date(1975, 5, 17), True),  # two adjacent digits, not swapped
        (date(1980, 1, 1), date(1981, 9, 30), True),
    ],
)
def test_the_integer_date_rule_is_the_comparison_s_different_level(
    x: date, y: date, unrelated: bool
) -> None:
    assert (_level(x, y) is DateOfBirthLevel.DIFFERENT) is unrelated
    assert _dates_unrelated(x, y) is unrelated
    assert _dates_unrelated(y, x) is unrelated


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.one_of(
        st.integers(min_value=-400, max_value=400),
        st.integers(min_value=-4_000_000, max_value=2_000_000),
    ),
    st.booleans(),
)
def test_the_integer_date_rule_agrees_with_the_comparison_on_any_dates(
    x: date, days: int, swap: bool
) -> None:
    try:
        y = x + timedelta(days=days)
    except OverflowError:
        y = x
    if swap and y.day <= 12:
        y = y.replace(month=y.day, day=y.month) if y.month <= 28 else y
    assert _dates_unrelated(x, y) is (_level(x, y) is DateOfBirthLevel.DIFFERENT)


def test_it_refuses_duplicate_record_ids(population: list[PersonRecord]) -> None:
    with pytest.raises(ValueError, match="unique"):
        list(dedupe_pairs([population[0], population[0]]))


def test_a_linkage_pairs_records_across_the_two_sets_only(population: list[PersonRecord]) -> None:
    left, right = population[0::2], population[1::2]
    left_ids = {r.record_id for r in left}
    pairs = list(link_pairs(left, right, minimum=0.0))
    assert pairs
    assert all(p.left in left_ids and p.right not in left_ids for p in pairs)
    within = {(p.left, p.right) for p in dedupe_pairs(population, minimum=0.0)}
    across = {tuple(sorted((p.left, p.right))) for p in pairs}
    assert across == {pair for pair in within if (pair[0] in left_ids) != (pair[1] in left_ids)}


def test_a_block_too_big_to_pair_is_skipped_and_counted() -> None:
    twins = [
        PersonRecord(record_id=f"r{i:03d}", surname="Jansen", first_names="Jan", postcode="3311AB",
                     house_number="1", street=f"Straat {i}")
        for i in range(30)
    ]  # fmt: skip
    stats = BatchStats()
    assert list(dedupe_pairs(twins, minimum=0.0, max_block=10, stats=stats)) == []
    assert stats.skipped_blocks >= 1
    assert len(list(dedupe_pairs(twins, minimum=0.0, max_block=100))) == 30 * 29 // 2


def _pair(a: str, b: str, probability: float) -> ScoredPair:
    weight = weight_from_probability(probability)
    return ScoredPair(a, b, MatchScore(weight, probability, 0.0, (), False))


def test_clusters_are_the_connected_components_above_the_threshold() -> None:
    pairs = [
        _pair("a", "b", 0.99),
        _pair("b", "c", 0.95),
        _pair("d", "e", 0.97),
        _pair("c", "d", 0.30),  # below the threshold: does not join the two groups
        _pair("f", "g", 0.10),
    ]
    found = clusters(pairs)
    assert [c.record_ids for c in found] == [("a", "b", "c"), ("d", "e")]
    assert found[0].best == 0.99 and found[0].weakest == 0.95
    assert [p.left for p in found[0].pairs] == ["a", "b"]
