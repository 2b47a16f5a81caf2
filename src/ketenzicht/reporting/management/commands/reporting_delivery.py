"""``manage.py reporting_delivery --region zhz --period 2026-H1 --output file.csv``.

Writes the half-year's CBS delivery file of one VT region (docs/delivery-file.md): one coded row
per advice request, report and investigation, with the BSN of the first victim and alleged
perpetrator (``000000000`` where unknown). An operator's tool for the statutory delivery by
Veilig Thuis: the file holds personal data and is logged as one EXPORT in the access log, naming
the cases and persons in it. ``--output -`` writes to standard output. Bad arguments give an
error and write nothing; a file is written next to its target (readable by its owner only) and
renamed into place only when complete and logged; standard output gets the rows once logged.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.organisations.models import Region
from ketenzicht.reporting.delivery import COLUMNS, DeliveryError, coded_row, half_year_bounds
from ketenzicht.reporting.delivery_selectors import delivery_counts, delivery_items


class Command(BaseCommand):
    help = (
        "Write the CBS delivery file of one VT region and half-year (one coded row per advice "
        "request, report and investigation). Contains BSNs: logged as EXPORT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="VT region code, e.g. zhz")
        parser.add_argument("--period", required=True, help="half-year, e.g. 2026-H1")
        parser.add_argument(
            "--output", required=True, help="CSV file to write, or - for standard output"
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        period = str(options["period"]).strip()
        try:
            start, end = half_year_bounds(period, AMSTERDAM)
        except DeliveryError as exc:
            raise CommandError(str(exc)) from exc
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            known = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"unknown VT region {options['region']!r} (known: {known or '-'})")
        output = str(options["output"])
        target: Path | None = None
        if output != "-":
            target = Path(output)
            if target.is_dir() or not target.parent.is_dir():
                raise CommandError(f"cannot write {output!r}: no such directory or it is one")
        counts = delivery_counts(region, start, end)
        # Standard error itself: Django's wrapper would end each of tqdm's updates with a newline.
        bar = tqdm(
            total=counts.total,
            desc="delivery",
            unit="row",
            file=sys.stderr,
            disable=bool(options["no_progress"]) or options["verbosity"] == 0,
        )
        try:
            if target is None:
                # Held until it is logged: nothing leaves before the access log says so (a
                # region's half-year is a few thousand rows).
                buffer = io.StringIO()
                written, case_ids, person_ids = self._write(buffer, region, period, start, end, bar)
                self._log(region, period, "standard output", written, case_ids, person_ids)
                cast(IO[str], self.stdout._out).write(buffer.getvalue())
            else:
                handle, temporary = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".part"
                )
                try:
                    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                        written, case_ids, person_ids = self._write(
                            stream, region, period, start, end, bar
                        )
                    self._log(region, period, target.name, written, case_ids, person_ids)
                    os.replace(temporary, target)
                except BaseException:
                    Path(temporary).unlink(missing_ok=True)
                    raise
        finally:
            bar.close()
        if target is not None and options["verbosity"] > 0:
            self.stdout.write(
                f"Wrote {written} rows ({counts.advice} advice requests, {counts.reports} "
                f"reports, {counts.investigations} investigations) to {target}."
            )

    def _write(
        self, stream: IO[str], region: Region, period: str, start: Any, end: Any, bar: Any
    ) -> tuple[int, set[int], set[int]]:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        written = 0
        case_ids: set[int] = set()
        person_ids: set[int] = set()
        for delivered in delivery_items(region, start, end):
            writer.writerow(
                coded_row(delivered.item, region_code=region.code, period=period, zone=AMSTERDAM)
            )
            written += 1
            if delivered.case_id is not None:
                case_ids.add(delivered.case_id)
            person_ids.update(delivered.person_ids)
            bar.update(1)
        return written, case_ids, person_ids

    def _log(
        self,
        region: Region,
        period: str,
        where: str,
        written: int,
        case_ids: set[int],
        person_ids: set[int],
    ) -> None:
        with transaction.atomic():
            access_record(
                request=None,
                action=AccessAction.EXPORT,
                case_ids=case_ids,
                person_ids=person_ids,
                detail=(
                    f"CBS delivery file {region.code} {period} to {where} ({written} rows, "
                    "with BSN; manage.py reporting_delivery)"
                ),
            )
