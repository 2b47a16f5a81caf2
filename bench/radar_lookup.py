#!/usr/bin/env python
"""Latency and recall of the radar's online candidate lookup on PostgreSQL. Not a test.

The target (issue P2): one new person against the store answers in p95 <= 20 ms at 1 million
stored persons and <= 40 ms at 5 million, on this 2-core machine; side by side in the same run
with a pg_trgm baseline (``word_similarity`` on names, the way the leading open system searches)
and Splink's own single-record scoring (``find_matches_to_new_records`` on a DuckDB linker over
the stored persons, with our comparison levels and weights and our blocking keys as blocking
rules; ``--splink-queries`` lookups per kind, as each one scans the whole store).

    .venv/bin/python bench/radar_lookup.py                     # 1,000,000 persons (reused)
    .venv/bin/python bench/radar_lookup.py --persons 50000     # a quick run
    .venv/bin/python bench/radar_lookup.py --rebuild           # generate the data again
    .venv/bin/python bench/radar_lookup.py --splink-queries 300 # more Splink lookups

Data: the synthetic population (``ketenzicht.linkage.synthetic.generate``). The first record of
every true person becomes an intake ``Person`` row (its pk is the true person id), linked through
``ReportPerson`` to one report per synthetic household of one Veilig Thuis organisation (the
need-to-know join of ``person_candidates``), with its ``PersonKey`` rows computed exactly as the
app does (``blocking_keys(normalise(person_record(person)))``). Every ``--holdout-every``-th
household is left out: its people are the "new" persons. Later records of stored persons (other
organisations' corrupted copies) are the "known" queries. Rows go in with COPY, secondary indexes
and constraints are built afterwards, then VACUUM ANALYZE; the data is reused on the next run.

JSON lines on stdout, progress on stderr. The database is --database-url, else
postgres://postgres@127.0.0.1:5432/ketenzicht_radar_bench (its name must contain "bench").
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

from casework import (
    admin_dsn,
    drop_secondary_indexes,
    emit,
    ensure_database,
    execute,
    fetch,
    fetch_one,
    log,
    migrate,
    percentiles,
    read_meta,
    recreate_database,
    wait_until_quiet,
    write_meta,
)

from ketenzicht import _native

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ketenzicht_radar_bench"
TARGETS_P95_MS = {1_000_000: 20.0, 5_000_000: 40.0}
LOADED_TABLES = [
    "intake_household",
    "intake_report",
    "intake_person",
    "intake_person_households",
    "intake_reportperson",
    "linkage_personkey",
]
# The trigram baseline's table: a normalised full name per person, as a search column would be.
NAME_TABLE = "bench_radar_name"
QUERY_TABLE = "bench_radar_query"
TRGM_SQL = {
    # "word_similarity(q, name) > 0.6" written as the operator that the GIN index serves:
    # q <% name  <=>  word_similarity(q, name) >= pg_trgm.word_similarity_threshold (0.6).
    "trgm": (
        f"SELECT person_id FROM {NAME_TABLE}"
        " WHERE date_of_birth = %(dob)s AND %(name)s <%% full_name"
        " ORDER BY similarity(%(name)s, full_name) DESC, person_id LIMIT 5"
    ),
    "trgm_nodob": (
        f"SELECT person_id FROM {NAME_TABLE} WHERE %(name)s <%% full_name"
        " ORDER BY similarity(%(name)s, full_name) DESC, person_id LIMIT 5"
    ),
}


# --- generation ------------------------------------------------------------------------------


def full_name(first_names: str, prefix: str, surname: str) -> str:
    """Lower case, diacritics folded, single spaces: the baseline's search column."""
    text = " ".join(p for p in (first_names, prefix, surname) if p).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace(".", " ").split())


class Columns:
    """The COPY column list of a model's table, with a value for every column not given.

    A column without a value gets NULL (nullable), its default, now() or '' (blank text);
    anything else is an error, so a new required column shows up here.
    """

    def __init__(self, model: Any, given: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns: list[str] = []
        slots: list[tuple[int | None, Any]] = []
        now = datetime.now(UTC)
        for field in model._meta.concrete_fields:
            if field.attname in given:
                self.columns.append(field.column)
                slots.append((given.index(field.attname), None))
                continue
            if field.primary_key:
                continue
            if field.null:
                value: Any = None
            elif field.has_default():
                value = field.get_default()
                if isinstance(value, list | dict):
                    value = json.dumps(value)
            elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                value = now
            elif field.get_internal_type() in ("CharField", "TextField", "EmailField"):
                value = ""
            else:
                raise SystemExit(f"radar_lookup.py: no value for {self.table}.{field.column}")
            self.columns.append(field.column)
            slots.append((None, value))
        self._slots = slots

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(value if i is None else values[i] for i, value in self._slots)

    def statement(self) -> str:
        return f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"


def copy_rows(statement: str, rows: Iterable[Sequence[Any]]) -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def create_fixtures() -> dict[str, Any]:
    """A region with the synthetic population's municipalities, one VT organisation, a user."""
    from ketenzicht.linkage.synthetic import MUNICIPALITIES
    from ketenzicht.organisations.models import (
        Municipality,
        Organisation,
        OrganisationKind,
        Region,
        Role,
        User,
    )

    region, _ = Region.objects.get_or_create(code="BENCH-RADAR", defaults={"name": "Radar bench"})
    municipality_ids = {}
    for m in MUNICIPALITIES:
        row, _ = Municipality.objects.get_or_create(
            code=m.code, defaults={"name": m.name, "region": region}
        )
        municipality_ids[m.code] = row.pk
    org = Organisation.objects.create(
        name="Veilig Thuis Radar bench", kind=OrganisationKind.VEILIG_THUIS, region=region
    )
    Organisation.objects.create(
        name="Veilig Thuis elders", kind=OrganisationKind.VEILIG_THUIS, region=region
    )
    user = User.objects.create(
        username="bench-radar", organisation=org, role=Role.INTAKE_WORKER, password="!"
    )
    return {"org": org.pk, "user": user.pk, "municipalities": municipality_ids}


def generate(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from tqdm import tqdm

    from ketenzicht.intake.models import Household, Person, Report, ReportPerson
    from ketenzicht.linkage.blocking import blocking_keys
    from ketenzicht.linkage.models import PersonKey
    from ketenzicht.linkage.normalise import normalise
    from ketenzicht.linkage.records import PersonRecord
    from ketenzicht.linkage.synthetic import generate as synthetic

    started = time.monotonic()
    fx = create_fixtures()
    municipalities: dict[str, int] = fx["municipalities"]
    fallback_municipality = next(iter(municipalities.values()))
    restore = drop_secondary_indexes(LOADED_TABLES)
    execute(
        f"CREATE TABLE {NAME_TABLE} (person_id bigint PRIMARY KEY, full_name text NOT NULL, "
        "date_of_birth date)"
    )
    execute(
        f"CREATE TABLE {QUERY_TABLE} (id serial PRIMARY KEY, kind text NOT NULL, "
        "true_person_id bigint NOT NULL, record jsonb NOT NULL, corruptions text NOT NULL)"
    )
    household_cols = Columns(
        Household,
        [
            "id",
            "street",
            "house_number",
            "house_number_suffix",
            "postcode",
            "city",
            "municipality_id",
        ],
    )
    report_cols = Columns(
        Report,
        [
            "id",
            "organisation_id",
            "received_at",
            "channel",
            "reporter_role",
            "summary",
            "municipality_id",
            "household_id",
            "registered_by_id",
        ],
    )
    person_fields = [
        "id", "first_names", "surname_prefix", "surname", "date_of_birth", "sex", "street",
        "house_number", "house_number_suffix", "postcode", "city", "municipality_id", "bsn",
    ]  # fmt: skip
    person_cols = Columns(Person, person_fields)
    link_cols = Columns(ReportPerson, ["report_id", "person_id", "role"])
    key_cols = Columns(PersonKey, ["person_id", "key"])
    member_statement = "COPY intake_person_households (person_id, household_id) FROM STDIN"

    buffers: dict[str, list[tuple[Any, ...]]] = {
        name: [] for name in ("household", "report", "person", "member", "link", "key", "name")
    }

    def flush() -> None:
        for name, cols in (
            ("household", household_cols),
            ("report", report_cols),
            ("person", person_cols),
            ("link", link_cols),
            ("key", key_cols),
        ):
            copy_rows(cols.statement(), buffers[name])
        copy_rows(member_statement, buffers["member"])
        copy_rows(
            f"COPY {NAME_TABLE} (person_id, full_name, date_of_birth) FROM STDIN", buffers["name"]
        )
        for rows in buffers.values():
            rows.clear()

    rnd = random.Random(args.seed)
    known_pool: list[tuple[Any, ...]] = []
    new_pool: list[tuple[Any, ...]] = []
    seen_later = 0
    seen_new = 0
    stored: set[int] = set()
    households_stored: set[int] = set()
    progress = {"households": 0, "persons": 0}
    counts = {"persons": 0, "keys": 0, "households": 0, "records": 0, "held_out_persons": 0}
    org, user = fx["org"], fx["user"]

    def reservoir(pool: list[tuple[Any, ...]], seen: int, item: tuple[Any, ...]) -> None:
        if len(pool) < args.query_pool:
            pool.append(item)
        else:
            j = rnd.randrange(seen)
            if j < args.query_pool:
                pool[j] = item

    def query_row(kind: str, r: Any) -> tuple[Any, ...]:
        record = asdict(r.record)
        record["date_of_birth"] = r.record.date_of_birth and r.record.date_of_birth.isoformat()
        return (kind, r.true_person_id, json.dumps(record), "|".join(r.corruptions))

    def on_household(base_count: int) -> None:
        progress["households"] += 1
        bar.update(base_count)

    loading_started = time.monotonic()
    # session_replication_role = replica: no foreign-key triggers while loading (consistent by
    # construction); the constraints stay in place for the app.
    execute("SET session_replication_role = replica")
    held_out_persons: set[int] = set()
    with tqdm(
        total=args.persons, unit="persoon", desc="generate+COPY", file=sys.stderr, mininterval=2
    ) as bar:
        for r in synthetic(persons=args.persons, seed=args.seed, progress=on_household):
            counts["records"] += 1
            pid = r.true_person_id
            held_out = progress["households"] % args.holdout_every == args.holdout_every - 1
            if pid in stored:
                seen_later += 1
                reservoir(known_pool, seen_later, query_row("known", r))
                continue
            if held_out or pid in held_out_persons:
                if pid not in held_out_persons:
                    held_out_persons.add(pid)
                    seen_new += 1
                    reservoir(new_pool, seen_new, query_row("new", r))
                continue
            stored.add(pid)
            rec = r.record
            municipality = municipalities.get(rec.municipality_code)
            hid = r.household_id
            if hid not in households_stored:
                households_stored.add(hid)
                buffers["household"].append(
                    household_cols.row(
                        (
                            hid,
                            rec.street[:200],
                            rec.house_number[:10],
                            rec.house_number_suffix[:10],
                            rec.postcode[:7],
                            rec.city[:100],
                            municipality or fallback_municipality,
                        )
                    )
                )
                received = datetime.combine(r.report_date, clock(9), UTC)
                buffers["report"].append(
                    report_cols.row(
                        (
                            hid,
                            org,
                            received,
                            "phone",
                            "police",
                            "bench",
                            municipality or fallback_municipality,
                            hid,
                            user,
                        )
                    )
                )
            sex = rec.sex if rec.sex in ("F", "M") else "X"
            values = (
                pid,
                rec.first_names[:200],
                rec.surname_prefix[:30],
                rec.surname[:200],
                rec.date_of_birth,
                sex,
                rec.street[:200],
                rec.house_number[:10],
                rec.house_number_suffix[:10],
                rec.postcode[:7],
                rec.city[:100],
                municipality,
                rec.bsn[:9],
            )
            buffers["person"].append(person_cols.row(values))
            buffers["member"].append((pid, hid))
            buffers["link"].append(link_cols.row((hid, pid, "other")))
            # The record exactly as person_record(person) will give it back from the row.
            as_stored = PersonRecord(
                record_id=str(pid),
                surname=values[3],
                first_names=values[1],
                surname_prefix=values[2],
                date_of_birth=values[4],
                sex=sex,
                bsn=values[12],
                street=values[6],
                house_number=values[7],
                house_number_suffix=values[8],
                postcode=values[9],
                city=values[10],
                municipality_code=rec.municipality_code if municipality else "",
            )
            for key in sorted(blocking_keys(normalise(as_stored))):
                buffers["key"].append(key_cols.row((pid, key)))
            buffers["name"].append((pid, full_name(values[1], values[2], values[3]), values[4]))
            counts["persons"] += 1
            if len(buffers["person"]) >= args.chunk:
                counts["keys"] += len(buffers["key"])
                flush()
        counts["keys"] += len(buffers["key"])
        flush()
    execute("SET session_replication_role = DEFAULT")
    counts["households"] = len(households_stored)
    counts["held_out_persons"] = len(held_out_persons)
    copy_rows(
        f"COPY {QUERY_TABLE} (kind, true_person_id, record, corruptions) FROM STDIN",
        known_pool + new_pool,
    )
    loading_s = time.monotonic() - loading_started
    log(f"loaded {counts['persons']} persons, {counts['keys']} keys in {loading_s:.0f} s")

    index_started = time.monotonic()
    for statement in tqdm(restore, desc="indexes", unit="index", file=sys.stderr):
        execute(statement)
    execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    execute(f"CREATE INDEX {NAME_TABLE}_trgm ON {NAME_TABLE} USING gin (full_name gin_trgm_ops)")
    execute(f"CREATE INDEX {NAME_TABLE}_dob ON {NAME_TABLE} (date_of_birth)")
    for table in ("intake_household", "intake_report", "intake_person"):
        execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    index_s = time.monotonic() - index_started
    vacuum_started = time.monotonic()
    connection.ensure_connection()
    execute("VACUUM ANALYZE")
    vacuum_s = time.monotonic() - vacuum_started
    return {
        "complete": True,
        "persons_requested": args.persons,
        "seed": args.seed,
        "holdout_every": args.holdout_every,
        "organisation_id": org,
        **counts,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generation_s": round(time.monotonic() - started, 1),
        "load_s": round(loading_s, 1),
        "index_s": round(index_s, 1),
        "vacuum_analyze_s": round(vacuum_s, 1),
    }


# --- measuring -------------------------------------------------------------------------------


def load_queries(kind: str) -> list[tuple[Any, int, str]]:
    from ketenzicht.linkage.records import PersonRecord

    out = []
    for person_id, record, corruptions in fetch(
        f"SELECT true_person_id, record, corruptions FROM {QUERY_TABLE} WHERE kind = %s "
        "ORDER BY id",
        [kind],
    ):
        data = json.loads(record) if isinstance(record, str) else dict(record)
        if data["date_of_birth"]:
            data["date_of_birth"] = date.fromisoformat(data["date_of_birth"])
        out.append((PersonRecord(**data), int(person_id), corruptions))
    return out


def load() -> dict[str, float]:
    one, five, fifteen = os.getloadavg()
    return {"load_1m": round(one, 2), "load_5m": round(five, 2), "load_15m": round(fifteen, 2)}


def machine() -> dict[str, Any]:
    fetch_one("SELECT 'a' <% 'b'")  # loads pg_trgm, so its settings show
    settings = dict(
        fetch(
            "SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name = ANY(%s)",
            [
                [
                    "shared_buffers",
                    "work_mem",
                    "effective_cache_size",
                    "random_page_cost",
                    "max_parallel_workers_per_gather",
                    "jit",
                    "pg_trgm.word_similarity_threshold",
                ]
            ],
        )
    )
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        memory_gb = None
    return {
        "bench": "machine",
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": sys.version.split()[0],
        "linkage_build": _native.build(),
        "postgresql": fetch_one("SHOW server_version"),
        "settings": settings,
        **load(),
    }


def data_size(meta: dict[str, Any]) -> dict[str, Any]:
    def size(relation: str) -> int:
        return int(fetch_one("SELECT pg_total_relation_size(%s)", [relation]) or 0)

    return {
        "bench": "data",
        "stored_persons": fetch_one("SELECT count(*) FROM intake_person"),
        "person_keys": fetch_one("SELECT count(*) FROM linkage_personkey"),
        "reports": fetch_one("SELECT count(*) FROM intake_report"),
        "synthetic_records": meta.get("records"),
        "held_out_persons": meta.get("held_out_persons"),
        "query_pool": dict(fetch(f"SELECT kind, count(*) FROM {QUERY_TABLE} GROUP BY kind")),
        "database_mb": round(fetch_one("SELECT pg_database_size(current_database())") / 2**20),
        "personkey_mb": round(size("linkage_personkey") / 2**20),
        "trgm_table_mb": round(size(NAME_TABLE) / 2**20),
        "generation_s": meta.get("generation_s"),
        "load_s": meta.get("load_s"),
        "index_s": meta.get("index_s"),
        "vacuum_analyze_s": meta.get("vacuum_analyze_s"),
        "generated_at": meta.get("generated_at"),
    }


def trigram(kind: str) -> Callable[[Any], list[int]]:
    from django.db import connection

    statement = TRGM_SQL[kind]

    def run(record: Any) -> list[int]:
        params = {
            "name": full_name(record.first_names, record.surname_prefix, record.surname),
            "dob": record.date_of_birth,
        }
        sql = statement if record.date_of_birth is not None else TRGM_SQL["trgm_nodob"]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]

    return run


def ours(organisation_id: int) -> Callable[[Any], list[int]]:
    from ketenzicht.linkage.scoring import MATCH_THRESHOLD
    from ketenzicht.linkage.selectors import person_candidates

    def run(record: Any) -> list[int]:
        found = person_candidates(record=record, organisation_id=organisation_id)
        # Negative pk: a candidate at or above the match threshold (for the false-match count).
        return [
            c.person.pk if c.score.probability < MATCH_THRESHOLD else -c.person.pk for c in found
        ]

    return run


# --- Splink's own single-record scoring (baseline b) --------------------------------------------

#: ``person_candidates`` keeps candidates from this probability on; Splink gets the same floor.
CANDIDATE_MINIMUM = 0.25


def key_columns(keys: Iterable[str]) -> dict[str, str]:
    """Our blocking keys as columns for Splink: ``key_<kind>_<i>`` (``ds:…`` keys of a double
    surname become ``key_ds_0`` and ``key_ds_1``). Keys of different kinds never agree."""
    by_kind: dict[str, list[str]] = {}
    for key in sorted(keys):
        kind = "".join(c if c.isalnum() else "_" for c in key.split(":", 1)[0])
        by_kind.setdefault(kind, []).append(key)
    return {f"key_{kind}_{i}": key for kind, same in by_kind.items() for i, key in enumerate(same)}


def key_blocking_rules(columns: Iterable[str]) -> list[str]:
    """One Splink blocking rule per pair of key columns of a kind: a stored record is a
    candidate when it shares at least one blocking key with the query, as in ours."""
    by_kind: dict[str, list[str]] = {}
    for column in sorted(columns):
        by_kind.setdefault(column.rsplit("_", 1)[0], []).append(column)
    return [f"l.{a} = r.{b}" for same in by_kind.values() for a in same for b in same]


def splink_settings(weights: Any, prior: float) -> dict[str, Any]:
    """Splink settings with our comparisons (``training.splink_comparisons``: each level calls
    our compare.py) and our weights as m and u: ``m / u = 2 ** weight``; ``prior`` (log2 odds)
    as ``probability_two_random_records_match``. The household guard and the name-frequency
    evidence are not Fellegi-Sunter terms: Splink scores without them."""
    from splink import SettingsCreator

    from ketenzicht.linkage.compare import Field
    from ketenzicht.linkage.training import splink_comparisons

    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=splink_comparisons(),
        probability_two_random_records_match=2**prior / (1 + 2**prior),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    settings = creator.create_settings_dict("duckdb")
    for comparison in settings["comparisons"]:
        levels = weights.levels[Field(comparison["output_column_name"])]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            weight = float(levels[level["label_for_charts"]])
            # Any m, u with this ratio: the larger one is 1.
            level["m_probability"] = min(1.0, 2**weight)
            level["u_probability"] = min(1.0, 2**-weight)
    return settings


def splink_lookup(weights: Any) -> tuple[Callable[[Any], list[int]], dict[str, Any]]:
    """A Splink DuckDB linker over every stored person, built once; then one
    ``linker.inference.find_matches_to_new_records([record], blocking_rules=…)`` per lookup
    (timed end to end: normalising the query, Splink's SQL, reading the matches back).

    Like ours: the stored records carry their blocking keys, the query its lookup keys, the
    prior is the one for the store's size; unlike ours, Splink scores every record sharing a
    key (no cap) and has no household guard or name frequency."""
    import duckdb
    import pandas as pd
    import splink
    from splink import DuckDBAPI, Linker

    from ketenzicht.intake.models import Person
    from ketenzicht.linkage.blocking import blocking_keys, lookup_keys
    from ketenzicht.linkage.conversion import RECORD_FIELDS, record_from_values
    from ketenzicht.linkage.normalise import normalise
    from ketenzicht.linkage.scoring import MATCH_THRESHOLD
    from ketenzicht.linkage.training import COLUMNS, register_level_functions, to_row

    started = time.monotonic()
    canonical: list[tuple[str | None, ...]] = []
    keyed: list[dict[str, str]] = []
    persons = Person.objects.values_list(*RECORD_FIELDS).order_by()
    for values in persons.iterator(chunk_size=20_000):
        p = normalise(record_from_values(values))
        canonical.append(to_row(p))
        keyed.append(key_columns(blocking_keys(p)))
    key_names = sorted({column for keys in keyed for column in keys})
    frame = pd.DataFrame.from_records(
        [
            (*row, *(keys.get(c) for c in key_names))
            for row, keys in zip(canonical, keyed, strict=True)
        ],
        columns=[*COLUMNS, *key_names],
    )
    frame = frame.astype("object").where(frame.notna(), None)
    del canonical, keyed
    read_s = time.monotonic() - started

    connection = duckdb.connect()
    register_level_functions(connection)
    prior = weights.prior_for(len(frame))
    linker = Linker(
        frame,
        splink_settings(weights, prior),
        db_api=DuckDBAPI(connection=connection),
        set_up_basic_logging=False,
    )
    rules = key_blocking_rules(key_names)
    threshold = math.log2(CANDIDATE_MINIMUM / (1 - CANDIDATE_MINIMUM))
    empty_row = dict.fromkeys([*COLUMNS, *key_names])

    def run(record: Any) -> list[int]:
        p = normalise(record)
        row = {**empty_row, **dict(zip(COLUMNS, to_row(p), strict=True)), "record_id": "query"}
        row.update((c, k) for c, k in key_columns(lookup_keys(p)).items() if c in row)
        result = linker.inference.find_matches_to_new_records(
            [row], blocking_rules=rules, match_weight_threshold=threshold
        )
        found = result.as_record_dict()
        result.drop_table_from_database_and_remove_from_cache()
        found.sort(key=lambda m: (-m["match_weight"], int(m["record_id_l"])))
        # Negative pk: a match at or above the match threshold, as for ours.
        return [
            int(m["record_id_l"]) * (1 if m["match_probability"] < MATCH_THRESHOLD else -1)
            for m in found[:5]
        ]

    first_started = time.monotonic()
    stored = len(frame)
    del frame
    # The first lookup materialises Splink's copy of the input table; later ones reuse it.
    run(record_from_values(next(iter(persons[:1]))))
    setup = {
        "bench": "splink_setup",
        "stored_records": stored,
        "read_and_normalise_s": round(read_s, 1),
        "first_lookup_s": round(time.monotonic() - first_started, 1),
        "setup_s": round(time.monotonic() - started, 1),
        "blocking_rules": rules,
        "match_weight_threshold": round(threshold, 3),
        "prior_log2_odds": round(prior, 3),
        "weights": weights.description[:120],
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "duckdb_threads": connection.execute("SELECT current_setting('threads')").fetchall()[0][0],
    }
    return run, setup


def splink_method(args: argparse.Namespace) -> Callable[[Any], list[int]]:
    from ketenzicht.linkage.scoring import DEFAULT_WEIGHTS, MatchWeights

    weights = (
        MatchWeights.load(Path(args.splink_weights)) if args.splink_weights else DEFAULT_WEIGHTS
    )
    log("building the Splink linker over the stored persons")
    run, setup = splink_lookup(weights)
    emit({**setup, **load()})
    return run


def measure(
    methods: dict[str, Callable[[Any], list[int]]],
    queries: list[tuple[Any, int, str]],
    kind: str,
    persons: int,
    target: float | None,
    limits: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Every query through every method, interleaved (the same load for each), rotating the
    order so no method always runs on a warm cache left by another. A method in ``limits``
    runs on that many queries only, spread evenly over the run (every k-th query)."""
    names = list(methods)
    every = {
        name: max(1, len(queries) // limit) for name, limit in (limits or {}).items() if limit > 0
    }
    budget = {name: (limits or {}).get(name, len(queries)) for name in names}
    times: dict[str, list[float]] = {n: [] for n in names}
    top1: dict[str, int] = dict.fromkeys(names, 0)
    top5: dict[str, int] = dict.fromkeys(names, 0)
    matched: dict[str, int] = dict.fromkeys(names, 0)  # a candidate at >= the threshold
    true_match: dict[str, int] = dict.fromkeys(names, 0)  # the true person, at >= threshold
    empty: dict[str, int] = dict.fromkeys(names, 0)
    hits: dict[str, dict[int, bool]] = {n: {} for n in names}  # query index -> true person in 5
    before = load()
    started = time.monotonic()
    for i, (record, truth, _) in enumerate(queries):
        for j in range(len(names)):
            name = names[(i + j) % len(names)]
            if name in every and (i % every[name] or len(times[name]) >= budget[name]):
                continue
            t0 = time.perf_counter()
            found = methods[name](record)
            times[name].append((time.perf_counter() - t0) * 1000)
            ids = [abs(x) for x in found]
            top1[name] += bool(ids) and ids[0] == truth
            top5[name] += truth in ids
            hits[name][i] = truth in ids
            matched[name] += any(x < 0 for x in found)
            true_match[name] += -truth in found
            empty[name] += not found
    after = load()
    lines = []
    for name in names:
        n = len(times[name])
        line: dict[str, Any] = {
            "bench": f"lookup_{kind}",
            "method": name,
            "stored_persons": persons,
            "queries": n,
            **percentiles(times[name]),
            "empty_share": round(empty[name] / n, 4),
        }
        if kind == "known":
            line["recall_at_1"] = round(top1[name] / n, 4)
            line["recall_at_5"] = round(top5[name] / n, 4)
            if name in every:
                # The others' recall@5 on the same (fewer) queries, for a like-for-like figure.
                line["recall_at_5_of_others_on_these_queries"] = {
                    other: round(sum(hits[other][q] for q in hits[name]) / n, 4)
                    for other in names
                    if other not in every
                }
        if name in ("ours", "splink"):
            if kind == "known":
                line["true_person_at_threshold"] = round(true_match[name] / n, 4)
            else:
                line["false_match_share"] = round(matched[name] / n, 4)
        if name == "ours" and target is not None:
            line["target_p95_ms"] = target
            line["ok"] = line["p95_ms"] <= target
        line.update({f"before_{k}": v for k, v in before.items()})
        line.update({f"after_{k}": v for k, v in after.items()})
        line["wall_s"] = round(time.monotonic() - started, 1)
        lines.append(line)
    return lines


def diagnose(queries: list[tuple[Any, int, str]], organisation_id: int) -> dict[str, Any]:
    """Outside the timing: how many persons share a key with each query, whether the true person
    does (blocking recall), how often the 200-candidate cap bites, and where the time goes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ketenzicht.linkage.blocking import blocking_keys
    from ketenzicht.linkage.normalise import normalise
    from ketenzicht.linkage.selectors import MAX_CANDIDATES_SCORED, person_candidates

    sizes, blocked, capped = [], 0, 0
    for record, truth, _ in queries:
        keys = sorted(blocking_keys(normalise(record)))
        count, hit = fetch(
            "SELECT count(DISTINCT person_id), coalesce(bool_or(person_id = %s), false) "
            "FROM linkage_personkey WHERE key = ANY(%s)",
            [truth, keys],
        )[0]
        sizes.append(count)
        blocked += hit
        capped += count > MAX_CANDIDATES_SCORED
    sql_ms, total_ms = [], []
    for record, _, _ in queries[:200]:
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            person_candidates(record=record, organisation_id=organisation_id)
            total_ms.append((time.perf_counter() - t0) * 1000)
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    cuts = statistics.quantiles(sizes, n=100, method="inclusive")
    return {
        "bench": "diagnosis_known",
        "queries": len(queries),
        "blocking_recall": round(blocked / len(queries), 4),
        "persons_sharing_a_key_p50": cuts[49],
        "persons_sharing_a_key_p95": cuts[94],
        "persons_sharing_a_key_max": max(sizes),
        "over_candidate_cap_share": round(capped / len(queries), 4),
        "sql_ms_p50": round(statistics.median(sql_ms), 2),
        "total_ms_p50": round(statistics.median(total_ms), 2),
        "python_ms_p50_of_total": round(statistics.median(total_ms) - statistics.median(sql_ms), 2),
        **load(),
    }


def explain(record: Any, organisation_id: int) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL person_candidates runs for ``record``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ketenzicht.linkage.selectors import person_candidates

    with CaptureQueriesContext(connection) as captured:
        person_candidates(record=record, organisation_id=organisation_id)
    plans = []
    for query in captured.captured_queries:
        rows = fetch("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
        plans.append({"sql": query["sql"], "plan": [r[0] for r in rows]})
    return {"bench": "explain", "queries": plans}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000, help="synthetic base persons")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--chunk", type=int, default=50_000, help="persons per COPY round")
    parser.add_argument(
        "--holdout-every", type=int, default=200, help="every N-th household is not stored"
    )
    parser.add_argument("--query-pool", type=int, default=5000, help="stored queries per kind")
    parser.add_argument("--queries", type=int, default=1000, help="timed lookups per kind")
    parser.add_argument("--warmup", type=int, default=300, help="untimed lookups first")
    parser.add_argument(
        "--methods",
        default="ours,trgm,splink",
        help="comma-separated: ours, trgm (name + date of birth), trgm_nodob (name only), "
        "splink (Splink's find_matches_to_new_records on DuckDB)",
    )
    parser.add_argument(
        "--splink-queries",
        type=int,
        default=100,
        metavar="N",
        help="timed Splink lookups per kind, spread over the run (each scans the whole store)",
    )
    parser.add_argument("--splink-warmup", type=int, default=10, help="untimed Splink lookups")
    parser.add_argument(
        "--splink-weights",
        metavar="JSON",
        help="a weights file for Splink's m and u (default: the default scoring weights)",
    )
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--wait-quiet",
        type=int,
        default=0,
        metavar="SECONDS",
        help="wait up to this long for the 1-minute load average to drop below half the cores",
    )
    parser.add_argument("--explain", action="store_true", help="print the plans of a lookup")
    args = parser.parse_args(argv)

    if "bench" not in admin_dsn(args.database_url)[1]:
        raise SystemExit("the database name must contain 'bench' (it is dropped on --rebuild)")
    created = ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connections

    meta = None if created else read_meta()
    wanted = {"persons_requested": args.persons, "seed": args.seed}
    wanted["holdout_every"] = args.holdout_every
    reuse = (
        not args.rebuild
        and meta is not None
        and meta.get("complete")
        and all(meta.get(k) == v for k, v in wanted.items())
    )
    if reuse:
        assert meta is not None
        log(f"reusing the bench data ({meta['persons']} persons, {meta['generated_at']})")
        migrate()
    else:
        if not created:
            connections.close_all()
            recreate_database(args.database_url)
        migrate()
        log(f"generating {args.persons} persons")
        meta = generate(args)
        write_meta(meta)
        log(f"generated in {meta['generation_s']} s")
    if args.generate_only:
        return 0
    wait_until_quiet(args.wait_quiet)
    emit(machine())
    emit(data_size(meta))

    org = int(meta["organisation_id"])
    methods_all: dict[str, Callable[[], Callable[[Any], list[int]]]] = {
        "ours": lambda: ours(org),
        "trgm": lambda: trigram("trgm"),
        "trgm_nodob": lambda: trigram("trgm_nodob"),
        "splink": lambda: splink_method(args),
    }
    methods = {m: methods_all[m]() for m in args.methods.split(",")}
    limits = {"splink": args.splink_queries} if "splink" in methods else {}
    # The target of the size asked for (the store holds a few more: children born later).
    target = next((t for size, t in sorted(TARGETS_P95_MS.items()) if args.persons <= size), None)
    rnd = random.Random(args.seed)
    known = load_queries("known")
    new = load_queries("new")
    rnd.shuffle(known)
    rnd.shuffle(new)
    warm, known = known[: args.warmup], known[args.warmup :]
    log(f"warm-up: {len(warm)} lookups per method (Splink: {args.splink_warmup})")
    for i, (record, _, _) in enumerate(warm):
        for name, run in methods.items():
            if name != "splink" or i < args.splink_warmup:
                run(record)
    if args.explain:
        emit(explain(known[0][0], org))
    for kind, queries in (("known", known[: args.queries]), ("new", new[: args.queries])):
        log(f"timing {len(queries)} {kind} lookups: {', '.join(methods)} (Splink: {limits})")
        for line in measure(methods, queries, kind, int(meta["persons"]), target, limits):
            emit(line)
    emit(diagnose(known[: args.queries], org))
    return 0


if __name__ == "__main__":
    sys.exit(main())
