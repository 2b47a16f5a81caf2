"""Link or deduplicate CSV files of person records (data migrations): see docs/linkage-csv.md.

A thin wrapper around :mod:`ketenzicht.linkage.csvlink`, which needs no database; the same
arguments work as ``python -m ketenzicht.linkage.csvlink``.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.linkage import csvlink


class Command(BaseCommand):
    help = (
        "Deduplicate one CSV of person records (dedupe people.csv) or link two (link a.csv "
        "b.csv) through a column mapping; writes the scored pairs and the clusters as CSV. "
        "Every row is validated first: bad input gets a report and no output."
    )
    requires_system_checks: list[str] = []  # no database, no models

    def add_arguments(self, parser: CommandParser) -> None:
        csvlink.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        # Standard error itself: Django's wrapper would end each of tqdm's updates with a newline.
        progress = csvlink.tqdm_progress(sys.stderr, disable=options["verbosity"] == 0)
        try:
            summary = csvlink.link_csv(csvlink.job_from_options(options), progress=progress)
        except csvlink.CsvLinkError as exc:
            raise CommandError(exc.report()) from exc
        if options["verbosity"] > 0:
            self.stdout.write(summary.report())
