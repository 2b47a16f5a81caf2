"""Training the match weights with Splink (DuckDB or Spark): an offline tool, never a request.

The online radar scores candidate pairs with :mod:`ketenzicht.linkage.scoring` from a JSON
weights file; this module makes that file. It needs the ``training`` extra
(``pip install -e '.[training]'``, also in ``dev``) and imports no Django, so the request path
never loads Splink or DuckDB (an import-linter contract checks it).

How the Splink model mirrors our comparison levels
--------------------------------------------------

Splink describes a comparison as SQL conditions, one per level. Rewriting
:mod:`ketenzicht.linkage.compare` in SQL (nickname groups, prefix compatibility, initials, the
Dutch phonetic key, ...) would give two implementations that drift apart. Instead each field's
comparison calls a DuckDB function that runs *our* Python comparison on the canonical values of
that field (``ketenzicht_surname_level(surname_l, surname_r) = 'exact'``); the DuckDB connection
handed to Splink has these functions registered (:func:`register_level_functions`). So Splink
sees exactly the levels the online scoring uses, by construction. The functions take the field's
own columns (not a record id), so Splink knows which comparisons a training blocking rule
touches and leaves those out of that EM session, as it should.

On Spark (``--backend spark``, the ``spark`` extra, Java 17) the same functions are Spark SQL
functions (Python UDFs, :func:`register_spark_level_functions`) under the same names, and the
comparison SQL quotes its columns the Spark way (:func:`level_call` with ``dialect="spark"``:
Spark SQL reads ``"bsn_l"`` as a string literal). Everything else -- settings, blocking rules,
training steps, conversion -- is the same code, so both backends train the same model. Without
a session of its own, :func:`train` starts a local one (``local[2]``); pyspark is imported only
then, so the DuckDB path never needs it.

Each record is one row of canonical values (:data:`COLUMNS`, see :func:`to_row`); a missing value
is NULL, so the blocking rules below never pair two records on a missing value.

The training (no truth is used: the truth of the synthetic set is for evaluation only)
------------------------------------------------------------------------------------------

1. **Prior** -- ``estimate_probability_two_random_records_match`` with deterministic rules
   (:data:`DETERMINISTIC_RULES`: the same BSN; or the same surname, given names and date of
   birth) and an assumed recall of those rules (:data:`PRIOR_RECALL`).
2. **u** -- ``estimate_u_using_random_sampling``: random pairs are almost all different people.
3. **m** -- ``estimate_parameters_using_expectation_maximisation`` once per blocking rule in
   :data:`EM_BLOCKING_RULES` (the same date of birth: trains every field but the date of birth;
   the same surname and given names: trains the rest).

Then for every level ``weight = log2(m / u)`` (the ``missing`` levels and
:data:`NO_EVIDENCE_LEVELS` are Splink's null levels: weight 0) and
``prior = log2(p / (1 - p))``. A level Splink could not estimate (never seen among the random
pairs, or among the EM matches) gets a smoothed value and a note in the description.

Domain knowledge enters in three named places, each in the description of the weights file:
the m of two valid, different BSNs is fixed (:data:`FIXED_M_DIFFERENT`), the partial address
levels are capped by the number of addresses in a postcode (:func:`domain_bounds`: the synthetic
population has too few neighbours to learn them), and the household and twin guards keep their
hand-set values (they are not Fellegi-Sunter terms). Measured on the training records without
the truth: the store size behind the prior (``reference_store_size``), how concentrated names
are (:func:`average_name_share`, for the name-frequency evidence) and how much a shared surname
says less at a shared address (:func:`household_dependence`).

Command line (about 70 seconds for 20,000 persons, 38,000 records; most of it is the u
sampling, 2 million random pairs, each compared by our Python code)::

    python -m ketenzicht.linkage.training --persons 20000 --seed 7 \\
        --out src/ketenzicht/linkage/weights/default.json
    python -m ketenzicht.linkage.training --backend spark --persons 20000 --seed 7 \\
        --out /tmp/splink-trained-spark.json   # the same on a local Spark session
    python bench/radar.py --persons 20000 --seed 11   # hand-set vs trained, on another seed

Written to ``linkage/weights/default.json`` the weights are the default of
:mod:`ketenzicht.linkage.scoring`; ship a new file only when it passes
``tests/test_hard_cases.py`` and the targets of ``bench/radar.py`` (the shipped one does, see
``bench/README.md``).
"""

from __future__ import annotations

import argparse
import inspect
import logging
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
from duckdb.func import FunctionNullHandling
from duckdb.sqltypes import VARCHAR
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison

from ketenzicht.linkage.blocking import name_count_keys
from ketenzicht.linkage.compare import (
    LEVELS,
    AddressLevel,
    Category,
    Field,
    compare,
    compare_surname,
    same_address,
)
from ketenzicht.linkage.normalise import NormalisedPerson, SurnamePart, normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_AVERAGE_NAME_SHARE,
    DEFAULT_REFERENCE_STORE_SIZE,
    HAND_SET_WEIGHTS,
    MatchWeights,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink.internals.comparison_creator import ComparisonCreator
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

__all__ = [
    "BACKENDS",
    "COLUMNS",
    "DETERMINISTIC_RULES",
    "EM_BLOCKING_RULES",
    "FIELD_COLUMNS",
    "NO_EVIDENCE_LEVELS",
    "PRIOR_RECALL",
    "TrainingResult",
    "field_level",
    "level_sql",
    "local_spark_session",
    "main",
    "register_level_functions",
    "register_spark_level_functions",
    "splink_comparisons",
    "to_row",
    "train",
    "weights_from_splink_model",
]

log = logging.getLogger(__name__)

Backend = Literal["duckdb", "spark"]
#: The Splink backends :func:`train` runs on; both share everything but the session.
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")
#: How each backend's SQL quotes an identifier (Spark SQL reads "x" as a string).
_QUOTE: dict[Backend, str] = {"duckdb": '"', "spark": "`"}

# --- records as rows of canonical values --------------------------------------------------------

#: The columns of the table Splink trains on: the canonical values of a NormalisedPerson.
COLUMNS = (
    "record_id",
    "bsn",
    "surname",  # the surname parts, "prefix/core" joined by "|": "van der/berg|/jansen"
    "given_names",  # space-separated; a single letter is an initial
    "date_of_birth",  # ISO date
    "sex",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",
)

#: The columns each field's level depends on (and a training blocking rule may use). The
#: municipality's reads the address too: the same address makes it ``implied``
#: (:func:`ketenzicht.linkage.compare.compare`).
FIELD_COLUMNS: dict[Field, tuple[str, ...]] = {
    Field.BSN: ("bsn",),
    Field.SURNAME: ("surname",),
    Field.FIRST_NAMES: ("given_names",),
    Field.DATE_OF_BIRTH: ("date_of_birth",),
    Field.SEX: ("sex",),
    Field.ADDRESS: ("postcode", "house_number", "house_number_suffix", "street", "city"),
    Field.MUNICIPALITY: (
        "municipality_code",
        "city",
        "postcode",
        "house_number",
        "house_number_suffix",
        "street",
    ),
}


def _encode_surname(parts: Iterable[SurnamePart]) -> str:
    return "|".join(f"{part.prefix}/{part.core}" for part in parts)


def _decode_surname(text: str) -> tuple[SurnamePart, ...]:
    return tuple(SurnamePart(*item.split("/", 1)) for item in text.split("|"))


def to_row(p: NormalisedPerson) -> tuple[str | None, ...]:
    """``p`` as a row of :data:`COLUMNS`: exact (``_person`` rebuilds every compared value);
    empty values become NULL."""
    values = (
        p.record_id,
        p.bsn,
        _encode_surname(p.surname_parts),
        " ".join(p.given_names),
        p.date_of_birth.isoformat() if p.date_of_birth else "",
        p.sex,
        p.street,
        p.house_number,
        p.house_number_suffix,
        p.postcode,
        p.city,
        p.municipality_code,
    )
    return tuple(v or None for v in values)


@lru_cache(maxsize=262_144)
def _person(field: Field, values: tuple[str | None, ...]) -> NormalisedPerson:
    """A NormalisedPerson holding only ``field``'s columns (all its comparison reads)."""
    given = dict(zip(FIELD_COLUMNS[field], values, strict=True))
    kwargs: dict[str, Any] = {}
    for column, value in given.items():
        if not value:
            continue
        if column == "surname":
            kwargs["surname_parts"] = _decode_surname(value)
        elif column == "given_names":
            kwargs["given_names"] = tuple(value.split())
        elif column == "date_of_birth":
            kwargs["date_of_birth"] = date.fromisoformat(value)
        else:
            kwargs[column] = value
    return NormalisedPerson(record_id="", **kwargs)


# Splink evaluates one condition per level, so the same pair comes in several times a row.
@lru_cache(maxsize=524_288)
def field_level(field: Field, values: tuple[str | None, ...]) -> str:
    """Our level of ``field`` for a pair, from the left then the right record's values of
    :data:`FIELD_COLUMNS` (``None`` for a missing value): what the SQL functions return.

    It is :func:`~ketenzicht.linkage.compare.compare` itself on two records holding only
    those columns, so a level that depends on another field's columns is right too (the
    other fields are missing and cost next to nothing)."""
    width = len(FIELD_COLUMNS[field])
    left = _person(field, values[:width])
    right = _person(field, values[width:])
    return str(compare(left, right)[field].value)


class _SparkLevel:
    """A Spark UDF giving ``field``'s level. A module-level class, so Spark's workers unpickle
    it by importing this module (a closure would be pickled by value, without its cache)."""

    def __init__(self, field: Field) -> None:
        self.field = field

    def __call__(self, *values: str | None) -> str:
        return field_level(self.field, values)


def _level_function(field: Field) -> Callable[..., str]:
    width = len(FIELD_COLUMNS[field])

    def level(*values: str | None) -> str:
        return field_level(field, values)

    # DuckDB reads the number of parameters from the signature.
    parameters = [
        inspect.Parameter(f"{side}{i}", inspect.Parameter.POSITIONAL_ONLY)
        for side in ("l", "r")
        for i in range(width)
    ]
    level.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return level


def function_name(field: Field) -> str:
    return f"ketenzicht_{field.value}_level"


def level_call(field: Field, dialect: Backend = "duckdb") -> str:
    """The SQL expression giving ``field``'s level for the pair ``l``, ``r``, its columns quoted
    for ``dialect`` (Splink reads them from the quoted names, so both backends keep them)."""
    q = _QUOTE[dialect]
    columns = FIELD_COLUMNS[field]
    arguments = [f"{q}{c}_l{q}" for c in columns] + [f"{q}{c}_r{q}" for c in columns]
    return f"{function_name(field)}({', '.join(arguments)})"


def register_level_functions(connection: duckdb.DuckDBPyConnection) -> None:
    """Register one DuckDB function per field that returns our level for a pair's values."""
    for field in Field:
        width = 2 * len(FIELD_COLUMNS[field])
        connection.create_function(
            function_name(field),
            _level_function(field),
            [VARCHAR] * width,
            VARCHAR,
            null_handling=FunctionNullHandling.SPECIAL,  # NULL (missing) is passed as None
            side_effects=False,
        )


def register_spark_level_functions(spark: SparkSession) -> None:
    """The same functions as :func:`register_level_functions`, as Spark SQL functions (Python
    UDFs returning strings; a NULL argument comes in as None, as on DuckDB)."""
    from pyspark.sql.functions import udf
    from pyspark.sql.types import StringType

    for field in Field:
        function = udf(_SparkLevel(field), StringType())
        spark.udf.register(function_name(field), function)


# --- the Splink model ---------------------------------------------------------------------------

MISSING = "missing"
DIFFERENT = "different"
#: Levels that carry no evidence of their own, like ``missing``: Splink's null levels (weight 0,
#: no m or u). The municipality is ``implied`` by the same address, which already counts.
NO_EVIDENCE_LEVELS: dict[Field, tuple[str, ...]] = {Field.MUNICIPALITY: ("implied",)}


#: Levels whose m Splink does not estimate but takes from domain knowledge: two valid BSNs that
#: differ. The eleven-test rejects nearly every typing error (all but about one in eleven), so
#: a true match shows two valid, different BSNs only when a rare typo passes it or someone
#: else's BSN was written down (a household member's): taken as one record in 2,000. In the
#: synthetic population (where that corruption is off) EM could only fit noise here.
FIXED_M_DIFFERENT: dict[Field, float] = {Field.BSN: 0.0005}
#: Addresses per postcode in the Netherlands (about 8 million addresses, 470,000 postcodes): by
#: chance two people share a postcode about this many times more often than an address. The
#: synthetic population places households at random within a municipality, so it has too few
#: neighbours to estimate the partial address levels: they are capped at the same address's
#: weight minus log2 of this (and the street one bit lower still), see :func:`domain_bounds`.
ADDRESSES_PER_POSTCODE = 17


def level_sql(field: Field, level: str, dialect: Backend = "duckdb") -> str:
    return f"{level_call(field, dialect)} = '{level}'"


def splink_comparisons(dialect: Backend = "duckdb") -> list[ComparisonCreator | dict[str, Any]]:
    """One Splink comparison per field, one level per level of ours (``missing`` and
    :data:`NO_EVIDENCE_LEVELS` as null levels, ``different`` as the else level);
    ``label_for_charts`` is our level's value."""
    comparisons: list[ComparisonCreator | dict[str, Any]] = []
    for field in Field:
        levels = [str(level.value) for level in LEVELS[field]]
        null_levels = [MISSING, *(lv for lv in NO_EVIDENCE_LEVELS.get(field, ()) if lv in levels)]
        specs: list[ComparisonLevelCreator | dict[str, Any]] = [
            {"sql_condition": level_sql(field, level, dialect), "label_for_charts": level,
             "is_null_level": True}
            for level in null_levels
        ]  # fmt: skip
        specs += [
            {"sql_condition": level_sql(field, level, dialect), "label_for_charts": level}
            for level in levels
            if level not in (*null_levels, DIFFERENT)
        ]
        else_level: dict[str, Any] = {"sql_condition": "ELSE", "label_for_charts": DIFFERENT}
        if field in FIXED_M_DIFFERENT:
            else_level |= {"m_probability": FIXED_M_DIFFERENT[field], "fix_m_probability": True}
        specs.append(else_level)
        comparisons.append(
            CustomComparison(
                comparison_levels=specs,
                output_column_name=field.value,
                comparison_description=f"ketenzicht.linkage.compare: {field.value}",
            )
        )
    return comparisons


#: Rules that find pairs that are certainly one person, for the prior.
DETERMINISTIC_RULES = (
    "l.bsn = r.bsn",
    "l.surname = r.surname and l.given_names = r.given_names and l.date_of_birth = r.date_of_birth",
)
#: The assumed share of all same-person pairs the deterministic rules find. An assumption, not a
#: measurement (training never looks at the truth): half the records lack a BSN and a third of
#: the records have a name or date of birth written differently.
PRIOR_RECALL = 0.6
#: Expectation-maximisation sessions; each leaves the fields it blocks on untrained.
EM_BLOCKING_RULES = (("date_of_birth",), ("surname", "given_names"))
#: Random pairs for the u probabilities.
U_MAX_PAIRS = 2_000_000


@dataclass(frozen=True)
class TrainingResult:
    weights: MatchWeights
    model: dict[str, Any]  # Splink's own model JSON
    records: int
    seconds: float
    stages: dict[str, float]  # seconds per training step


def weights_from_splink_model(
    model: dict[str, Any],
    *,
    u_max_pairs: float = U_MAX_PAIRS,
    fallback: MatchWeights = HAND_SET_WEIGHTS,
    backend: Backend = "duckdb",
    records: int = DEFAULT_REFERENCE_STORE_SIZE,
    average_name_share: float = DEFAULT_AVERAGE_NAME_SHARE,
    household_dependence: float = 0.0,
) -> MatchWeights:
    """Our :class:`MatchWeights` from Splink's model JSON (``linker.misc.save_model_to_json``).

    A level whose u Splink never saw among ``u_max_pairs`` random pairs gets ``u = 1 /
    u_max_pairs`` (an upper bound, so its weight is a lower bound); a level whose m it could not
    estimate (no training pair reached it) keeps its weight from ``fallback``. Both are named in
    the description. The household guard comes from ``fallback``.
    """
    p = float(model["probability_two_random_records_match"])
    levels: dict[str, dict[str, float]] = {}
    u_floored: list[str] = []
    m_fallback: list[str] = []
    for comparison in model["comparisons"]:
        field = Field(comparison["output_column_name"])
        weights: dict[str, float] = {}
        for level in comparison["comparison_levels"]:
            name = str(level["label_for_charts"])
            if level.get("is_null_level"):
                weights[name] = 0.0
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            if not m:
                m_fallback.append(f"{field.value}.{name}")
                weights[name] = fallback.weight(field, LEVELS[field](name))
                continue
            if not u:
                u_floored.append(f"{field.value}.{name}")
                u = 1.0 / u_max_pairs
            weights[name] = round(math.log2(float(m) / float(u)), 3)
        levels[field.value] = weights
    engine = {"duckdb": "DuckDB", "spark": "Spark"}[backend]
    description = f"trained with Splink ({engine}) on synthetic records"
    if u_floored:
        description += f"; u not observed, set to 1/{u_max_pairs:g}: {', '.join(u_floored)}"
    if m_fallback:
        description += f"; m not estimated, hand-set weight kept: {', '.join(m_fallback)}"
    return domain_bounds(
        MatchWeights(
            prior=round(math.log2(p / (1.0 - p)), 3),
            levels=levels,
            household_guard=fallback.household_guard,
            twin_guard=fallback.twin_guard,
            description=description,
            reference_store_size=records,
            average_name_share=average_name_share,
            household_dependence=round(household_dependence, 3),
        )
    )


def domain_bounds(weights: MatchWeights) -> MatchWeights:
    """``weights`` with the partial address levels capped (:data:`ADDRESSES_PER_POSTCODE`); the
    description says so when a cap applied."""
    address = dict(weights.levels[Field.ADDRESS])
    same = address[AddressLevel.SAME_ADDRESS]
    caps = {
        AddressLevel.SAME_POSTCODE: same - math.log2(ADDRESSES_PER_POSTCODE),
        AddressLevel.SAME_STREET: same - math.log2(ADDRESSES_PER_POSTCODE) - 1.0,
    }
    capped = []
    for level, cap in caps.items():
        if address[level] > cap:
            address[level] = round(cap, 3)
            capped.append(f"address.{level.value}")
    if not capped:
        return weights
    levels = {name: dict(values) for name, values in weights.levels.items()}
    levels[Field.ADDRESS.value] = address
    note = f"; capped by the postcode size: {', '.join(capped)}"
    return replace(weights, levels=levels, description=weights.description + note)


def household_dependence(persons: Sequence[NormalisedPerson], *, seed: int = 1) -> float:
    """How many bits a surname agreement is worth less between two records at one address:
    ``log2(P(surname agrees | same address) / P(surname agrees))``, both measured on the
    records themselves (no truth: random pairs for the second; the pairs at one address include
    some true matches, which makes the estimate a little larger, so the correction errs on the
    safe side). People living together share surnames; Fellegi-Sunter would count the address
    and the surname as independent evidence."""
    agree = (Category.AGREE, Category.PARTLY)
    by_address: dict[tuple[str, str], list[NormalisedPerson]] = {}
    for p in persons:
        if p.postcode and p.house_number:
            by_address.setdefault((p.postcode, p.house_number), []).append(p)
    together = shared = 0
    for group in by_address.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if same_address(a, b):
                    together += 1
                    shared += compare_surname(a, b).category in agree
    rng = random.Random(seed)
    samples = min(200_000, len(persons) * 5)
    hits = 0
    for _ in range(samples):
        i, j = rng.sample(range(len(persons)), 2)
        hits += compare_surname(persons[i], persons[j]).category in agree
    if not together or not shared or not hits:
        return 0.0
    return max(0.0, math.log2((shared / together) / (hits / samples)))


def average_name_share(persons: Sequence[NormalisedPerson]) -> float:
    """The chance that two records picked at random share the name key: the sum of the squared
    shares of the name keys (:func:`~ketenzicht.linkage.blocking.name_key`)."""
    counts: dict[str, int] = {}
    for p in persons:
        key = name_count_keys(p)
        if key is not None:
            counts[key[0]] = counts.get(key[0], 0) + 1
    total = len(persons)
    if total < 2 or not counts:
        return DEFAULT_AVERAGE_NAME_SHARE
    return sum((n / total) ** 2 for n in counts.values())


def train(
    records: Iterable[PersonRecord],
    *,
    seed: int = 1,
    u_max_pairs: float = U_MAX_PAIRS,
    prior_recall: float = PRIOR_RECALL,
    description: str = "",
    backend: Backend = "duckdb",
    spark: SparkSession | None = None,
) -> TrainingResult:
    """Train m, u and the prior with Splink on ``records`` and convert them to weights.

    ``backend="spark"`` runs the same training on ``spark`` (a session of a cluster, for
    national scale), else on a local session it starts and stops (:func:`local_spark_session`).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}, one of {', '.join(BACKENDS)}")
    started = time.perf_counter()
    persons = [normalise(r) for r in records]
    rows = [to_row(p) for p in persons]
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=splink_comparisons(backend),
        blocking_rules_to_generate_predictions=[block_on(*c) for c in EM_BLOCKING_RULES],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    close: Callable[[], None]
    if backend == "spark":
        from pyspark.sql.types import StringType, StructField, StructType
        from splink import SparkAPI

        own_session = spark is None
        session = local_spark_session() if spark is None else spark
        register_spark_level_functions(session)
        schema = StructType([StructField(c, StringType()) for c in COLUMNS])
        table: Any = session.createDataFrame(rows, schema=schema)
        db_api: Any = SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=session,
            # Splink's jar of string similarity functions: our levels do not use it.
            register_udfs_automatically=False,
            # Cache intermediate tables in memory (a cluster would rather write parquet).
            break_lineage_method="persist",
        )
        close = session.stop if own_session else session.catalog.clearCache
    else:
        import pandas as pd  # a Splink dependency

        table = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
        table = table.astype("object").where(table.notna(), None)
        connection = duckdb.connect()
        register_level_functions(connection)
        db_api = DuckDBAPI(connection=connection)
        close = connection.close
    linker = Linker(table, settings, db_api=db_api, set_up_basic_logging=False)
    stages: dict[str, float] = {}
    mark = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        stages[name] = round(now - mark, 2)
        mark = now

    stage("load")
    linker.training.estimate_probability_two_random_records_match(
        list(DETERMINISTIC_RULES), recall=prior_recall
    )
    stage("prior")
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    stage("u")
    for columns in EM_BLOCKING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*columns))
        stage("m:" + "+".join(columns))
    model = linker.misc.save_model_to_json()
    weights = weights_from_splink_model(
        model,
        u_max_pairs=u_max_pairs,
        backend=backend,
        records=len(rows),
        average_name_share=average_name_share(persons),
        household_dependence=household_dependence(persons, seed=seed),
    )
    stage("dependence")
    if description:
        weights = replace(weights, description=f"{weights.description}; {description}")
    close()
    return TrainingResult(
        weights=weights,
        model=model,
        records=len(rows),
        seconds=time.perf_counter() - started,
        stages=stages,
    )


def local_spark_session(cores: int = 2) -> SparkSession:
    """A Spark session on this machine (``local[cores]``) whose Python workers run this
    interpreter, so they import the same ketenzicht and find its level functions."""
    import os

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # one machine: no network lookup
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("ketenzicht-linkage-training")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        # Small local data: a few partitions, not Spark's 200 (Splink repartitions to half).
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.default.parallelism", str(4 * cores))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


# --- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    from ketenzicht.linkage.synthetic import generate

    parser = argparse.ArgumentParser(
        prog="python -m ketenzicht.linkage.training",
        description="Train the linkage weights with Splink on synthetic records.",
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default="duckdb",
        help="Splink's backend: duckdb (default) or spark (a local[2] session; spark extra, Java)",
    )
    parser.add_argument("--persons", type=int, default=20_000, help="base population size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bsn-missing", type=float, default=0.5, help="share without BSN")
    parser.add_argument("--u-max-pairs", type=float, default=U_MAX_PAIRS)
    parser.add_argument("--prior-recall", type=float, default=PRIOR_RECALL)
    parser.add_argument("--out", required=True, help="the weights JSON to write")
    parser.add_argument("--splink-model", help="also write Splink's own model JSON here")
    parser.add_argument("--verbose", action="store_true", help="show Splink's progress")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("splink").setLevel(logging.INFO if args.verbose else logging.WARNING)
    records = (
        s.record
        for s in generate(persons=args.persons, seed=args.seed, bsn_missing=args.bsn_missing)
    )
    result = train(
        records,
        seed=args.seed,
        u_max_pairs=args.u_max_pairs,
        prior_recall=args.prior_recall,
        backend=args.backend,
        description=(
            f"python -m ketenzicht.linkage.training --backend {args.backend} "
            f"--persons {args.persons} --seed {args.seed} "
            f"--bsn-missing {args.bsn_missing} --u-max-pairs {args.u_max_pairs:g} "
            f"--prior-recall {args.prior_recall}"
        ),
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.weights.save(out)
    if args.splink_model:
        import json

        Path(args.splink_model).write_text(json.dumps(result.model, indent=2), encoding="utf-8")
    print(
        f"trained on {result.records} records in {result.seconds:.1f} s {result.stages} -> {out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    # Run the importable module, not this __main__ copy: Spark pickles the level UDFs by
    # reference to their module, which its workers import.
    from ketenzicht.linkage.training import main as module_main

    raise SystemExit(module_main())
