#!/usr/bin/env python
"""Speed benchmark of the steering figures (the region dashboard). Not a test: JSON lines.

The target (issue P4, README.md in this folder): the region dashboard (all municipalities x 10
half-years x all categories) over 5 million reports answers in at most 1 s on 2 cores, on
PostgreSQL and on the embedded database (SQLite); beside it, the time a naive Django ORM
aggregation over the raw rows takes on the same data, and the ratio.

    .venv/bin/python bench/reporting.py                        # PostgreSQL, 5,000,000 reports
    .venv/bin/python bench/reporting.py --sqlite               # the same on a SQLite file
    .venv/bin/python bench/reporting.py --reports 100000       # a quick run
    .venv/bin/python bench/reporting.py --only dashboard,naive # a subset (dashboard, engine,
                                                               # naive, pdf)

Data: the facts (``reporting.ReportFact``, one row per report or advice request, as
``services.facts_rebuild`` derives them) are generated directly, with numpy from a fixed seed in
chunks of 500,000 (the same rows on both databases), loaded with COPY (PostgreSQL) or
``executemany`` in one transaction (SQLite) with the secondary indexes built afterwards; then the
project's own aggregation ``services.cells_rebuild`` turns them into ``FigureCell`` counts and
waiting-list points, exactly as a nightly ``reporting_refresh`` would. Reused on the next run
while ``--reports`` and ``--seed`` match.

Measured: (a) ``GET /stuurinformatie/?regio=1`` through ``django.test.Client`` in this process
(full middleware, view, charts and template) as a policy officer of the centre municipality;
(b) the engine alone (``dashboard.build`` for the region: the cells query, disclosure, tables);
(c) a naive Django ORM aggregation computing the same region table from the raw facts
(``values(...).annotate(Count(..., filter=...))`` per municipality and half-year, plus one
grouped query per category), and the ratio (c)/(b) and (c)/(a). The naive result is checked
against the cells. With ``bench/reporting_pdf.py`` present, its ``measure()`` line as well.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from casework import REGIONS, emit, fetch, fetch_one, log, migrate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ketenzicht_bench_reporting"
DEFAULT_SQLITE = ROOT / "data" / "bench_reporting.sqlite3"
TARGET_MS = 1000.0
CHUNK = 500_000  # rows per generated chunk (fixed: the data depend on it)
ADVICE_PER_REPORT = 0.5  # advice request facts besides the reports (about half, BRIEF section 7)
FIRST_DAY = date(2022, 1, 1)  # ten half-years: 2022-H1 .. 2026-H2
DAYS = (date(2027, 1, 1) - FIRST_DAY).days
SECTIONS = ("dashboard", "engine", "naive", "pdf")

# The three VT regions are bench/casework.py's REGIONS; the first (half the facts) is the one
# measured. Its first municipality is the centre municipality.
UNKNOWN_MUNICIPALITY = 0.02
# Kind groups and their shares of the facts (BRIEF section 7: ~50% child abuse, ~38% partner).
KIND_SHARES = {
    "child": 0.50,
    "partner": 0.38,
    "elder": 0.03,
    "parents": 0.04,
    "honour": 0.01,
    "sexual": 0.04,
    "trafficking": 0.005,
    "other": 0.03,
}
# Reporter groups: of reports (two thirds police and justice) and of advice requests.
REPORTERS = ["police_justice", "medical", "education", "care", "other_professional", "citizen"]
REPORTERS.append("anonymous")
REPORT_REPORTERS = [0.62, 0.06, 0.07, 0.10, 0.05, 0.07, 0.03]
ADVICE_REPORTERS = [0.05, 0.15, 0.25, 0.25, 0.10, 0.15, 0.05]
DECISIONS = [
    "no_further_steps",
    "handover",
    "vv",
    "investigation",
    "rvdk_request",
    "police_notification",
    "not_admissible",
    "wrongly_addressed",
]
DECISION_SHARES = [0.20, 0.45, 0.15, 0.08, 0.03, 0.02, 0.04, 0.03]
OUTCOMES = ["confirmed", "not_confirmed", "unknown"]
OUTCOME_SHARES = [0.45, 0.35, 0.20]
COLUMNS = [
    "is_advice",
    "source_id",
    "region_id",
    "municipality_id",
    "received_on",
    "year",
    "half",
    *(f"k_{k}" for k in KIND_SHARES),
    "reporter_group",
    "from_police",
    "decision",
    "assessed_on",
    "assessment_in_term",
    "assessment_days",
    "vv_in_term",
    "vv_days",
    "investigation_in_term",
    "investigation_days",
    "investigation_outcome",
    "repeat_12m",
    "during_open",
    "restraining_order",
    "state",
]
# The case's state at the refresh: most decided cases are closed; the rest still in work.
STATES = ["closed", "monitoring", "vv", "investigation", "handover_offered", "decided"]
STATE_SHARES = [0.86, 0.05, 0.04, 0.03, 0.015, 0.005]


# --- small helpers ---------------------------------------------------------------------------


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def cut(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)

    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": cut(0.95),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def time_calls(fn: Callable[[], Any], repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def execute(statement: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)


def vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


# --- databases -------------------------------------------------------------------------------


def admin_dsn(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("the database URL names no database")
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, "")), name


def pg_database(url: str, *, recreate: bool) -> bool:
    """Create (or with ``recreate`` drop and create) the bench database; True when new."""
    import psycopg
    from psycopg import sql

    dsn, name = admin_dsn(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench'")
    with psycopg.connect(dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not recreate:
            return False
        if exists:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"created database {name}")
    return True


def read_meta() -> dict[str, Any] | None:
    from django.db import connection

    if "bench_meta" not in connection.introspection.table_names():
        return None
    value = fetch_one("SELECT value FROM bench_meta WHERE key = 'dataset'")
    return None if value is None else dict(json.loads(value))


def write_meta(meta: dict[str, Any]) -> None:
    execute("CREATE TABLE IF NOT EXISTS bench_meta (key varchar(40) PRIMARY KEY, value text)")
    execute("DELETE FROM bench_meta WHERE key = 'dataset'")
    execute("INSERT INTO bench_meta (key, value) VALUES ('dataset', %s)", [json.dumps(meta)])


# --- generation ------------------------------------------------------------------------------


def create_fixtures() -> dict[str, Any]:
    """Regions, municipalities, the centre municipality's organisation and policy officer."""
    from ketenzicht.organisations.models import (
        Municipality,
        Organisation,
        OrganisationKind,
        Region,
        Role,
        User,
    )

    municipality_ids: list[int] = []
    region_of: list[int] = []
    weights: list[float] = []
    for spec in REGIONS:
        region = Region.objects.create(code=spec["code"], name=spec["name"])
        for index, (code, name) in enumerate(spec["municipalities"]):
            municipality = Municipality.objects.create(code=code, name=name, region=region)
            if index == 0:
                region.centre_municipality = municipality
                region.save(update_fields=["centre_municipality"])
            municipality_ids.append(municipality.pk)
            region_of.append(region.pk)
            weights.append(spec["share"] / len(spec["municipalities"]))
    centre = Region.objects.get(code=REGIONS[0]["code"]).centre_municipality
    assert centre is not None
    org = Organisation.objects.create(
        name=f"Gemeente {centre.name}",
        kind=OrganisationKind.MUNICIPALITY,
        municipality=centre,
        region=centre.region,
    )
    officer = User.objects.create_user(
        username="bench-policy", role=Role.POLICY_OFFICER, organisation=org
    )
    return {
        "municipality_ids": municipality_ids,
        "region_of": region_of,
        "weights": weights,
        "officer_id": officer.pk,
        "region_id": centre.region_id,
    }


def fact_rows(
    fx: dict[str, Any], lo: int, n: int, reports: int, seed: int
) -> list[tuple[Any, ...]]:
    """Rows ``lo .. lo+n-1`` of the facts, as tuples in the order of COLUMNS (deterministic)."""
    import numpy as np

    rng = np.random.default_rng([seed, lo])
    g = np.arange(lo, lo + n, dtype=np.int64)
    advice = g > reports
    report = ~advice

    def chance(p: float) -> Any:
        return rng.random(n) < p

    weights = np.array(fx["weights"]) / sum(fx["weights"])
    m = rng.choice(len(weights), size=n, p=weights)
    region = np.array(fx["region_of"], dtype=np.int64)[m]
    municipality = np.array(fx["municipality_ids"], dtype=object)[m]
    municipality[chance(UNKNOWN_MUNICIPALITY)] = None
    day = rng.integers(0, DAYS, size=n)
    iso = [(FIRST_DAY + timedelta(days=i)).isoformat() for i in range(DAYS + 400)]
    years = np.array([int(s[:4]) for s in iso], dtype=np.int64)
    halves = np.array([1 if int(s[5:7]) <= 6 else 2 for s in iso], dtype=np.int64)
    iso_arr = np.array(iso, dtype=object)
    kinds = {k: chance(p) for k, p in KIND_SHARES.items()}
    none = ~np.logical_or.reduce(list(kinds.values()))
    kinds["other"] = kinds["other"] | none
    group = np.where(
        advice,
        rng.choice(len(REPORTERS), size=n, p=ADVICE_REPORTERS),
        rng.choice(len(REPORTERS), size=n, p=REPORT_REPORTERS),
    )
    reporter = np.array(REPORTERS, dtype=object)[group]
    police = (group == 0) & chance(0.92)
    decided = report & chance(0.95)
    decision_index = rng.choice(len(DECISIONS), size=n, p=DECISION_SHARES)
    decision = np.where(decided, np.array(DECISIONS, dtype=object)[decision_index], "")
    a_days = np.minimum(rng.geometric(0.28, size=n) - 1, 30)
    assessed_day = day + (a_days * 7) // 5
    last_day = (date(2026, 12, 3) - FIRST_DAY).days
    # Not decided: late when its 5 working days have passed by the bench's "today".
    a_term = np.where(
        decided,
        a_days <= 5,
        np.where(report & (day < last_day - 7), np.False_, np.array(None, dtype=object)),
    )
    vv = decided & (decision_index == 2)
    vv_done = vv & chance(0.9)
    vv_days = rng.integers(10, 121, size=n)
    inv = decided & (decision_index == 3)
    inv_done = inv & chance(0.9)
    inv_days = rng.integers(20, 141, size=n)
    outcome = np.array(OUTCOMES, dtype=object)[rng.choice(3, size=n, p=OUTCOME_SHARES)]

    def maybe(mask: Any, values: Any) -> Any:
        out = np.array(values, dtype=object)
        out[~mask] = None
        return out

    columns = [
        advice.tolist(),
        g.tolist(),
        region.tolist(),
        municipality.tolist(),
        iso_arr[day].tolist(),
        years[day].tolist(),
        halves[day].tolist(),
        *(kinds[k].tolist() for k in KIND_SHARES),
        reporter.tolist(),
        police.tolist(),
        decision.tolist(),
        maybe(decided, iso_arr[assessed_day]).tolist(),
        a_term.tolist(),
        maybe(decided, a_days).tolist(),
        maybe(vv, np.where(vv_done, vv_days <= 70, False)).tolist(),
        maybe(vv_done, vv_days).tolist(),
        maybe(inv, np.where(inv_done, inv_days <= 70, False)).tolist(),
        maybe(inv_done, inv_days).tolist(),
        np.where(inv_done, outcome, "").tolist(),
        (report & chance(0.25)).tolist(),
        (report & chance(0.285)).tolist(),
        (report & chance(0.015)).tolist(),
        np.where(
            report,
            np.where(
                decided,
                np.array(STATES, dtype=object)[rng.choice(len(STATES), size=n, p=STATE_SHARES)],
                "registered",
            ),
            "",
        ).tolist(),
    ]
    return list(zip(*columns, strict=True))


def secondary_indexes(table: str) -> list[str]:
    """Drop the table's unique constraints and secondary indexes; return the SQL to restore."""
    restore: list[str] = []
    if vendor() == "postgresql":
        for name, definition in fetch(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        ):
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, definition in fetch(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        ):
            restore.append(definition)
            execute(f"DROP INDEX {name}")
    else:
        for name, definition in fetch(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        ):
            restore.append(definition)
            execute(f'DROP INDEX "{name}"')
    return restore


def load(fx: dict[str, Any], reports: int, seed: int) -> dict[str, float]:
    from django.db import connection, transaction

    total = reports + int(reports * ADVICE_PER_REPORT)
    table = "reporting_reportfact"
    timings: dict[str, float] = {}
    started = time.monotonic()
    restore = secondary_indexes(table)
    generate_s = 0.0
    with transaction.atomic():
        for lo in range(1, total + 1, CHUNK):
            n = min(CHUNK, total - lo + 1)
            t = time.monotonic()
            rows = fact_rows(fx, lo, n, reports, seed)
            generate_s += time.monotonic() - t
            with connection.cursor() as cur:
                if vendor() == "postgresql":
                    raw = cur.cursor
                    with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["?"] * len(COLUMNS))
                    connection.connection.executemany(
                        f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", rows
                    )
            log(f"facts {lo + n - 1:,} / {total:,} ({time.monotonic() - started:.0f} s)")
    timings["rows_s"] = round(time.monotonic() - started, 1)
    timings["of_which_numpy_s"] = round(generate_s, 1)
    t = time.monotonic()
    for statement in restore:
        execute(statement)
    timings["indexes_s"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    if vendor() == "postgresql":
        execute(f"VACUUM ANALYZE {table}")
    else:
        execute("ANALYZE")
    timings["analyze_s"] = round(time.monotonic() - t, 1)
    return timings


def aggregate() -> float:
    """The project's own aggregation (``services.cells_rebuild``) from the facts, timed."""
    from django.db import transaction
    from django.utils import timezone

    from ketenzicht.reporting.models import FigureRefresh, ReportFact
    from ketenzicht.reporting.services import cells_rebuild

    started = time.monotonic()
    with transaction.atomic():
        cells_rebuild()
        FigureRefresh.objects.create(
            finished_at=timezone.now(),
            facts=ReportFact.objects.count(),
            seconds=time.monotonic() - started,
        )
    return round(time.monotonic() - started, 1)


def generate(reports: int, seed: int) -> dict[str, Any]:
    try:
        import numpy  # noqa: F401
    except ImportError as exc:  # pragma: no cover
        raise SystemExit("bench/reporting.py needs numpy (pip install numpy)") from exc
    started = time.monotonic()
    fx = create_fixtures()
    timings = load(fx, reports, seed)
    log(f"facts loaded {timings}; aggregating into cells (services.cells_rebuild)")
    timings["cells_rebuild_s"] = aggregate()
    timings["total_s"] = round(time.monotonic() - started, 1)
    return {
        "reports": reports,
        "advice": int(reports * ADVICE_PER_REPORT),
        "seed": seed,
        "chunk": CHUNK,
        "region_id": fx["region_id"],
        "officer_id": fx["officer_id"],
        "timings": timings,
        "complete": True,
    }


# --- measuring -------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, meta: dict[str, Any]) -> None:
        from ketenzicht.organisations.models import Region, User

        self.args = args
        self.meta = meta
        self.region = Region.objects.get(pk=meta["region_id"])
        self.officer = User.objects.get(pk=meta["officer_id"])
        self.municipalities = list(self.region.municipalities.order_by("name"))
        self.common: dict[str, Any] = {"database": vendor(), "reports": meta["reports"]}
        self.figures: dict[str, float] = {}

    def machine(self) -> dict[str, Any]:
        import django
        from django.db import connection

        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        if vendor() == "postgresql":
            engine = f"PostgreSQL {fetch_one('SHOW server_version')}"
            engine += f", shared_buffers {fetch_one('SHOW shared_buffers')}"
            engine += f", work_mem {fetch_one('SHOW work_mem')}"
        else:
            import sqlite3

            engine = f"SQLite {sqlite3.sqlite_version} (file {connection.settings_dict['NAME']})"
        return {
            "bench": "machine",
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "database": engine,
            "python": platform.python_version(),
            "django": django.get_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()],
        }

    def data(self) -> dict[str, Any]:
        from ketenzicht.reporting.models import FigureCell, ReportFact, WaitingPoint

        facts = ReportFact.objects.count()
        in_region = ReportFact.objects.filter(region=self.region)
        size: Any = None
        if vendor() == "postgresql":
            size = round(fetch_one("SELECT pg_database_size(current_database())") / 2**20)
        else:
            size = round(Path(self.args.sqlite).stat().st_size / 2**20)
        return {
            "bench": "data",
            **self.common,
            "facts": facts,
            "report_facts": ReportFact.objects.filter(is_advice=False).count(),
            "facts_in_region": in_region.count(),
            "municipalities_in_region": len(self.municipalities),
            "cells": FigureCell.objects.count(),
            "cells_in_region": FigureCell.objects.filter(region=self.region).count(),
            "waiting_points": WaitingPoint.objects.count(),
            "db_size_mb": size,
            "generation": self.meta.get("timings"),
        }

    def result(self, name: str, samples: list[float], **extra: Any) -> dict[str, Any]:
        stats = percentiles(samples)
        self.figures[name] = stats["p50_ms"]
        return {
            "bench": name,
            "n": len(samples),
            **stats,
            **extra,
            **self.common,
            "loadavg_1m": round(os.getloadavg()[0], 2),
        }

    def bench_dashboard(self) -> dict[str, Any]:
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from ketenzicht.accounts.testing import force_login_verified

        client = Client()
        force_login_verified(client, self.officer)
        url = reverse("reporting:dashboard")

        def request() -> None:
            response = client.get(url, {"regio": "1"})
            if response.status_code != 200:
                raise SystemExit(f"GET {url}?regio=1 answered {response.status_code}")

        queries: list[str] = []

        def counting(execute: Any, sql: str, *rest: Any) -> Any:
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counting):
            request()
        samples = time_calls(request, self.args.repeat, self.args.warmup)
        stats = self.result(
            "region_dashboard",
            samples,
            via="GET /stuurinformatie/?regio=1, django.test.Client in-process (middleware, "
            "view, charts, template), policy officer of the centre municipality",
            queries=len(queries),
            target_p95_ms=TARGET_MS,
        )
        stats["ok"] = stats["p95_ms"] <= TARGET_MS
        return stats

    def bench_engine(self) -> dict[str, Any]:
        from ketenzicht.reporting import dashboard as board
        from ketenzicht.reporting import selectors

        def build() -> Any:
            return board.build(
                title="bench",
                region_id=self.region.pk,
                municipalities=self.municipalities,
                whole_region=True,
                period=None,
            )

        dash = build()
        samples = time_calls(build, self.args.repeat, self.args.warmup)
        years = range(dash.periods[0][0], dash.periods[-1][0] + 1)
        cells = time_calls(
            lambda: selectors.cells_for(self.region, None, years), self.args.repeat, 1
        )
        return self.result(
            "figures_engine",
            samples,
            via="reporting.dashboard.build(whole_region=True): selectors + disclosure + tables",
            tables=len(dash.tables),
            shares=len(dash.shares),
            cells_query_p50_ms=percentiles(cells)["p50_ms"],
        )

    def naive(self) -> dict[tuple[Any, ...], int]:
        """The region table from the raw facts with the ORM, no pre-aggregation."""
        from django.db.models import Count, Q

        from ketenzicht.reporting.models import ReportFact

        years = list(range(FIRST_DAY.year, 2027))
        base = ReportFact.objects.filter(region=self.region, year__in=years).order_by()
        group = ("municipality_id", "year", "half")
        reports = Q(is_advice=False)
        measures: dict[str, Any] = {
            "reports": Count("pk", filter=reports),
            "advice": Count("pk", filter=Q(is_advice=True)),
            "police": Count("pk", filter=reports & Q(from_police=True)),
            "repeat": Count("pk", filter=reports & Q(repeat_12m=True)),
            "during_open": Count("pk", filter=reports & Q(during_open=True)),
            "restraining": Count("pk", filter=reports & Q(restraining_order=True)),
        }
        for kind in KIND_SHARES:
            measures[f"kind:{kind}"] = Count("pk", filter=reports & Q(**{f"k_{kind}": True}))
        for step in ("assessment", "vv", "investigation"):
            measures[f"{step}_due"] = Count("pk", filter=Q(**{f"{step}_in_term__isnull": False}))
            measures[f"{step}_in_term"] = Count("pk", filter=Q(**{f"{step}_in_term": True}))
        table: dict[tuple[Any, ...], int] = {}
        for row in base.values(*group).annotate(**measures):
            for measure in measures:
                table[(row["municipality_id"], row["year"], row["half"], measure)] = row[measure]
        for prefix, field, where in (
            ("reporter", "reporter_group", reports),
            ("decision", "decision", reports & ~Q(decision="")),
            ("outcome", "investigation_outcome", ~Q(investigation_outcome="")),
            ("assessment_days", "assessment_days", Q(assessment_days__isnull=False)),
        ):
            for row in base.filter(where).values(*group, field).annotate(n=Count("pk")):
                key = (row["municipality_id"], row["year"], row["half"], f"{prefix}:{row[field]}")
                table[key] = row["n"]
        return table

    def bench_naive(self) -> dict[str, Any]:
        from ketenzicht.reporting.models import FigureCell

        table = self.naive()
        cells = {
            (m, y, h, measure): v
            for m, y, h, measure, v in FigureCell.objects.filter(
                region=self.region, measure="reports"
            ).values_list("municipality_id", "year", "half", "measure", "value")
        }
        same = all(table.get(key) == value for key, value in cells.items())
        samples = time_calls(self.naive, self.args.naive_repeat, 0)
        result = self.result(
            "naive_orm_aggregation",
            samples,
            via="ReportFact.objects.filter(region).values(municipality, year, half)"
            ".annotate(Count(filter=...)) for the flags + one grouped query per category "
            "(reporter, decision, outcome, assessment days); the raw rows, no cells",
            matches_cells=same,
        )
        for other in ("figures_engine", "region_dashboard"):
            if self.figures.get(other):
                result[f"ratio_to_{other}"] = round(result["p50_ms"] / self.figures[other], 1)
        return result

    def bench_pdf(self) -> dict[str, Any] | None:
        path = ROOT / "bench" / "reporting_pdf.py"
        if not path.exists():
            return None
        spec = importlib.util.spec_from_file_location("bench_reporting_pdf", path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            figures = dict(module.measure(municipalities=20))
        except Exception as exc:  # another helper's script: report, do not crash the run
            return {"bench": "pdf", "error": f"{type(exc).__name__}: {exc}", "database": vendor()}
        return {
            "bench": "pdf",
            **figures,
            "database": vendor(),
            "data": "bench/reporting_pdf.py's own region of 20 municipalities (its cells in a "
            "rolled-back transaction), not the generated facts",
        }

    def run(self, only: set[str]) -> Iterator[dict[str, Any]]:
        yield self.machine()
        yield self.data()
        if "engine" in only:
            yield self.bench_engine()
        if "dashboard" in only:
            yield self.bench_dashboard()
        if "naive" in only:
            yield self.bench_naive()
        if "pdf" in only:
            line = self.bench_pdf()
            if line is not None:
                yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=5_000_000, help="report facts to generate")
    parser.add_argument("--seed", type=int, default=20260701)
    parser.add_argument("--database-url", help="PostgreSQL; default " + DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--sqlite",
        nargs="?",
        const=str(DEFAULT_SQLITE),
        metavar="FILE",
        help=f"use a SQLite file database instead (default file {DEFAULT_SQLITE})",
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data")
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per figure")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls first")
    parser.add_argument("--naive-repeat", type=int, default=3, help="timed naive aggregations")
    parser.add_argument("--only", help="comma-separated subset of " + ", ".join(SECTIONS))
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)
    only = set(SECTIONS) if not args.only else {s.strip() for s in args.only.split(",")}
    if only - set(SECTIONS):
        parser.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")

    if args.sqlite:
        path = Path(args.sqlite).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        args.sqlite = str(path)
        url = f"sqlite:///{path}"
    else:
        url = args.database_url or DEFAULT_DATABASE_URL
        pg_database(url, recreate=False)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connections

    migrate()
    meta = read_meta()
    wanted = {"reports": args.reports, "seed": args.seed, "chunk": CHUNK}
    reuse = (
        not args.rebuild
        and meta is not None
        and meta.get("complete")
        and all(meta.get(k) == v for k, v in wanted.items())
    )
    if reuse:
        assert meta is not None
        log(f"reusing the bench data ({meta['reports']:,} reports)")
    else:
        connections.close_all()
        if args.sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(args.sqlite + suffix).unlink(missing_ok=True)
        else:
            pg_database(url, recreate=True)
        migrate()
        if args.sqlite:
            execute("PRAGMA synchronous=OFF")
        log(
            f"generating {args.reports:,} reports and {int(args.reports * ADVICE_PER_REPORT):,} "
            "advice requests"
        )
        meta = generate(args.reports, args.seed)
        write_meta(meta)
        log(f"generated in {meta['timings']['total_s']} s")
    if args.generate_only:
        return 0
    for line in Bench(args, meta).run(only):
        emit(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
