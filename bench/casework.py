#!/usr/bin/env python
"""Speed benchmark of the Veilig Thuis casework. Not a test: it prints JSON lines.

The target (see README.md in this folder): with 1 million cases and their events in PostgreSQL,
the work queue and the case page answer in at most 150 ms at p95 on a 2-core machine, and
registering a report (intake to stored case with its deadlines) takes at most 100 ms at p95.

    .venv/bin/python bench/casework.py                  # 1,000,000 cases (generated once, reused)
    .venv/bin/python bench/casework.py --cases 20000    # a quick run
    .venv/bin/python bench/casework.py --rebuild        # throw the bench database away first

The database comes from --database-url, else DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/ketenzicht_bench. It is created when missing. Data is
generated set-based in SQL (INSERT ... SELECT over generate_series, in chunks) and reused on the
next run when it holds at least the requested number of cases.

Measurements go through django.test.Client in this process (full middleware, view and template
render, no network) when the views exist; otherwise the selectors and services are timed
directly. Every JSON line says which ("via").
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ketenzicht_bench"
QUEUE_TARGET_MS = 150.0
CASE_TARGET_MS = 150.0
REGISTER_TARGET_MS = 100.0
QUEUE_VIEWS = ("mine", "team", "overdue", "week")
IN_PROCESS = "in-process Django test client, no network"

# --- the synthetic region --------------------------------------------------------------------

# Three Veilig Thuis regions. Share of the cases, then staff: (VT workers, intake workers, leads).
REGIONS: list[dict[str, Any]] = [
    {
        "code": "BENCH-ZHZ",
        "name": "Zuid-Holland Zuid",
        "share": 0.5,
        "staff": (40, 5, 3),
        "municipalities": [
            ("GM0505", "Dordrecht"),
            ("GM0642", "Zwijndrecht"),
            ("GM0610", "Sliedrecht"),
            ("GM0590", "Papendrecht"),
            ("GM0512", "Gorinchem"),
            ("GM0531", "Hendrik-Ido-Ambacht"),
            ("GM0482", "Alblasserdam"),
            ("GM0523", "Hardinxveld-Giessendam"),
            ("GM1978", "Molenlanden"),
            ("GM1963", "Hoeksche Waard"),
        ],
    },
    {
        "code": "BENCH-UTR",
        "name": "Utrecht",
        "share": 0.3,
        "staff": (25, 4, 2),
        "municipalities": [
            ("GM0344", "Utrecht"),
            ("GM0307", "Amersfoort"),
            ("GM0356", "Nieuwegein"),
            ("GM0355", "Zeist"),
            ("GM0321", "Houten"),
            ("GM0345", "Veenendaal"),
            ("GM0353", "IJsselstein"),
            ("GM0310", "De Bilt"),
        ],
    },
    {
        "code": "BENCH-HGL",
        "name": "Haaglanden",
        "share": 0.2,
        "staff": (16, 3, 2),
        "municipalities": [
            ("GM0518", "'s-Gravenhage"),
            ("GM0503", "Delft"),
            ("GM0637", "Zoetermeer"),
            ("GM1783", "Westland"),
            ("GM0603", "Rijswijk"),
            ("GM1916", "Leidschendam-Voorburg"),
            ("GM1926", "Pijnacker-Nootdorp"),
            ("GM0629", "Wassenaar"),
        ],
    },
]

# Cumulative shares of the case states (half the cases are closed; most open ones are monitored).
STATE_SHARES = [
    ("closed", 0.50),
    ("monitoring", 0.71),
    ("vv", 0.79),
    ("investigation", 0.86),
    ("registered", 0.91),
    ("review", 0.93),
    ("decided", 0.96),
    ("handover_offered", 0.99),
    ("handover_refused", 1.00),
]

# The history of a case in each (state, decision): kind, from_state, to_state, actor.
_START = [
    ("registered", "", "registered", "registrar"),
    ("assigned", "", "", "lead"),
    ("assessment_propose", "registered", "review", "worker"),
]
EVENT_PATHS: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {
    ("registered", ""): _START[:2],
    ("review", ""): _START,
    ("decided", "no_further_steps"): [*_START, ("review_approve", "review", "decided", "lead")],
    ("vv", "vv"): [*_START, ("review_approve", "review", "vv", "lead")],
    ("investigation", "investigation"): [
        *_START,
        ("review_approve", "review", "investigation", "lead"),
        ("investigation_start", "", "", "worker"),
    ],
    ("handover_offered", "handover"): [
        *_START,
        ("review_approve", "review", "handover_offered", "lead"),
    ],
    ("handover_refused", "handover"): [
        *_START,
        ("review_approve", "review", "handover_offered", "lead"),
        ("handover_refuse", "handover_offered", "handover_refused", "worker"),
    ],
    ("monitoring", "handover"): [
        *_START,
        ("review_approve", "review", "handover_offered", "lead"),
        ("handover_accept", "handover_offered", "monitoring", "worker"),
        ("task_complete", "", "", "worker"),
    ],
    ("closed", "no_further_steps"): [
        *_START,
        ("review_approve", "review", "decided", "lead"),
        ("task_complete", "", "", "worker"),
        ("case_close", "decided", "closed", "worker"),
    ],
    ("closed", "handover"): [
        *_START,
        ("review_approve", "review", "handover_offered", "lead"),
        ("handover_accept", "handover_offered", "monitoring", "worker"),
        ("monitoring_record", "monitoring", "monitoring", "worker"),
        ("monitoring_record", "monitoring", "closed", "worker"),
    ],
}

# The tasks of a case in each (state, decision): kind, still open?
_DECIDED_TASKS = [("inform_involved", False), ("feedback_decision", False)]
TASK_PATHS: dict[tuple[str, str], list[tuple[str, bool]]] = {
    ("registered", ""): [("inform_involved", True)],
    ("review", ""): [("inform_involved", True)],
    ("decided", "no_further_steps"): [("inform_involved", False), ("feedback_decision", True)],
    ("vv", "vv"): _DECIDED_TASKS,
    ("investigation", "investigation"): _DECIDED_TASKS,
    ("handover_offered", "handover"): _DECIDED_TASKS,
    ("handover_refused", "handover"): _DECIDED_TASKS,
    ("monitoring", "handover"): [*_DECIDED_TASKS, ("monitoring", True)],
    ("closed", "no_further_steps"): _DECIDED_TASKS,
    ("closed", "handover"): [*_DECIDED_TASKS, ("monitoring", False)],
}

NEXT_DUE_LABELS = {
    "registered": "assessment",
    "review": "assessment",
    "decided": "feedback_decision",
    "vv": "vv",
    "investigation": "investigation",
    "handover_offered": "inform_involved",
    "handover_refused": "inform_involved",
    "monitoring": "monitoring",
}

FIRST_NAMES_F = [
    "Anna", "Emma", "Sophie", "Julia", "Fleur", "Sara", "Lotte", "Noa", "Eva", "Mila",
    "Fatima", "Yasmina", "Sanne", "Inge", "Marieke", "Petra", "Els", "Anouk", "Lieke", "Nora",
]  # fmt: skip
FIRST_NAMES_M = [
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Thijs", "Jesse", "Ruben",
    "Mohammed", "Youssef", "Kees", "Jan", "Pieter", "Mark", "Dennis", "Sander", "Erik", "Bas",
]  # fmt: skip
SURNAMES = [
    "Jansen", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
    "Bakker", "Janssen", "Dijkstra", "Brouwer", "Willems", "Kok", "Vermeulen", "Koster",
    "El Amrani", "Yilmaz", "Kaya", "Öztürk", "Nguyen", "Pinas", "Martina", "Wijnaldum",
]  # fmt: skip
PREFIXES = ["van", "de", "van der", "van den", "den", "ter"]
STREETS = [
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianalaan",
    "Beatrixstraat", "Wilhelminastraat", "Nieuwstraat", "Lindelaan", "Eikenlaan", "Parkweg",
    "Rozenstraat", "Marktplein", "Havenkade", "Spoorlaan", "Dijkweg", "Industrieweg",
]  # fmt: skip
CHANNELS = ["phone", "phone", "phone", "web", "police_corv", "mail", "in_person"]
REPORTER_ROLES = [
    "police", "police", "police", "justice", "gp", "hospital", "school", "school", "childcare",
    "youth_care", "youth_health", "local_team", "social_work", "other_professional",
    "neighbour", "family", "self", "anonymous_citizen",
]  # fmt: skip
PROFESSIONAL = {
    "police", "justice", "gp", "hospital", "school", "childcare", "youth_care",
    "youth_health", "local_team", "social_work", "other_professional",
}  # fmt: skip
REPORTER_ORGS = [
    "Politie eenheid", "Huisartsenpraktijk De Linde", "Basisschool De Regenboog",
    "Kinderopvang Het Kasteel", "Jeugdzorg regio", "JGZ consultatiebureau", "Wijkteam Centrum",
    "Ziekenhuis SEH", "Raad voor de Kinderbescherming", "Maatschappelijk werk",
]  # fmt: skip
KINDS = [
    "child_physical_abuse", "child_emotional_abuse", "child_physical_neglect",
    "child_emotional_neglect", "child_sexual_abuse", "child_witnessing", "child_witnessing",
    "partner_violence", "partner_violence", "partner_violence", "ex_partner_violence",
    "elder_abuse", "violence_against_parents", "honour_related", "sexual_violence",
]  # fmt: skip
RISK_FACTORS = [
    "earlier_violence", "escalation", "weapons", "threats_to_kill", "strangulation",
    "separation", "addiction", "psychiatric", "young_children", "pregnancy", "isolation",
    "care_refusal",
]  # fmt: skip
SUMMARIES = [
    "Melder hoorde gisteravond opnieuw harde ruzie en geschreeuw uit de woning; de kinderen "
    "waren thuis. Moeder had de volgende ochtend een blauwe plek op de arm.",
    "Leerling vertelt op school dat vader vaak boos wordt en dan slaat. Het kind komt de laatste "
    "weken zonder ontbijt en in dezelfde kleding op school.",
    "Politie is ter plaatse geweest na een melding van huiselijk geweld tussen partners. Er "
    "waren twee jonge kinderen aanwezig; de situatie is gesust maar niet opgelost.",
    "Huisarts ziet bij een oudere patiënte onverklaarbaar letsel en zorgen over geld dat door "
    "een familielid wordt beheerd. Patiënte durft er niet over te praten.",
    "Consultatiebureau maakt zich zorgen over de ontwikkeling van een peuter en over spanningen "
    "tussen de ouders, die net uit elkaar zijn en elkaar bedreigen.",
    "Buurvrouw ziet regelmatig dat de kinderen 's avonds laat alleen buiten zijn en hoort "
    "moeder schreeuwen. Ze weet niet of er hulp betrokken is.",
]
CONSIDERATIONS = (
    "Er zijn signalen van herhaald partnergeweld in aanwezigheid van de kinderen. Moeder "
    "erkent de zorgen en staat open voor hulp; vader is nog niet gesproken. Er is een netwerk "
    "(oma) dat kan ondersteunen. Directe veiligheid lijkt met afspraken te borgen; stabiele "
    "veiligheid vraagt begeleiding door het lokale team."
)
SAFETY_CONDITIONS = (
    "Geen fysiek geweld meer; bij escalatie belt moeder 112 en gaan de kinderen naar oma. Vader "
    "neemt deel aan een traject agressieregulatie. Het wijkteam ziet het gezin elke twee weken."
)


def sql_text_array(values: Iterable[str]) -> str:
    return "ARRAY[" + ", ".join(sql_literal(v) for v in values) + "]::text[]"


def sql_int_array(values: Iterable[int | None]) -> str:
    return (
        "ARRAY[" + ", ".join("NULL" if v is None else str(int(v)) for v in values) + "]::bigint[]"
    )


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict | list):
        return sql_literal(json.dumps(value)) + "::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def u(salt: int, of: str = "g") -> str:
    """A uniform number in [0, 1) that depends only on ``of`` and ``salt`` (reproducible)."""
    return f"((hashint8extended({of}, {salt}) & 4294967295)::float8 / 4294967296.0)"


def fill(statement: str, **values: int) -> str:
    """Put numbers in the {name} slots of a statement (str.format would trip over JSON)."""
    for name, value in values.items():
        statement = statement.replace("{" + name + "}", str(int(value)))
    return statement


def pick(array_sql: str, n: int, salt: int, of: str = "g") -> str:
    return f"({array_sql})[1 + floor({u(salt, of)} * {n})::int]"


# --- small helpers ---------------------------------------------------------------------------


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False, default=str), flush=True)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "max_ms": round(max(samples), 2),
    }


def chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(1, total + 1, size):
        yield lo, min(lo + size - 1, total)


# --- database plumbing -----------------------------------------------------------------------


def admin_dsn(url: str) -> tuple[str, str]:
    """(dsn of the ``postgres`` maintenance database, name of the bench database)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"bench/casework.py needs PostgreSQL, not {parts.scheme!r} ({url})")
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("DATABASE_URL names no database")
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, "")), name


def ensure_database(url: str) -> bool:
    """Create the bench database when missing. True when it was created now."""
    import psycopg
    from psycopg import sql

    dsn, name = admin_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        log(f"created database {name}")
        return True


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    dsn, name = admin_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"recreated database {name}")


def execute(statement: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement)


def fetch(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return list(cur.fetchall())


def fetch_one(statement: str, params: list[Any] | None = None) -> Any:
    rows = fetch(statement, params)
    return rows[0][0] if rows else None


def table_exists(name: str) -> bool:
    return bool(fetch_one("SELECT to_regclass(%s) IS NOT NULL", [name]))


def read_meta() -> dict[str, Any] | None:
    if not table_exists("bench_meta"):
        return None
    value = fetch_one("SELECT value FROM bench_meta WHERE key = 'dataset'")
    if value is None:
        return None
    return value if isinstance(value, dict) else json.loads(value)


def write_meta(meta: dict[str, Any]) -> None:
    execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('dataset', %s::jsonb) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta, default=str)],
        )


def migrate() -> None:
    from django.core.management import call_command

    # skip_checks: the URL configuration may point at views that are still being written.
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)


# --- set-based generation --------------------------------------------------------------------


def insert_sql(model: Any, values: dict[str, str], source: str) -> str:
    """INSERT INTO <model's table> (every column) SELECT <values> <source>.

    ``values`` maps field names to SQL expressions. A column without one gets NULL (nullable),
    its model default, or '' (blank text); anything else is an error, so a new required column
    shows up here instead of silently breaking the data.
    """
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        name = field.name
        if name in values:
            expression = values[name]
        elif field.attname in values:
            expression = values[field.attname]
        elif field.primary_key:
            continue  # the identity column numbers the rows
        elif field.null:
            expression = "NULL"
        elif field.has_default():
            expression = sql_literal(field.get_default())
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            expression = "now()"
        elif field.get_internal_type() in ("CharField", "TextField", "EmailField") and field.blank:
            expression = "''"
        else:
            raise SystemExit(
                f"bench/casework.py: no value for required column {model._meta.db_table}."
                f"{field.column}; add it to the generator"
            )
        columns.append(field.column)
        expressions.append(f"{expression} AS {field.column}")
    return (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)})\n"
        f"SELECT {', '.join(expressions)}\n{source}"
    )


BULK_TABLES = [
    "intake_household",
    "intake_person",
    "intake_person_households",
    "intake_report",
    "intake_reportperson",
    "casework_case",
    "casework_safetyassessment",
    "casework_handover",
    "casework_caseevent",
    "casework_task",
]


def drop_secondary_indexes(tables: list[str]) -> list[str]:
    """Drop unique constraints and secondary indexes (rebuilt after loading, much faster)."""
    restore: list[str] = []
    for table in tables:
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
    return restore


def create_fixtures() -> dict[str, Any]:
    """Regions, municipalities, organisations and staff, through the ORM (a few hundred rows)."""
    from django.contrib.auth.hashers import make_password

    from ketenzicht.casework.models import TermConfiguration
    from ketenzicht.organisations.models import (
        Municipality,
        Organisation,
        OrganisationKind,
        Region,
        Role,
        User,
    )

    password = make_password("bench-" + os.urandom(8).hex())
    fx: dict[str, Any] = {
        "org_ids": [],
        "shares": [],
        "mun_ids": [],
        "mun_names": [],
        "mun_off": [],
        "mun_cnt": [],
        "local_team_ids": [],
        "workers": [],
        "w_off": [],
        "w_cnt": [],
        "intake": [],
        "i_off": [],
        "i_cnt": [],
        "leads": [],
        "l_off": [],
        "l_cnt": [],
    }
    TermConfiguration.objects.get_or_create(pk=1)
    for number, spec in enumerate(REGIONS, start=1):
        region = Region.objects.create(code=spec["code"], name=spec["name"])
        fx["mun_off"].append(len(fx["mun_ids"]))
        fx["mun_cnt"].append(len(spec["municipalities"]))
        for code, name in spec["municipalities"]:
            municipality = Municipality.objects.create(code=code, name=name, region=region)
            fx["mun_ids"].append(municipality.pk)
            fx["mun_names"].append(name)
            team = Organisation.objects.create(
                name=f"Wijkteam {name}",
                kind=OrganisationKind.LOCAL_TEAM,
                region=region,
                municipality=municipality,
            )
            fx["local_team_ids"].append(team.pk)
        region.centre_municipality_id = fx["mun_ids"][fx["mun_off"][-1]]
        region.save(update_fields=["centre_municipality"])
        org = Organisation.objects.create(
            name=f"Veilig Thuis {spec['name']}",
            kind=OrganisationKind.VEILIG_THUIS,
            region=region,
            phone="0800-2000",
        )
        fx["org_ids"].append(org.pk)
        fx["shares"].append(spec["share"])
        workers, intake, leads = spec["staff"]
        for role, count, key in (
            (Role.VT_WORKER, workers, "workers"),
            (Role.INTAKE_WORKER, intake, "intake"),
            (Role.TEAM_LEAD, leads, "leads"),
        ):
            users = User.objects.bulk_create(
                User(
                    username=f"bench-{number}-{role}-{i:02d}",
                    first_name=FIRST_NAMES_F[i % 20] if i % 2 else FIRST_NAMES_M[i % 20],
                    last_name=SURNAMES[(i * 7 + number) % len(SURNAMES)],
                    email=f"bench-{number}-{role}-{i:02d}@example.org",
                    password=password,
                    organisation=org,
                    role=role,
                )
                for i in range(count)
            )
            offset_key = {"workers": "w_off", "intake": "i_off", "leads": "l_off"}[key]
            count_key = {"workers": "w_cnt", "intake": "i_cnt", "leads": "l_cnt"}[key]
            fx[offset_key].append(len(fx[key]))
            fx[count_key].append(count)
            fx[key].extend(user.pk for user in users)
    return fx


def plan_sql(fx: dict[str, Any], now: str, lo: int, hi: int) -> str:
    """One row per future case g: organisation, state, dates, people. All derived from g."""
    org_case = "CASE"
    cumulative = 0.0
    for index, share in enumerate(fx["shares"][:-1], start=1):
        cumulative += share
        org_case += f" WHEN {u(1)} < {cumulative} THEN {index}"
    org_case += f" ELSE {len(fx['shares'])} END"
    state_case = "CASE"
    for state, upto in STATE_SHARES[:-1]:
        state_case += f" WHEN {u(2)} < {upto} THEN '{state}'"
    state_case += f" ELSE '{STATE_SHARES[-1][0]}' END"
    label_case = (
        "CASE state "
        + " ".join(f"WHEN '{s}' THEN '{label}'" for s, label in NEXT_DUE_LABELS.items())
        + " ELSE '' END"
    )
    now_sql = f"'{now}'::timestamptz"
    day = "interval '1 day'"

    def staff(key: str, salt: int) -> str:
        off, cnt = {"workers": ("w_off", "w_cnt"), "intake": ("i_off", "i_cnt"),
                    "leads": ("l_off", "l_cnt")}[key]  # fmt: skip
        return (
            f"({sql_int_array(fx[key])})[({sql_int_array(fx[off])})[org_idx] + 1 + "
            f"floor({u(salt)} * ({sql_int_array(fx[cnt])})[org_idx])::int]"
        )

    return f"""
INSERT INTO bench_plan
SELECT g, org_idx, org_id, state, decision, urgency, mun_idx, opened_at, assessment_due_at,
  assessed_at, closed_at,
  CASE WHEN state = 'closed' THEN NULL
       WHEN state IN ('registered', 'review') THEN assessment_due_at
       ELSE {now_sql} + {day} * ({u(7)} * 180 - 30) END AS next_due_at,
  {label_case} AS next_due_label,
  worker_id, CASE WHEN state = 'registered' AND {u(8)} < 0.3 THEN NULL ELSE worker_id END,
  registrar_id, lead_id
FROM (
  SELECT *,
    opened_at + CASE WHEN urgency = 'acute' THEN {day} ELSE 7 * {day} END AS assessment_due_at,
    CASE WHEN state IN ('registered', 'review') THEN NULL
         ELSE opened_at + {day} * (1 + {u(6)} * 5) END AS assessed_at,
    CASE WHEN state = 'closed'
         THEN least({now_sql} - {day}, opened_at + {day} * (30 + {u(6)} * 300)) END AS closed_at
  FROM (
    SELECT *,
      CASE WHEN state = 'closed' THEN {now_sql} - {day} * (60 + {u(4)} * 1765)
           WHEN state IN ('registered', 'review') THEN {now_sql} - {day} * ({u(4)} * 9)
           ELSE {now_sql} - {day} * (10 + {u(4)} * 200) END AS opened_at,
      CASE WHEN state IN ('registered', 'review') THEN ''
           WHEN state = 'decided' THEN 'no_further_steps'
           WHEN state IN ('vv', 'investigation') THEN state
           WHEN state = 'closed' AND {u(5)} < 0.5 THEN 'no_further_steps'
           ELSE 'handover' END AS decision,
      CASE WHEN {u(9)} < 0.1 THEN 'acute' ELSE 'regular' END AS urgency,
      ({sql_int_array(fx["mun_off"])})[org_idx] + 1
        + floor({u(3)} * ({sql_int_array(fx["mun_cnt"])})[org_idx])::int AS mun_idx,
      ({sql_int_array(fx["org_ids"])})[org_idx] AS org_id,
      {staff("workers", 10)} AS worker_id,
      {staff("intake", 11)} AS registrar_id,
      {staff("leads", 12)} AS lead_id
    FROM (
      SELECT g, {org_case} AS org_idx, {state_case} AS state
      FROM generate_series({lo}, {hi}) AS g
    ) a
  ) b
) c
"""


def generate(n_cases: int, chunk: int) -> dict[str, Any]:
    from django.db import connection
    from tqdm import tqdm

    from ketenzicht.casework.models import Case, CaseEvent, Handover, SafetyAssessment, Task
    from ketenzicht.intake.models import Household, Person, Report, ReportPerson

    started = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    execute("SET synchronous_commit = off")
    execute("SET maintenance_work_mem = '512MB'")
    execute("SET work_mem = '64MB'")
    fx = create_fixtures()
    restore = drop_secondary_indexes(BULK_TABLES)
    try:
        # Our rows are consistent by construction: skip the per-row foreign key triggers.
        execute("SET session_replication_role = replica")
    except Exception:  # not a superuser: keep the checks, only slower
        log("cannot set session_replication_role (not a superuser); foreign keys checked per row")
    execute("DROP TABLE IF EXISTS bench_plan")
    execute(
        "CREATE UNLOGGED TABLE bench_plan (g bigint PRIMARY KEY, org_idx int, org_id bigint, "
        "state text, decision text, urgency text, mun_idx int, opened_at timestamptz, "
        "assessment_due_at timestamptz, assessed_at timestamptz, closed_at timestamptz, "
        "next_due_at timestamptz, next_due_label text, worker_id bigint, assigned_to_id bigint, "
        "registrar_id bigint, lead_id bigint)"
    )
    mun_ids = sql_int_array(fx["mun_ids"])
    mun_names = sql_text_array(fx["mun_names"])
    local_teams = sql_int_array(fx["local_team_ids"])
    n_persons = "CASE WHEN mod(g, 2) = 1 THEN 2 ELSE 3 END"
    person_id = "5 * ((g - 1) / 2) + CASE WHEN mod(g, 2) = 1 THEN k ELSE 2 + k END"
    plan = "FROM bench_plan p WHERE g BETWEEN {lo} AND {hi}"
    people = (
        "FROM bench_plan p CROSS JOIN LATERAL generate_series(1, " + n_persons + ") AS k "
        "WHERE g BETWEEN {lo} AND {hi}"
    )
    reporter_role = pick(sql_text_array(REPORTER_ROLES), len(REPORTER_ROLES), 40)
    professional = f"{reporter_role} IN ({', '.join(sql_literal(r) for r in sorted(PROFESSIONAL))})"
    kind_1 = pick(sql_text_array(KINDS), len(KINDS), 46)
    kind_2 = pick(sql_text_array(KINDS), len(KINDS), 47)
    dob_child = f"('{now}'::date - (floor({u(52, 'g * 8 + k')} * 17 * 365))::int)"
    dob_adult = f"('{now}'::date - (floor((20 + {u(52, 'g * 8 + k')} * 55) * 365))::int)"
    day = "interval '1 day'"
    steps: list[tuple[str, str]] = [
        ("plan", "{plan}"),
        (
            "households",
            insert_sql(
                Household,
                {
                    "id": "g",
                    "street": pick(sql_text_array(STREETS), len(STREETS), 21),
                    "house_number": f"(1 + floor({u(22)} * 250))::int::text",
                    "house_number_suffix": f"CASE WHEN {u(23)} < 0.1 THEN 'A' ELSE '' END",
                    "postcode": f"(1000 + floor({u(24)} * 8999))::int::text || ' ' || "
                    f"chr(65 + floor({u(25)} * 26)::int) || chr(65 + floor({u(26)} * 26)::int)",
                    "city": f"({mun_names})[mun_idx]",
                    "municipality": f"({mun_ids})[mun_idx]",
                    "created_at": "opened_at",
                },
                plan,
            ),
        ),
        (
            "persons",
            insert_sql(
                Person,
                {
                    "id": person_id,
                    "first_names": "CASE WHEN k = 2 OR "
                    f"(k = 3 AND {u(54, 'g * 8 + k')} >= 0.5) THEN "
                    f"{pick(sql_text_array(FIRST_NAMES_M), 20, 50, 'g * 8 + k')} ELSE "
                    f"{pick(sql_text_array(FIRST_NAMES_F), 20, 50, 'g * 8 + k')} END",
                    "surname_prefix": f"CASE WHEN {u(30)} < 0.25 THEN "
                    f"{pick(sql_text_array(PREFIXES), len(PREFIXES), 31)} ELSE '' END",
                    "surname": f"CASE WHEN k = 1 AND {u(33)} < 0.5 THEN "
                    f"{pick(sql_text_array(SURNAMES), len(SURNAMES), 34)} ELSE "
                    f"{pick(sql_text_array(SURNAMES), len(SURNAMES), 32)} END",
                    "date_of_birth": f"CASE WHEN k = 3 OR (k = 1 AND {u(53)} < 0.5) "
                    f"THEN {dob_child} ELSE {dob_adult} END",
                    "sex": "CASE WHEN k = 2 THEN 'M' WHEN k = 1 THEN 'F' ELSE "
                    f"(ARRAY['F', 'M'])[1 + floor({u(54, 'g * 8 + k')} * 2)::int] END",
                    "bsn": f"CASE WHEN {u(55, 'g * 8 + k')} < 0.6 THEN "
                    f"(100000000 + floor({u(56, 'g * 8 + k')} * 899999999))::bigint::text "
                    "ELSE '' END",
                    "street": pick(sql_text_array(STREETS), len(STREETS), 21),
                    "house_number": f"(1 + floor({u(22)} * 250))::int::text",
                    "house_number_suffix": f"CASE WHEN {u(23)} < 0.1 THEN 'A' ELSE '' END",
                    "postcode": f"(1000 + floor({u(24)} * 8999))::int::text || ' ' || "
                    f"chr(65 + floor({u(25)} * 26)::int) || chr(65 + floor({u(26)} * 26)::int)",
                    "city": f"({mun_names})[mun_idx]",
                    "municipality": f"({mun_ids})[mun_idx]",
                    "created_at": "opened_at",
                },
                people,
            ),
        ),
        (
            "person households",
            f"INSERT INTO {Person.households.through._meta.db_table} (id, person_id, household_id)"
            f" SELECT {person_id}, {person_id}, g {people}",
        ),
        (
            "reports",
            insert_sql(
                Report,
                {
                    "id": "g",
                    "organisation": "org_id",
                    "received_at": f"opened_at - interval '1 hour' * floor({u(41)} * 8)",
                    "channel": pick(sql_text_array(CHANNELS), len(CHANNELS), 42),
                    "reporter_role": reporter_role,
                    "reporter_name": f"CASE WHEN {reporter_role} = 'anonymous_citizen' THEN '' "
                    f"ELSE {pick(sql_text_array(FIRST_NAMES_F), 20, 43)} || ' ' || "
                    f"{pick(sql_text_array(SURNAMES), len(SURNAMES), 44)} END",
                    "reporter_organisation": f"CASE WHEN {professional} THEN "
                    f"{pick(sql_text_array(REPORTER_ORGS), len(REPORTER_ORGS), 45)} ELSE '' END",
                    "reporter_phone": f"'06-' || (10000000 + floor({u(48)} * 89999999))::int",
                    "reporter_shielded": f"{u(49)} < 0.15",
                    "meldcode_step": f"CASE WHEN {professional} THEN 5 END",
                    "reporter_keeps_helping": f"CASE WHEN {professional} THEN {u(57)} < 0.7 END",
                    "kinds": f"CASE WHEN {u(58)} < 0.3 AND {kind_1} <> {kind_2} "
                    f"THEN jsonb_build_array({kind_1}, {kind_2}) "
                    f"ELSE jsonb_build_array({kind_1}) END",
                    "urgency": "urgency",
                    "municipality": f"({mun_ids})[mun_idx]",
                    "household": "g",
                    "summary": pick(sql_text_array(SUMMARIES), len(SUMMARIES), 59),
                    "registered_by": "registrar_id",
                    "created_at": "opened_at",
                },
                plan,
            ),
        ),
        (
            "report persons",
            insert_sql(
                ReportPerson,
                {
                    "id": person_id,
                    "report": "g",
                    "person": person_id,
                    "role": "CASE k WHEN 1 THEN 'victim' WHEN 2 THEN 'alleged_perpetrator' "
                    "ELSE 'child_in_household' END",
                },
                people,
            ),
        ),
        (
            "cases",
            insert_sql(
                Case,
                {
                    "id": "g",
                    "report": "g",
                    "organisation": "org_id",
                    "state": "state",
                    "is_open": "state <> 'closed'",
                    "assigned_to": "assigned_to_id",
                    "opened_at": "opened_at",
                    "closed_at": "closed_at",
                    "assessment_due_at": "assessment_due_at",
                    "assessed_at": "assessed_at",
                    "decision": "decision",
                    "vv_due_at": f"CASE WHEN state = 'vv' THEN next_due_at "
                    f"WHEN decision = 'vv' THEN assessed_at + 70 * {day} END",
                    "investigation_start_due_at": f"CASE WHEN decision = 'investigation' "
                    f"THEN assessed_at + 7 * {day} END",
                    "investigation_started_at": f"CASE WHEN decision = 'investigation' "
                    f"THEN assessed_at + 3 * {day} END",
                    "investigation_due_at": "CASE WHEN state = 'investigation' "
                    "THEN next_due_at END",
                    "next_due_at": "next_due_at",
                    "next_due_label": "next_due_label",
                },
                plan,
            ),
        ),
        (
            "safety assessments",
            insert_sql(
                SafetyAssessment,
                {
                    "id": "g",
                    "case": "g",
                    "proposed_by": "worker_id",
                    "proposed_at": f"coalesce(assessed_at - interval '4 hours', opened_at + {day})",
                    "acute_unsafety": f"urgency = 'acute' AND {u(60)} < 0.5",
                    "structural_unsafety": f"{u(61)} < 0.6",
                    "risk_factors": "jsonb_build_array("
                    f"{pick(sql_text_array(RISK_FACTORS), len(RISK_FACTORS), 62)}, "
                    f"{pick(sql_text_array(RISK_FACTORS), len(RISK_FACTORS), 63)})",
                    "considerations": sql_literal(CONSIDERATIONS),
                    "outcome": "(ARRAY['safe', 'unstable', 'unsafe'])"
                    f"[1 + floor({u(64)} * 3)::int]",
                    "decision": "CASE WHEN decision = '' THEN 'handover' ELSE decision END",
                    "handover_target": "CASE WHEN decision IN ('', 'handover') "
                    "THEN 'local_team' ELSE '' END",
                    "handover_organisation": f"CASE WHEN decision IN ('', 'handover') "
                    f"THEN ({local_teams})[mun_idx] END",
                    "safety_conditions": sql_literal(SAFETY_CONDITIONS),
                    "reviewed_by": "CASE WHEN state <> 'review' THEN lead_id END",
                    "reviewed_at": "assessed_at",
                    "approved": "CASE WHEN state <> 'review' THEN TRUE END",
                },
                plan + " AND state <> 'registered'",
            ),
        ),
        (
            "handovers",
            insert_sql(
                Handover,
                {
                    "id": "g",
                    "case": "g",
                    "target": "'local_team'",
                    "organisation": f"({local_teams})[mun_idx]",
                    "offered_by": "worker_id",
                    "offered_at": "assessed_at + interval '2 hours'",
                    "assessment_summary": sql_literal(CONSIDERATIONS),
                    "safety_conditions": sql_literal(SAFETY_CONDITIONS),
                    "status": "CASE state WHEN 'handover_offered' THEN 'offered' "
                    "WHEN 'handover_refused' THEN 'refused' ELSE 'accepted' END",
                    "responded_at": f"CASE WHEN state <> 'handover_offered' "
                    f"THEN assessed_at + 3 * {day} END",
                    "response_reason": "CASE WHEN state = 'handover_refused' "
                    "THEN 'Het gezin woont buiten ons werkgebied.' ELSE '' END",
                    "monitoring_follows": "TRUE",
                },
                plan + " AND decision = 'handover'",
            ),
        ),
    ]

    # Events and tasks are loaded one step of the history at a time over all cases, so a case's
    # events lie apart in the table as they would after years of use (not clustered per case).
    execute("DROP TABLE IF EXISTS bench_event_path; DROP TABLE IF EXISTS bench_task_path")
    execute(
        "CREATE UNLOGGED TABLE bench_event_path (state text, decision text, ord int, n int, "
        "kind text, from_state text, to_state text, actor text)"
    )
    execute(
        "CREATE UNLOGGED TABLE bench_task_path (state text, decision text, ord int, kind text, "
        "is_open boolean)"
    )
    rows = [
        f"({sql_literal(s)}, {sql_literal(d)}, {i}, {len(path)}, {sql_literal(k)}, "
        f"{sql_literal(f)}, {sql_literal(t)}, {sql_literal(a)})"
        for (s, d), path in EVENT_PATHS.items()
        for i, (k, f, t, a) in enumerate(path, start=1)
    ]
    execute("INSERT INTO bench_event_path VALUES " + ", ".join(rows))
    rows = [
        f"({sql_literal(s)}, {sql_literal(d)}, {i}, {sql_literal(k)}, {sql_literal(o)})"
        for (s, d), path in TASK_PATHS.items()
        for i, (k, o) in enumerate(path, start=1)
    ]
    execute("INSERT INTO bench_task_path VALUES " + ", ".join(rows))
    event_source = (
        "FROM bench_plan p JOIN bench_event_path e USING (state, decision) "
        "WHERE e.ord = {ord} AND g BETWEEN {lo} AND {hi}"
    )
    event_sql = insert_sql(
        CaseEvent,
        {
            "case": "g",
            "kind": "e.kind",
            "actor": "CASE e.actor WHEN 'registrar' THEN registrar_id WHEN 'lead' THEN lead_id "
            "ELSE worker_id END",
            "at": f"opened_at + (coalesce(closed_at, '{now}'::timestamptz) - opened_at) "
            "* (e.ord - 1) / e.n",
            "from_state": "e.from_state",
            "to_state": "e.to_state",
            "reason": "CASE WHEN e.kind = 'review_approve' "
            "THEN 'Akkoord: afweging is volledig en het besluit past bij de signalen.' "
            "ELSE '' END",
            "data": "CASE e.kind WHEN 'registered' THEN jsonb_build_object('urgency', urgency, "
            "'advice_request', NULL) WHEN 'assigned' THEN jsonb_build_object('from', NULL, "
            "'to', worker_id) ELSE '{}'::jsonb END",
        },
        event_source,
    )
    task_source = (
        "FROM bench_plan p JOIN bench_task_path t USING (state, decision) "
        "WHERE t.ord = {ord} AND g BETWEEN {lo} AND {hi}"
    )
    task_sql = insert_sql(
        Task,
        {
            "case": "g",
            "kind": "t.kind",
            "due_at": "CASE WHEN t.is_open AND t.kind <> 'inform_involved' THEN next_due_at "
            f"WHEN t.kind = 'inform_involved' THEN opened_at + 28 * {day} "
            f"WHEN t.kind = 'feedback_decision' THEN assessed_at + 7 * {day} "
            f"ELSE assessed_at + 90 * {day} END",
            "created_at": "CASE WHEN t.kind = 'inform_involved' THEN opened_at "
            "ELSE coalesce(assessed_at, opened_at) END",
            "done_at": "CASE WHEN NOT t.is_open THEN "
            f"least(coalesce(closed_at, '{now}'::timestamptz), "
            f"coalesce(assessed_at, opened_at) + 5 * {day}) END",
            "done_by": "CASE WHEN NOT t.is_open THEN worker_id END",
            "outcome": "CASE WHEN NOT t.is_open THEN 'Gebeld en per brief bevestigd.' ELSE '' END",
        },
        task_source,
    )
    max_events = max(len(p) for p in EVENT_PATHS.values())
    max_tasks = max(len(p) for p in TASK_PATHS.values())

    batches = list(chunks(n_cases, chunk))
    total = len(batches) * (len(steps) + max_events + max_tasks)
    interval = 0.1 if sys.stderr.isatty() else 10.0
    with tqdm(
        total=total, desc="generating", unit="chunk", file=sys.stderr, mininterval=interval
    ) as bar:
        for label, statement in steps:
            bar.set_postfix_str(label)
            for lo, hi in batches:
                if label == "plan":
                    execute(plan_sql(fx, now, lo, hi))
                else:
                    execute(fill(statement, lo=lo, hi=hi))
                bar.update()
        for label, statement, rounds in (
            ("events", event_sql, max_events),
            ("tasks", task_sql, max_tasks),
        ):
            for ord_ in range(1, rounds + 1):
                bar.set_postfix_str(f"{label} step {ord_}")
                for lo, hi in batches:
                    execute(fill(statement, ord=ord_, lo=lo, hi=hi))
                    bar.update()
    execute("SET session_replication_role = DEFAULT")
    loaded = time.perf_counter() - started
    log(f"rows loaded in {loaded:.0f} s; building {len(restore)} indexes")
    for statement in tqdm(
        restore, desc="indexes", unit="index", file=sys.stderr, mininterval=interval
    ):
        execute(statement)
    for table in BULK_TABLES:
        execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
    execute("DROP TABLE bench_plan; DROP TABLE bench_event_path; DROP TABLE bench_task_path")
    indexed = time.perf_counter() - started
    log("VACUUM ANALYZE")
    execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    connection.close()  # forget the session settings above
    return {
        "cases": n_cases,
        "complete": True,
        "generated_at": now,
        "generation_s": round(seconds, 1),
        "load_s": round(loaded, 1),
        "index_s": round(indexed - loaded, 1),
        "vacuum_s": round(seconds - indexed, 1),
        "vt_organisation_ids": fx["org_ids"],
    }


# --- measuring -------------------------------------------------------------------------------


def views_ready() -> dict[str, bool]:
    casework = (ROOT / "src/ketenzicht/casework/views.py").read_text(encoding="utf-8")
    intake = (ROOT / "src/ketenzicht/intake/views.py").read_text(encoding="utf-8")
    return {
        "queue": "def queue" in casework,
        "detail": "def case_detail" in casework,
        "report_new": "def report_new" in intake,
    }


@dataclass
class Timings:
    wall_ms: list[float]  # per call, wall-clock
    cpu_ms: list[float]  # per call, CPU time of this Python process (the Django side)


def time_calls(fn: Callable[[], Any], repeat: int, warmup: int) -> Timings:
    for _ in range(warmup):
        fn()
    timings = Timings([], [])
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        timings.wall_ms.append((time.perf_counter() - start) * 1000)
        timings.cpu_ms.append((time.process_time() - cpu) * 1000)
    return timings


@contextmanager
def count_queries() -> Iterator[list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    box: list[int] = []
    with CaptureQueriesContext(connection) as ctx:
        yield box
    box.append(len(ctx.captured_queries))


class Bench:
    def __init__(self, args: argparse.Namespace, meta: dict[str, Any]) -> None:
        from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User

        self.args = args
        self.meta = meta
        self.rng = random.Random(args.seed)
        self.ready = views_ready()
        org_ids = meta.get("vt_organisation_ids") or list(
            Organisation.objects.filter(kind=OrganisationKind.VEILIG_THUIS)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.organisation = Organisation.objects.get(pk=org_ids[0])  # the biggest region
        staff = User.objects.filter(organisation=self.organisation)
        workers = list(staff.filter(role=Role.VT_WORKER).order_by("pk"))
        self.workers = self.rng.sample(workers, min(5, len(workers)))
        self.registrar = staff.filter(role=Role.INTAKE_WORKER).order_by("pk").first()
        self.common: dict[str, Any] = {}

    # shared figures

    def data_size(self) -> dict[str, Any]:
        from django.utils import timezone

        from ketenzicht.casework.models import Case
        from ketenzicht.casework.selectors import work_queue

        tables = {
            "cases": "casework_case",
            "case_events": "casework_caseevent",
            "tasks": "casework_task",
            "reports": "intake_report",
            "report_persons": "intake_reportperson",
            "persons": "intake_person",
            "households": "intake_household",
            "safety_assessments": "casework_safetyassessment",
            "handovers": "casework_handover",
            "users": "organisations_user",
        }
        counts = {key: fetch_one(f"SELECT count(*) FROM {table}") for key, table in tables.items()}
        counts["open_cases"] = fetch_one("SELECT count(*) FROM casework_case WHERE is_open")
        size = fetch_one("SELECT pg_database_size(current_database())")
        worker = self.workers[0]
        base = Case.objects.filter(organisation=self.organisation, next_due_at__isnull=False)
        queue = {
            "team": base.count(),
            "mine_avg_of_sample": round(
                statistics.fmean(base.filter(assigned_to=w).count() for w in self.workers)
            ),
        }
        today = timezone.localdate()
        for view in ("overdue", "week"):
            kwargs: dict[str, Any] = {"today": today}
            if "now" in inspect.signature(work_queue).parameters:
                kwargs["now"] = timezone.now()
            queue[view] = work_queue(worker, view=view, **kwargs).count()
        self.common = {
            "cases": counts["cases"],
            "events": counts["case_events"],
            "db_size_mb": round(size / 2**20),
        }
        return {
            "bench": "data",
            **counts,
            "db_size_mb": round(size / 2**20),
            "vt_organisations": len(self.meta.get("vt_organisation_ids") or []),
            "queue_sizes_biggest_vt": queue,
            "generation": {k: v for k, v in self.meta.items() if k != "vt_organisation_ids"},
        }

    def machine(self) -> dict[str, Any]:
        import django

        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        mem_gb = None
        try:
            mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
            mem_gb = round(mem_kb / 2**20, 1)
        except (OSError, ValueError, IndexError):
            pass
        settings = {
            name: fetch_one(f"SHOW {name}")
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost")
        }
        return {
            "bench": "machine",
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "mem_gb": mem_gb,
            "postgresql": fetch_one("SHOW server_version"),
            "postgresql_settings": settings,
            "python": platform.python_version(),
            "django": django.get_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()],
            "how": f"{IN_PROCESS}; PostgreSQL on the same machine; timings are wall-clock per "
            "request, including middleware, session save and template rendering",
        }

    def result(
        self, name: str, via: str, samples: Timings, target: float, **extra: Any
    ) -> dict[str, Any]:
        stats = percentiles(samples.wall_ms)
        return {
            "bench": name,
            "via": via,
            "n": len(samples.wall_ms),
            **stats,
            "django_cpu_p50_ms": round(statistics.median(samples.cpu_ms), 2),
            "target_p95_ms": target,
            "ok": stats["p95_ms"] <= target,
            **extra,
            **self.common,
            "loadavg_1m": round(os.getloadavg()[0], 2),
        }

    # clients

    def client_for(self, user: Any) -> Any:
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client

    def bench_queue_client(self) -> Iterator[dict[str, Any]]:
        from django.urls import reverse

        clients = [(w, self.client_for(w)) for w in self.workers]
        url = reverse("casework:queue")
        for view in QUEUE_VIEWS:

            def request(view: str = view) -> Any:
                _, client = self.rng.choice(clients)
                page = self.rng.randint(1, self.args.pages)
                response = client.get(url, {"view": view, "page": page})
                if response.status_code != 200:
                    raise RuntimeError(f"{url}?view={view}&page={page}: {response.status_code}")
                return response

            samples = time_calls(request, self.args.repeat, self.args.warmup)
            with count_queries() as queries:
                response = request()
            yield self.result(
                f"work_queue_{view}",
                IN_PROCESS,
                samples,
                QUEUE_TARGET_MS,
                url=f"{url}?view={view}&page=1..{self.args.pages}",
                queries=queries[0],
                # sanity: distinct case references (Z0000123) on the last page fetched
                cases_on_page=len(set(re.findall(rb"Z\d{7}", response.content))),
                bytes=len(response.content),
            )

    def case_ids(self) -> list[int]:
        ids = [
            row[0]
            for row in fetch(
                "SELECT id FROM casework_case TABLESAMPLE SYSTEM (1) WHERE organisation_id = %s "
                "LIMIT 2000",
                [self.organisation.pk],
            )
        ]
        if len(ids) < 50:
            ids = [
                row[0]
                for row in fetch(
                    "SELECT id FROM casework_case WHERE organisation_id = %s ORDER BY random() "
                    "LIMIT 2000",
                    [self.organisation.pk],
                )
            ]
        return ids

    def bench_case_client(self) -> dict[str, Any]:
        from django.urls import reverse

        clients = [self.client_for(w) for w in self.workers]
        ids = self.case_ids()

        def request() -> Any:
            url = reverse("casework:detail", args=[self.rng.choice(ids)])
            response = self.rng.choice(clients).get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
            return response

        samples = time_calls(request, self.args.repeat, self.args.warmup)
        with count_queries() as queries:
            response = request()
        return self.result(
            "case_page",
            IN_PROCESS,
            samples,
            CASE_TARGET_MS,
            url="/zaken/<random case of the organisation>/",
            queries=queries[0],
            bytes=len(response.content),
        )

    # selectors (database part only, no view or template)

    def bench_queue_selector(self) -> Iterator[dict[str, Any]]:
        from django.core.paginator import Paginator
        from django.utils import timezone

        from ketenzicht.casework.selectors import work_queue

        def queue_kwargs() -> dict[str, Any]:
            kwargs: dict[str, Any] = {"today": timezone.localdate()}
            if "now" in inspect.signature(work_queue).parameters:
                kwargs["now"] = timezone.now()
            return kwargs

        for view in QUEUE_VIEWS:

            def request(view: str = view) -> None:
                user = self.rng.choice(self.workers)
                queryset = work_queue(user, view=view, **queue_kwargs())
                page = Paginator(queryset, self.args.page_size).get_page(
                    self.rng.randint(1, self.args.pages)
                )
                list(page.object_list)

            samples = time_calls(request, self.args.repeat, self.args.warmup)
            yield self.result(
                f"work_queue_{view}_selector",
                "selectors.work_queue + Paginator (count and one page), no view or template",
                samples,
                QUEUE_TARGET_MS,
                page_size=self.args.page_size,
            )

    def bench_case_selector(self) -> dict[str, Any]:
        from ketenzicht.casework.selectors import case_for_page

        ids = self.case_ids()

        def request() -> None:
            case_for_page(self.rng.choice(self.workers), self.rng.choice(ids))

        samples = time_calls(request, self.args.repeat, self.args.warmup)
        return self.result(
            "case_page_selector",
            "selectors.case_for_page, no view or template",
            samples,
            CASE_TARGET_MS,
        )

    # registration

    def registration_service(self) -> Callable[[], Any]:
        from django.utils import timezone

        from ketenzicht.casework.services import report_register
        from ketenzicht.intake.services import AddressInput, PersonInput
        from ketenzicht.organisations.models import Municipality

        municipalities = list(Municipality.objects.filter(region=self.organisation.region_id))

        def register() -> Any:
            n = self.rng.randint(1, 10**6)
            return report_register(
                organisation=self.organisation,
                registered_by=self.registrar,
                received_at=timezone.now() - timedelta(minutes=30),
                channel="phone",
                reporter_role="school",
                reporter_name="Mevrouw de Vries",
                reporter_organisation="Basisschool De Regenboog",
                reporter_phone="078-1234567",
                meldcode_step=5,
                reporter_keeps_helping=True,
                kinds=["child_witnessing", "partner_violence"],
                urgency="regular",
                municipality=self.rng.choice(municipalities),
                household_address=AddressInput(
                    street="Kerkstraat",
                    house_number=str(n % 200 + 1),
                    postcode="3311 AB",
                    city="Dordrecht",
                ),
                people=[
                    PersonInput(surname="Jansen", first_names="Anna", role="victim", sex="F"),
                    PersonInput(
                        surname="Jansen", first_names="Mark", role="alleged_perpetrator", sex="M"
                    ),
                ],
                summary="Kind vertelt op school over ruzies thuis waarbij vader moeder slaat.",
                assign_to=self.rng.choice(self.workers),
            )

        return register

    def registration_post(self) -> Callable[[], Any]:
        from django.urls import reverse
        from django.utils import timezone

        from ketenzicht.organisations.models import Municipality

        client = self.client_for(self.registrar)
        url = reverse("intake:report_new")
        municipalities = list(
            Municipality.objects.filter(region=self.organisation.region_id).values_list(
                "pk", flat=True
            )
        )

        def register() -> Any:
            n = self.rng.randint(1, 10**6)
            received = timezone.localtime() - timedelta(minutes=30)
            data = {
                "received_at": received.strftime("%Y-%m-%dT%H:%M"),
                "channel": "phone",
                "reporter_role": "school",
                "kinds": ["child_witnessing", "partner_violence"],
                "urgency": "regular",
                "reporter_name": "Mevrouw de Vries",
                "reporter_organisation": "Basisschool De Regenboog",
                "reporter_phone": "078-1234567",
                "reporter_email": "",
                "meldcode_step": "5",
                "reporter_keeps_helping": "yes",
                "municipality": str(self.rng.choice(municipalities)),
                "street": "Kerkstraat",
                "house_number": str(n % 200 + 1),
                "house_number_suffix": "",
                "postcode": "3311 AB",
                "city": "Dordrecht",
                "summary": "Kind vertelt op school over ruzies thuis waarbij vader moeder slaat.",
                "people-TOTAL_FORMS": "2",
                "people-INITIAL_FORMS": "0",
                "people-MIN_NUM_FORMS": "0",
                "people-MAX_NUM_FORMS": "20",
                "people-0-role": "victim",
                "people-0-first_names": "Anna",
                "people-0-surname": "Jansen",
                "people-0-sex": "F",
                "people-0-date_of_birth": "1988-04-12",
                "people-1-role": "alleged_perpetrator",
                "people-1-first_names": "Mark",
                "people-1-surname": "Jansen",
                "people-1-sex": "M",
                "people-1-date_of_birth": "1985-09-30",
            }
            response = client.post(url, data)
            if response.status_code != 302:
                raise RuntimeError(
                    f"POST {url}: {response.status_code} (expected a redirect to the new case); "
                    "the form fields may have changed"
                )
            return response

        return register

    def bench_register(self, *, through_view: bool) -> dict[str, Any]:
        from django.db.models import Max

        from ketenzicht.casework.models import Case

        last = Case.objects.aggregate(last=Max("pk"))["last"] or 0
        if through_view:
            register = self.registration_post()
            via = f"POST {IN_PROCESS} to intake:report_new (form, service, redirect; not followed)"
            name = "register_report"
        else:
            register = self.registration_service()
            via = "casework.services.report_register called directly (no view)"
            name = "register_report" if not self.ready["report_new"] else "register_report_service"
        samples = time_calls(register, self.args.repeat, self.args.warmup)
        with count_queries() as queries:
            register()
        created = Case.objects.filter(pk__gt=last).count()
        expected = self.args.repeat + self.args.warmup + 1
        if created != expected:
            raise RuntimeError(f"registration created {created} cases, expected {expected}")
        return self.result(
            name,
            via,
            samples,
            REGISTER_TARGET_MS,
            creates="household, 2 persons, report, case with deadlines, event, task",
            queries=queries[0],
        )

    def run(self) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []

        def out(record: dict[str, Any]) -> None:
            emit(record)
            if "p95_ms" in record:
                results.append(record)

        only = set(self.args.only.split(",")) if self.args.only else {"queue", "case", "register"}
        selectors = self.args.selectors
        out(self.machine())
        out(self.data_size())
        if "queue" in only and self.ready["queue"]:
            for record in self.bench_queue_client():
                out(record)
        if "case" in only and self.ready["detail"]:
            out(self.bench_case_client())
        if "queue" in only and (selectors or not self.ready["queue"]):
            for record in self.bench_queue_selector():
                out(record)
        if "case" in only and (selectors or not self.ready["detail"]):
            out(self.bench_case_selector())
        if "register" in only and self.ready["report_new"]:
            out(self.bench_register(through_view=True))
        if "register" in only and (selectors or not self.ready["report_new"]):
            out(self.bench_register(through_view=False))
        return results


def wait_until_quiet(limit_s: int) -> None:
    """Other work on this small machine inflates every figure: say so, or wait for quiet."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + limit_s
    while os.getloadavg()[0] >= cores / 2 and time.monotonic() < deadline:
        log(f"load average {os.getloadavg()[0]:.2f} on {cores} cores; waiting for quiet")
        time.sleep(15)
    load = os.getloadavg()[0]
    if load >= cores / 2:
        emit(
            {
                "bench": "warning",
                "message": f"load average {load:.2f} on {cores} cores before measuring: other "
                "processes compete for the CPU, so the figures below are inflated",
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to generate")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data")
    parser.add_argument(
        "--database-url", help="default: $DATABASE_URL, else " + DEFAULT_DATABASE_URL
    )
    parser.add_argument("--chunk", type=int, default=100_000, help="rows per INSERT ... SELECT")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per measurement")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--pages", type=int, default=5, help="queue pages are drawn from 1..N")
    parser.add_argument("--page-size", type=int, default=25, help="page size for selector runs")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--selectors", action="store_true", help="also time the selectors alone")
    parser.add_argument(
        "--only", help="comma-separated subset of: queue, case, register (default: all)"
    )
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--wait-quiet",
        type=int,
        default=0,
        metavar="SECONDS",
        help="wait up to this long for the 1-minute load average to drop below half the cores",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="allow regenerating a database whose name lacks 'bench' and that holds other data",
    )
    args = parser.parse_args(argv)

    url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    created = ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketenzicht.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connections

    meta = None if created else read_meta()
    reuse = (
        not args.rebuild
        and meta is not None
        and meta.get("complete")
        and int(meta.get("cases", 0)) >= args.cases
    )
    if reuse:
        assert meta is not None
        log(f"reusing the bench data ({meta['cases']} cases, generated {meta['generated_at']})")
        migrate()  # new migrations of the app, if any
    else:
        name = admin_dsn(url)[1]
        if not created and meta is None and "bench" not in name and not args.force:
            has_data = table_exists("casework_case") and fetch_one(
                "SELECT EXISTS (SELECT 1 FROM casework_case)"
            )
            if has_data:
                raise SystemExit(
                    f"database {name} holds cases but no bench data; refusing to replace it "
                    "(use a database whose name contains 'bench', or --force)"
                )
        if not created:
            connections.close_all()
            recreate_database(url)
        migrate()
        log(f"generating {args.cases} cases")
        meta = generate(args.cases, args.chunk)
        write_meta(meta)
        log(f"generated in {meta['generation_s']} s")
    if args.generate_only:
        return 0
    wait_until_quiet(args.wait_quiet)
    results = Bench(args, meta).run()
    missed = [r["bench"] for r in results if not r["ok"]]
    emit({"bench": "summary", "ok": not missed, "missed": missed})
    return 0


if __name__ == "__main__":
    sys.exit(main())
