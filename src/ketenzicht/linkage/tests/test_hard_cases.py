"""The labelled fixture of hard Dutch cases, scored with the default weights."""

from __future__ import annotations

import pytest

from ketenzicht.linkage.blocking import blocking_keys
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.scoring import MATCH_THRESHOLD, score_pair
from ketenzicht.linkage.tests.hard_cases import ALL_CASES, DIFFERENT_PERSONS, SAME_PERSON, Case


def test_the_fixture_holds_about_thirty_pairs_of_both_kinds() -> None:
    assert len(ALL_CASES) >= 30
    assert len(SAME_PERSON) >= 15
    assert len(DIFFERENT_PERSONS) >= 12


@pytest.mark.parametrize("case", SAME_PERSON, ids=lambda c: c.name)
def test_the_same_person_written_differently_scores_above_the_threshold(case: Case) -> None:
    result = score_pair(normalise(case.a), normalise(case.b))
    assert result.probability >= MATCH_THRESHOLD, result.evidence


@pytest.mark.parametrize("case", SAME_PERSON, ids=lambda c: c.name)
def test_the_same_person_written_differently_shares_a_blocking_key(case: Case) -> None:
    assert blocking_keys(normalise(case.a)) & blocking_keys(normalise(case.b))


@pytest.mark.parametrize("case", DIFFERENT_PERSONS, ids=lambda c: c.name)
def test_different_persons_score_below_the_threshold(case: Case) -> None:
    result = score_pair(normalise(case.a), normalise(case.b))
    assert result.probability < MATCH_THRESHOLD, result.evidence


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.name)
def test_a_pair_scores_the_same_in_either_order(case: Case) -> None:
    a, b = normalise(case.a), normalise(case.b)
    assert score_pair(a, b) == score_pair(b, a)
