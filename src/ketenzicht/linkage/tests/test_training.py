"""Training the weights with Splink + DuckDB on a small synthetic set, and the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from ketenzicht.linkage.compare import LEVELS, Category, Field, compare
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    HAND_SET_WEIGHTS,
    MATCH_THRESHOLD,
    TRAINED_WEIGHTS_PATH,
    WEIGHTS_DIRECTORY,
    MatchWeights,
    score_pair,
)
from ketenzicht.linkage.synthetic import generate
from ketenzicht.linkage.tests.hard_cases import ALL_CASES, Case
from ketenzicht.linkage.tests.sample_pairs import sample_pairs
from ketenzicht.linkage.training import (
    COLUMNS,
    TrainingResult,
    level_call,
    register_level_functions,
    to_row,
    train,
)


@pytest.fixture(scope="module")
def trained() -> TrainingResult:
    records = [s.record for s in generate(persons=1500, seed=3)]
    return train(records, seed=3, u_max_pairs=100_000)


# --- the Splink levels are our levels -----------------------------------------------------------


def test_the_duckdb_level_functions_give_exactly_our_comparison_levels() -> None:
    people, ordered = sample_pairs(persons=300, records=600, random_pairs=500)

    connection = duckdb.connect()
    register_level_functions(connection)
    columns = [f'"{c}_{side}" VARCHAR' for side in ("l", "r") for c in COLUMNS]
    connection.execute(f"CREATE TABLE pair (i INTEGER, j INTEGER, {', '.join(columns)})")
    connection.executemany(
        f"INSERT INTO pair VALUES (?, ?, {', '.join('?' * len(columns))})",
        [[i, j, *to_row(people[i]), *to_row(people[j])] for i, j in ordered],
    )
    calls = ", ".join(level_call(field) for field in Field)
    rows = connection.execute(f"SELECT i, j, {calls} FROM pair ORDER BY i, j").fetchall()
    assert len(rows) == len(ordered) > 500
    seen_levels: set[tuple[str, str]] = set()
    for i, j, *levels in rows:
        expected = compare(people[i], people[j])
        assert levels == [expected[field].value for field in Field], (people[i], people[j])
        seen_levels.update(zip([f.value for f in Field], levels, strict=True))
    # The sample reaches most levels, so the check is not vacuous.
    assert len(seen_levels) >= 25


# --- the trained weights ------------------------------------------------------------------------


def test_training_writes_a_valid_weights_file(trained: TrainingResult, tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    trained.weights.save(path)
    document = json.loads(path.read_text())
    assert document["format"] == "ketenzicht-linkage-weights/1"
    assert MatchWeights.load(path) == trained.weights
    assert "Splink" in document["description"]
    assert trained.records > 2000
    # The prior is log2 odds of one pair in a few thousand (a few thousand records).
    assert -16 < trained.weights.prior < -8


def test_trained_weights_are_ordered_sensibly(trained: TrainingResult) -> None:
    w = trained.weights
    for field in (Field.SURNAME, Field.FIRST_NAMES, Field.DATE_OF_BIRTH):
        levels = LEVELS[field]
        exact = w.weight(field, levels("exact"))
        different = w.weight(field, levels("different"))
        partial = [w.weight(field, lv) for lv in levels if lv.category is Category.PARTLY]
        assert exact > max(partial), field
        assert min(partial) > different, field
        assert different < 0 < exact, field
    assert w.levels["bsn"]["different"] < -5
    assert w.levels["bsn"]["same"] > 8
    assert all(levels["missing"] == 0.0 for levels in w.levels.values())
    assert w.household_guard == HAND_SET_WEIGHTS.household_guard


_SEPARATED = (
    "v.d. Berg and van den Berg",
    "double surname in both orders, moved",
    "nickname Kees for Cornelis, moved",
    "the same BSN after a change of surname and a move",
    "father and son with the same name at one address",
    "twin brothers at one address",
    "two men called Jan de Vries, different dates of birth",
)


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.name in _SEPARATED], ids=str)
def test_trained_weights_separate_hard_cases(trained: TrainingResult, case: Case) -> None:
    result = score_pair(normalise(case.a), normalise(case.b), trained.weights)
    assert (result.probability >= MATCH_THRESHOLD) is case.same_person, result.evidence


# --- the shipped files --------------------------------------------------------------------------


def test_every_shipped_weights_file_is_valid() -> None:
    files = sorted(WEIGHTS_DIRECTORY.glob("*.json"))
    assert files, "the Splink-trained weights are shipped"
    for path in files:
        weights = MatchWeights.load(path)
        assert weights.levels["bsn"]["different"] < 0


def test_the_default_weights_are_the_shipped_splink_trained_ones() -> None:
    assert TRAINED_WEIGHTS_PATH.exists()
    shipped = MatchWeights.load(TRAINED_WEIGHTS_PATH)
    assert shipped == DEFAULT_WEIGHTS
    assert "Splink" in shipped.description
    # Measured on the training records, not assumed: the store size behind the prior, how
    # concentrated names are, and how much a shared surname says less at a shared address.
    assert shipped.reference_store_size > 30_000
    assert 0 < shipped.average_name_share < 0.001
    assert shipped.household_dependence > 3
    assert shipped.levels["municipality"]["implied"] == 0.0


def test_the_partial_address_levels_are_capped_by_the_postcode_size() -> None:
    address = DEFAULT_WEIGHTS.levels["address"]
    assert address["same_postcode"] <= address["same_address"] - 4
    assert address["same_street"] < address["same_postcode"]
