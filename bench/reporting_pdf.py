#!/usr/bin/env python
"""Speed of the half-year report (PDF) for a region of 20 municipalities. Not a test: JSON.

Target: the whole region's report (a summary, the region and every municipality with its tables
and SVG charts) is made in at most 30 s on the 2-core machine.

    .venv/bin/python bench/reporting_pdf.py                    # 20 municipalities
    .venv/bin/python bench/reporting_pdf.py --municipalities 5

``measure(municipalities=20)`` returns the figures as a dict (``bench/reporting.py`` imports it).
Without a configured Django it uses a fresh SQLite database in a temporary folder (migrated
first, not timed). The region and its figure cells (realistic counts: a region of about 5,000
reports and 2,600 advice requests a year, BRIEF section 7, over five years) are written inside a
transaction that is rolled back afterwards, so an existing database is left as it was.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
REPORTS_A_YEAR = 5000
ADVICE_A_YEAR = 2600
YEARS = 5


class _Rollback(Exception):
    pass


def _django() -> None:
    import django
    from django.apps import apps

    if apps.ready:
        return
    sys.path.insert(0, str(ROOT / "src"))
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="kz-bench-pdf-")
        os.environ["KZ_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _shares(rng: random.Random, keys: list[str], weights: list[float]) -> dict[str, float]:
    noisy = [w * rng.uniform(0.8, 1.2) for w in weights]
    total = sum(noisy)
    return {k: w / total for k, w in zip(keys, noisy, strict=True)}


def _cells(region: Any, municipalities: list[Any], latest: tuple[int, int], seed: int) -> int:
    """Figure cells and waiting points of ``YEARS`` years for every municipality."""
    from ketenzicht.reporting.categories import (
        DECISION_CODES,
        INVESTIGATION_OUTCOME_CODES,
        KIND_CODES,
        REPORTER_CODES,
    )
    from ketenzicht.reporting.models import FigureCell, WaitingPoint

    rng = random.Random(seed)
    # One large centre municipality, the rest smaller (like Dordrecht in Zuid-Holland Zuid).
    weights = [6.0] + [rng.uniform(0.5, 2.5) for _ in municipalities[1:]]
    total_weight = sum(weights)
    kinds = [0.50, 0.38, 0.02, 0.03, 0.01, 0.04, 0.01, 0.06]
    reporters = [0.62, 0.06, 0.07, 0.10, 0.05, 0.08, 0.02]
    decisions = [0.20, 0.45, 0.15, 0.08, 0.04, 0.03, 0.03, 0.02]
    outcomes = [0.55, 0.30, 0.15]
    cells: list[FigureCell] = []
    points: list[WaitingPoint] = []
    periods = [(latest[0] - YEARS + 1 + i // 2, 1 + i % 2) for i in range(2 * YEARS)]
    for municipality, weight in zip(municipalities, weights, strict=True):
        share = weight / total_weight

        def add(year: int, half: int, measure: str, value: float, m: Any = municipality) -> None:
            n = round(value)
            if n > 0:
                cells.append(
                    FigureCell(
                        region=region,
                        municipality=m,
                        year=year,
                        half=half,
                        measure=measure,
                        value=n,
                    )
                )

        for year, half in periods:
            reports = REPORTS_A_YEAR / 2 * share * rng.uniform(0.85, 1.15)
            advice = ADVICE_A_YEAR / 2 * share * rng.uniform(0.85, 1.15)
            add(year, half, "reports", reports)
            add(year, half, "advice", advice)
            for measure, fraction in (
                ("police", 0.62),
                ("repeat", 0.2),
                ("during_open", 0.285),
                ("restraining", 0.02),
            ):
                add(year, half, measure, reports * fraction * rng.uniform(0.8, 1.2))
            for prefix, codes, mix, base in (
                ("kind", KIND_CODES, kinds, reports * 1.08),
                ("kind_advice", KIND_CODES, kinds, advice * 1.05),
                ("reporter", REPORTER_CODES, reporters, reports),
                ("decision", DECISION_CODES, decisions, reports * 0.95),
                ("outcome", INVESTIGATION_OUTCOME_CODES, outcomes, reports * 0.07),
            ):
                for code, fraction in _shares(rng, list(codes), mix).items():
                    add(year, half, f"{prefix}:{code}", base * fraction)
            for step, due, in_term, span in (
                ("assessment", 0.95, rng.uniform(0.7, 0.97), 12),
                ("vv", 0.15, rng.uniform(0.6, 0.9), 120),
                ("investigation", 0.08, rng.uniform(0.6, 0.9), 120),
            ):
                n = reports * due
                add(year, half, f"{step}_due", n)
                add(year, half, f"{step}_in_term", n * in_term)
                for _ in range(12):  # a histogram of lead times: a dozen buckets
                    add(year, half, f"{step}_days:{rng.randint(0, span)}", n / 12)
        for index in range(12 * YEARS):
            year = latest[0] - YEARS + 1 + index // 12
            month = index % 12 + 1
            end = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            points.append(
                WaitingPoint(
                    region=region,
                    municipality=municipality,
                    on=date.fromordinal(end),
                    value=int(60 * share * rng.uniform(0.3, 1.7)),
                )
            )
    FigureCell.objects.bulk_create(cells, batch_size=5000)
    WaitingPoint.objects.bulk_create(points, batch_size=5000)
    return len(cells)


def measure(municipalities: int = 20, *, out: str = "") -> dict[str, Any]:
    """Time the half-year report PDF of a region of ``municipalities`` municipalities
    (``out``: also write the PDF there, to look at)."""
    _django()
    from django.db import transaction
    from django.utils import timezone, translation

    from ketenzicht.organisations.models import Municipality, Region
    from ketenzicht.reporting import halfyear

    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            region = Region.objects.create(code="BENCH-PDF", name="Benchregio")
            members = [
                Municipality.objects.create(
                    code=f"GM98{i:02d}", name=f"Benchgemeente {i + 1:02d}", region=region
                )
                for i in range(municipalities)
            ]
            region.centre_municipality = members[0]
            region.save(update_fields=["centre_municipality"])
            latest = (timezone.localdate().year - 1, 2)
            cells = _cells(region, members, latest, seed=20261203)
            steps: list[float] = []
            started = time.perf_counter()
            with translation.override("nl"):
                data, pages = halfyear.report_pdf(
                    region=region,
                    municipalities=sorted(members, key=lambda m: m.name),
                    whole_region=True,
                    period=latest,
                    made_at=timezone.now(),
                    progress=lambda done, total: steps.append(time.perf_counter()),
                )
            seconds = time.perf_counter() - started
            if out:
                Path(out).write_bytes(data)
            figures_done = steps[municipalities] if len(steps) > municipalities else started
            result = {
                "name": "halfyear_report_pdf",
                "municipalities": municipalities,
                "figure_cells": cells,
                "seconds": round(seconds, 2),
                "seconds_figures": round(figures_done - started, 2),
                "seconds_layout": round(steps[-2] - figures_done, 2) if len(steps) > 1 else None,
                "seconds_write": round(steps[-1] - steps[-2], 2) if len(steps) > 1 else None,
                "pages": pages,
                "bytes": len(data),
                "target_seconds": TARGET_SECONDS,
                "within_target": seconds <= TARGET_SECONDS,
                "starts_with_pdf": data.startswith(b"%PDF"),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--out", default="", help="write the PDF here too")
    args = parser.parse_args()
    print(json.dumps(measure(args.municipalities, out=args.out)))
