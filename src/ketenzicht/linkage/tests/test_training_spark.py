"""The same Splink training on Spark (a local session) as on DuckDB, on one small synthetic set.

Marked ``spark``: ``make test`` leaves it out, ``.ci/run`` runs it as its own step
(``pytest -m spark``). It needs the ``spark`` extra (pyspark) and Java 17; without them it is
skipped, unless ``KZ_REQUIRE_SPARK=1`` (CI), where it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ketenzicht.linkage.compare import LEVELS, Field, compare
from ketenzicht.linkage.scoring import MatchWeights
from ketenzicht.linkage.synthetic import generate
from ketenzicht.linkage.tests.sample_pairs import sample_pairs
from ketenzicht.linkage.training import (
    COLUMNS,
    TrainingResult,
    level_call,
    local_spark_session,
    register_spark_level_functions,
    to_row,
    train,
)


def _why_spark_cannot_run() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin/java").exists()):
        return "no Java found (Spark needs Java 17: java on PATH or JAVA_HOME)"
    return None


_MISSING = _why_spark_cannot_run()
_REQUIRED = os.environ.get("KZ_REQUIRE_SPARK", "") == "1"

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(_MISSING is not None and not _REQUIRED, reason=str(_MISSING)),
    # pyspark 3.5 on pandas 3 (Splink reads small results back through pandas).
    pytest.mark.filterwarnings("ignore::DeprecationWarning:pyspark.*"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

PERSONS = 2000
SEED = 3
U_MAX_PAIRS = 100_000


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if _MISSING is not None:
        pytest.fail(f"{_MISSING} (KZ_REQUIRE_SPARK=1, so this is a failure)", pytrace=False)
    session = local_spark_session()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def records() -> list[Any]:
    return [s.record for s in generate(persons=PERSONS, seed=SEED)]


@pytest.fixture(scope="module")
def on_spark(spark: Any, records: list[Any]) -> TrainingResult:
    return train(records, seed=SEED, u_max_pairs=U_MAX_PAIRS, backend="spark", spark=spark)


@pytest.fixture(scope="module")
def on_duckdb(spark: Any, records: list[Any]) -> TrainingResult:  # after the Spark check
    return train(records, seed=SEED, u_max_pairs=U_MAX_PAIRS)


def test_the_spark_level_functions_give_exactly_our_comparison_levels(spark: Any) -> None:
    # The SQL goes through Splink's own translation to Spark SQL (sqlglot, "customspark"),
    # so this also checks that the function calls and their backtick-quoted columns survive it.
    import sqlglot
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType
    from splink import SparkAPI  # noqa: F401  (registers the customspark dialect)

    people, ordered = sample_pairs(persons=200, records=400, random_pairs=300)

    register_spark_level_functions(spark)
    fields = [StructField("i", IntegerType()), StructField("j", IntegerType())]
    fields += [StructField(f"{c}_{side}", StringType()) for side in ("l", "r") for c in COLUMNS]
    rows = [(i, j, *to_row(people[i]), *to_row(people[j])) for i, j in ordered]
    spark.createDataFrame(rows, schema=StructType(fields)).createOrReplaceTempView("pair")
    calls = ", ".join(level_call(field, "spark") for field in Field)
    sql = sqlglot.transpile(
        f"SELECT i, j, {calls} FROM pair ORDER BY i, j", read="spark", write="customspark"
    )[0]
    assert "`surname_l`" in sql and "ketenzicht_surname_level" in sql.lower()
    result = [tuple(row) for row in spark.sql(sql).collect()]
    assert len(result) == len(ordered) > 300
    seen_levels: set[tuple[str, str]] = set()
    for i, j, *levels in result:
        expected = compare(people[i], people[j])
        assert levels == [expected[field].value for field in Field], (people[i], people[j])
        seen_levels.update(zip([f.value for f in Field], levels, strict=True))
    assert len(seen_levels) >= 25


def test_training_on_spark_writes_a_valid_weights_file(
    on_spark: TrainingResult, tmp_path: Path
) -> None:
    path = tmp_path / "weights.json"
    on_spark.weights.save(path)
    document = json.loads(path.read_text())
    assert document["format"] == "ketenzicht-linkage-weights/1"
    assert MatchWeights.load(path) == on_spark.weights
    assert "Splink (Spark)" in document["description"]
    assert on_spark.records > 3000
    # Every level of ours is in the file, new ones included.
    for field in Field:
        assert set(on_spark.weights.levels[field.value]) == {str(lv.value) for lv in LEVELS[field]}


def test_spark_and_duckdb_train_the_same_model(
    on_spark: TrainingResult, on_duckdb: TrainingResult
) -> None:
    s, d = on_spark.weights, on_duckdb.weights
    # The prior comes from counting deterministic pairs: the same count on both backends.
    assert s.prior == pytest.approx(d.prior, abs=0.01)
    for weights in (s, d):
        surname = weights.levels["surname"]
        assert surname["exact"] > surname["different"]
        assert weights.levels["bsn"]["same"] > 8
        assert weights.levels["bsn"]["different"] < -5
        assert weights.levels["date_of_birth"]["different"] < 0
        assert weights.levels["date_of_birth"]["exact"] > weights.levels["date_of_birth"]["typo"]
    # u is sampled at random on each backend (its own random pairs), m by EM from there: the
    # weights differ a little, never in sign where they clearly say something.
    for field, levels in d.levels.items():
        assert set(s.levels[field]) == set(levels), field
        for level, weight in levels.items():
            other = s.levels[field][level]
            if abs(weight) >= 1.5:
                assert (other > 0) == (weight > 0), (field, level, other, weight)
            assert other == pytest.approx(weight, abs=2.5), (field, level)
    # On the fields that carry most weight the exact level ranks first on both.
    for field in ("surname", "first_names", "date_of_birth"):
        assert max(s.levels[field], key=s.levels[field].__getitem__) == max(
            d.levels[field], key=d.levels[field].__getitem__
        )
