#!/usr/bin/env python
"""Sustained intake through the REST API on PostgreSQL. Not a test: it prints JSON lines.

The target (issue #8): at least 200 reports/s through POST /api/v1/reports on this 2-core
machine, with the p50/p95/p99 latency, and no lost or duplicated report under concurrent resends
of the same message ids.

    .venv/bin/python bench/api.py                      # 30 s of intake, then the resend check
    .venv/bin/python bench/api.py --seconds 10 --workers 3 --threads 4 --clients 8

Server: gunicorn (gthread workers; by default one single-threaded worker a core, which served
the most reports here: threads in one process mostly wait for each other's GIL) serving
ketenzicht.wsgi on a free port from 8100, against a fresh database (--database-url, else
postgres://postgres@127.0.0.1:5432/kz_api_bench; dropped and created on each run). Load:
--clients client processes on the SAME machine, each with its own API client (token) and one
keep-alive HTTP connection, sending valid reports as fast as the server answers. Server and load
generator share the two cores; every JSON line says so. After the intake, the floor: the same
clients read their own report's status as fast as answered (a logged call that writes nothing),
the most calls a second this stack serves here. Then batches: the same clients send
--batch-size new reports a call to POST /api/v1/reports/batch (registered together). Last, the
concurrent resends, single and in batches, and the count of the database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kz_api_bench"
TARGET_PER_SECOND = 200.0
SETUP = (
    "server: gunicorn gthread on this machine; load generator: client processes on the same "
    "machine (they share its cores)"
)


def emit(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def free_port(start: int = 8100) -> int:
    for port in range(start, start + 100):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port from 8100")


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(env: dict[str, str], clients: int) -> list[str]:
    """Migrate, create one region with its Veilig Thuis and police, and the API clients."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    script = f"""
import json
from ketenzicht.api.services import api_client_create
from ketenzicht.organisations.models import Municipality, Organisation, Region
region = Region.objects.create(code="bench", name="Bench")
Municipality.objects.create(code="GM0505", name="Dordrecht", region=region)
Organisation.objects.create(name="Veilig Thuis Bench", kind="veilig_thuis", region=region)
police = Organisation.objects.create(name="Politie Bench", kind="police", region=region)
tokens = [
    api_client_create(name=f"bench {{i}}", organisation=police, client_id=f"bench-{{i}}",
                      scopes=["reports:create", "reports:read"])[1]
    for i in range({clients})
]
print(json.dumps(tokens))
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def body(message_id: str, number: int) -> bytes:
    return json.dumps(report(message_id, number)).encode()


def batch_body(prefix: str, first: int, size: int) -> bytes:
    """A batch of ``size`` reports (POST /api/v1/reports/batch), message ids ``prefix-<n>``."""
    reports = [report(f"{prefix}-{first + n}", first + n) for n in range(size)]
    return json.dumps({"reports": reports}).encode()


def report(message_id: str, number: int) -> dict[str, Any]:
    received = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    return {
        "message_id": message_id,
        "received_at": received,
        "municipality": "GM0505",
        "reporter": {"role": "police", "name": "Brigadier Bench", "organisation": "Politie"},
        "household": {
            "street": "Voorstraat",
            "house_number": str(1 + number % 400),
            "postcode": "3311 AB",
            "city": "Dordrecht",
        },
        "people": [
            {"surname": f"Bench{number}", "first_names": "Anna", "role": "victim", "sex": "F"},
            {"surname": f"Bench{number}", "first_names": "Piet", "role": "alleged_perpetrator"},
        ],
        "kinds": ["partner_violence"],
        "urgency": "regular",
        "summary": "Zorgmelding uit de benchmark.",
    }


class Caller:
    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, payload: bytes, path: str = "/api/v1/reports") -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for attempt in range(2):
            try:
                self.conn.request("POST", path, body=payload, headers=headers)
                response = self.conn.getresponse()
                return response.status, json.loads(response.read() or b"{}")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str) -> int:
        self.conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
        response = self.conn.getresponse()
        response.read()
        return response.status


def process_cpu() -> dict[str, float]:
    """CPU seconds (user + system) of every live process, by pid, and each one's name and
    parent: read from /proc (Linux); empty elsewhere."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    seen: dict[str, float] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = entry.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        seen[f"{entry.parent.name}:{fields[1]}:{name}"] = (
            int(fields[11]) + int(fields[12])
        ) / ticks
    return seen


def cpu_split(
    before: dict[str, float], after: dict[str, float], server_pid: int
) -> dict[str, float]:
    """CPU seconds spent between two :func:`process_cpu` readings by the server (gunicorn and
    its workers) and by PostgreSQL (every postgres process)."""
    parents = {key.split(":")[0]: key.split(":")[1] for key in after}

    def in_server(pid: str) -> bool:
        while pid not in ("0", "1", ""):
            if pid == str(server_pid):
                return True
            pid = parents.get(pid, "")
        return False

    split = {"server": 0.0, "database": 0.0}
    for key, seconds in after.items():
        pid, _parent, name = key.split(":", 2)
        spent = seconds - before.get(key, 0.0)
        if name == "postgres":
            split["database"] += spent
        elif in_server(pid):
            split["server"] += spent
    return split


def intake_worker(args: tuple[int, str, int, float, float]) -> dict[str, Any]:
    """One client process: valid new reports as fast as answered until ``deadline``."""
    port, token, index, deadline, start_at = args
    caller = Caller(port, token)
    while time.time() < start_at:
        time.sleep(0.005)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    number = 0
    cpu_start = time.process_time()
    while time.time() < deadline:
        number += 1
        payload = body(f"intake-{index}-{number}", index * 1_000_000 + number)
        started = time.perf_counter()
        status, _answer = caller.post(payload)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "latencies": latencies,
        "statuses": statuses,
        "created": statuses.get(201, 0),
        "cpu_seconds": time.process_time() - cpu_start,
    }


def batch_worker(args: tuple[int, str, int, float, float, int]) -> dict[str, Any]:
    """One client process: batches of ``size`` new reports (POST /api/v1/reports/batch) as fast
    as answered until ``deadline``."""
    port, token, index, deadline, start_at, size = args
    caller = Caller(port, token)
    while time.time() < start_at:
        time.sleep(0.005)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    created = number = 0
    cpu_start = time.process_time()
    while time.time() < deadline:
        payload = batch_body(f"batch-{index}", index * 1_000_000 + number, size)
        number += size
        started = time.perf_counter()
        status, answer = caller.post(payload, "/api/v1/reports/batch")
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
        created += sum(1 for item in answer.get("reports", []) if item["created"])
    return {
        "latencies": latencies,
        "statuses": statuses,
        "created": created,
        "cpu_seconds": time.process_time() - cpu_start,
    }


def floor_worker(args: tuple[int, str, int, float, float]) -> dict[str, Any]:
    """One client process: the status of its own report, read as fast as answered until
    ``deadline`` (the floor: an authenticated, rate-checked, logged call that writes no report)."""
    port, token, index, deadline, start_at = args
    caller = Caller(port, token)
    _status, answer = caller.post(body(f"floor-{index}", 7_000_000 + index))
    path = f"/api/v1/reports/{answer['reference']}"
    while time.time() < start_at:
        time.sleep(0.005)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    cpu_start = time.process_time()
    while time.time() < deadline:
        started = time.perf_counter()
        status = caller.get(path)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "latencies": latencies,
        "statuses": statuses,
        "created": 0,
        "cpu_seconds": time.process_time() - cpu_start,
    }


def run_load(
    worker: Any,
    port: int,
    tokens: list[str],
    seconds: float,
    server_pid: int,
    extra: tuple[Any, ...] = (),
) -> tuple[list[float], dict[str, int], dict[str, float], int]:
    """Every client process runs ``worker`` for ``seconds`` (``extra``: more arguments): the
    latencies, the answers by status, the CPU seconds of server, PostgreSQL and load, and the
    reports created."""
    start_at = time.time() + 1.0
    deadline = start_at + seconds
    with multiprocessing.Pool(len(tokens)) as pool:
        cpu_before = process_cpu()
        results = pool.map(
            worker,
            [(port, tokens[i], i, deadline, start_at, *extra) for i in range(len(tokens))],
        )
        cpu = cpu_split(cpu_before, process_cpu(), server_pid)
    cpu["load"] = sum(result["cpu_seconds"] for result in results)
    latencies = [value for result in results for value in result["latencies"]]
    statuses: dict[str, int] = {}
    for result in results:
        for code, count in result["statuses"].items():
            statuses[str(code)] = statuses.get(str(code), 0) + count
    return latencies, statuses, cpu, sum(result["created"] for result in results)


def resend_worker(args: tuple[int, str, list[str], int]) -> list[tuple[str, int, str]]:
    """Send every message id of ``ids`` ``copies`` times at once (threads), as one client."""
    port, token, ids, copies = args
    answers: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    for number, message_id in enumerate(ids):
        payload = body(message_id, 9_000_000 + number)
        barrier = threading.Barrier(copies)

        def send(payload: bytes = payload, message_id: str = message_id, barrier=barrier) -> None:
            caller = Caller(port, token)
            barrier.wait()
            status, answer = caller.post(payload)
            with lock:
                answers.append((message_id, status, str(answer.get("reference", ""))))

        threads = [threading.Thread(target=send) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return answers


def batch_resend_worker(args: tuple[int, str, str, int, int, int]) -> list[tuple[str, int, str]]:
    """Send ``batches`` batches of ``size`` new message ids, each batch ``copies`` times at once
    (threads), as one client: (message id, created 201/resent 200, reference) per report."""
    port, token, prefix, batches, size, copies = args
    answers: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    for batch in range(batches):
        payload = batch_body(prefix, 9_500_000 + batch * size, size)
        barrier = threading.Barrier(copies)

        def send(payload: bytes = payload, barrier=barrier) -> None:
            caller = Caller(port, token)
            barrier.wait()
            status, answer = caller.post(payload, "/api/v1/reports/batch")
            with lock:
                if status >= 300:
                    answers.append((f"refused-{status}", status, ""))
                for item in answer.get("reports", []):
                    report = item["report"]
                    code = 201 if item["created"] else 200
                    answers.append((report["message_id"], code, report["reference"]))

        threads = [threading.Thread(target=send) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return answers


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def latency_ms(
    values: list[float], prefix: str = "", shares: tuple[float, ...] = (0.50, 0.95, 0.99)
) -> dict[str, float]:
    """``{prefix}p50_ms`` and the other percentiles of ``values`` (seconds), in ms."""
    return {
        f"{prefix}p{round(share * 100)}_ms": round(percentile(values, share) * 1000, 1)
        for share in shares
    }


def cpu_ms_each(cpu: dict[str, float], count: int) -> dict[str, float | None]:
    """The CPU seconds of each part (server, PostgreSQL, load) in ms per report or call."""
    return {
        part: round(seconds * 1000 / count, 2) if count else None for part, seconds in cpu.items()
    }


def count_reports(env: dict[str, str]) -> dict[str, int]:
    script = (
        "import json\nfrom ketenzicht.api.models import ApiReport\n"
        "from ketenzicht.intake.models import Report\nfrom django.db.models import Count\n"
        "dup = ApiReport.objects.values('client','message_id').annotate(n=Count('pk'))"
        ".filter(n__gt=1).count()\n"
        "print(json.dumps({'reports': Report.objects.count(), "
        "'submissions': ApiReport.objects.count(), 'duplicate_keys': dup}))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8, help="load processes (one token each)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument(
        "--floor-seconds",
        type=float,
        default=10.0,
        help="then this long status reads, the floor of a logged call (0: skip)",
    )
    parser.add_argument(
        "--batch-seconds",
        type=float,
        default=20.0,
        help="then this long batches through POST /api/v1/reports/batch (0: skip)",
    )
    parser.add_argument("--batch-size", type=int, default=50, help="reports a batch call")
    parser.add_argument("--resend-ids", type=int, default=40)
    parser.add_argument("--resend-copies", type=int, default=6)
    parser.add_argument(
        "--resend-batches",
        type=int,
        default=10,
        help="batches of 10 new message ids per client, each sent --resend-copies times at once",
    )
    options = parser.parse_args()

    if not options.database_url.startswith("postgres"):
        raise SystemExit("bench/api.py measures on PostgreSQL: give a postgres:// URL")
    recreate_database(options.database_url)
    data_dir = tempfile.mkdtemp(prefix="kz-api-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "KZ_DATA_DIR": data_dir,
        "KZ_API_RATE": "",  # the bench measures the server, not the rate limit
        "KZ_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    tokens = setup(env, options.clients)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ketenzicht.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        # Warm-up: every worker loads Django and opens its database connections.
        warm = Caller(port, tokens[0])
        warmups = options.workers * options.threads * 2
        for number in range(warmups):
            warm.post(body(f"warmup-{number}", 8_000_000 + number))
        emit(
            bench="api",
            step="setup",
            load_average_before=[round(x, 2) for x in os.getloadavg()],
            setup=SETUP,
            cpus=os.cpu_count(),
            python=platform.python_version(),
            server_workers=options.workers,
            server_threads=options.threads,
            load_processes=options.clients,
            port=port,
        )

        latencies, statuses, cpu, created = run_load(
            intake_worker, port, tokens, options.seconds, server.pid
        )
        per_second = created / options.seconds
        emit(
            bench="api",
            step="intake",
            load_average_after=[round(x, 2) for x in os.getloadavg()],
            setup=SETUP,
            seconds=options.seconds,
            requests=len(latencies),
            statuses=statuses,
            reports_per_second=round(per_second, 1),
            **latency_ms(latencies),
            mean_ms=round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
            target_per_second=TARGET_PER_SECOND,
            meets_target=per_second >= TARGET_PER_SECOND,
            cpu_ms_per_report=cpu_ms_each(cpu, created),
        )

        if options.floor_seconds > 0:
            reads, read_statuses, read_cpu, _created = run_load(
                floor_worker, port, tokens, options.floor_seconds, server.pid
            )
            answered = read_statuses.get("200", 0)
            emit(
                bench="api",
                step="floor",
                what=(
                    "GET /api/v1/reports/{reference}: token, scope and rate check, one read, "
                    "its access-log entry, the answer; no report written. The most calls a "
                    "second this stack serves here, for comparison with the intake"
                ),
                setup=SETUP,
                seconds=options.floor_seconds,
                requests=len(reads),
                statuses=read_statuses,
                calls_per_second=round(answered / options.floor_seconds, 1),
                **latency_ms(reads, shares=(0.50, 0.95)),
                cpu_ms_per_call=cpu_ms_each(read_cpu, answered),
            )

        batch_created = 0
        if options.batch_seconds > 0:
            calls, call_statuses, batch_cpu, batch_created = run_load(
                batch_worker,
                port,
                tokens,
                options.batch_seconds,
                server.pid,
                (options.batch_size,),
            )
            batch_per_second = batch_created / options.batch_seconds
            emit(
                bench="api",
                step="batch_intake",
                what=(
                    f"POST /api/v1/reports/batch, {options.batch_size} new reports a call, "
                    "registered together (one transaction, one insert a kind of row)"
                ),
                setup=SETUP,
                seconds=options.batch_seconds,
                batch_size=options.batch_size,
                calls=len(calls),
                statuses=call_statuses,
                reports_per_second=round(batch_per_second, 1),
                **latency_ms(calls, prefix="call_"),
                target_per_second=TARGET_PER_SECOND,
                meets_target=batch_per_second >= TARGET_PER_SECOND,
                cpu_ms_per_report=cpu_ms_each(batch_cpu, batch_created),
            )

        # Concurrent resends: each message id sent --resend-copies times at the same moment,
        # by two clients in parallel (each its own ids).
        halves = [[f"resend-{c}-{n}" for n in range(options.resend_ids // 2)] for c in range(2)]
        with multiprocessing.Pool(4) as pool:
            singles = pool.map_async(
                resend_worker,
                [(port, tokens[c], halves[c], options.resend_copies) for c in range(2)],
            )
            batches = pool.map_async(
                batch_resend_worker,
                [
                    (
                        port,
                        tokens[c],
                        f"resend-batch-{c}",
                        options.resend_batches,
                        10,
                        options.resend_copies,
                    )
                    for c in range(2)
                ],
            )
            answers = [item for part in singles.get() for item in part]
            batch_answers = [item for part in batches.get() for item in part]
        by_id: dict[str, list[tuple[int, str]]] = {}
        for message_id, status, reference in answers + batch_answers:
            by_id.setdefault(message_id, []).append((status, reference))
        one_created = all(sum(s == 201 for s, _r in v) == 1 for v in by_id.values())
        same_reference = all(len({r for _s, r in v}) == 1 and v[0][1] for v in by_id.values())
        counts = count_reports(env)
        floor_reports = options.clients if options.floor_seconds > 0 else 0
        expected = warmups + created + floor_reports + batch_created + len(by_id)
        emit(
            bench="api",
            step="resends",
            setup=SETUP,
            message_ids=len(by_id),
            of_which_in_batches=len({m for m, _s, _r in batch_answers}),
            copies_each=options.resend_copies,
            requests=len(answers),
            batch_calls=2 * options.resend_batches * options.resend_copies,
            batch_report_answers={
                "created": sum(1 for _m, s, _r in batch_answers if s == 201),
                "resent": sum(1 for _m, s, _r in batch_answers if s == 200),
            },
            statuses={
                str(k): sum(1 for _m, s, _r in answers if s == k) for k in {a[1] for a in answers}
            },
            exactly_one_created_per_id=one_created,
            same_reference_per_id=same_reference,
            reports_in_database=counts["reports"],
            submissions_in_database=counts["submissions"],
            expected_reports=expected,
            duplicate_keys=counts["duplicate_keys"],
            lost_or_duplicated=not (
                one_created
                and same_reference
                and counts["reports"] == expected
                and counts["submissions"] == expected
                and counts["duplicate_keys"] == 0
            ),
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
