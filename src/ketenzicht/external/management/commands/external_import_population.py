"""manage.py external_import_population <file.csv> [--source TEXT]: CBS population figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from ketenzicht.external.management.commands._common import ImportCommand
from ketenzicht.external.services import population_import


class Command(ImportCommand):
    help = (
        "Import inhabitants on 1 January per municipality (columns: municipality, year, "
        "inhabitants[, age_band][, source]); all rows or none (docs/external-figures.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--source", default="CBS StatLine", help="Source for rows without one (default CBS)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = str(options["source"])
        self.run_import(
            options["path"], lambda data: population_import(data=data, default_source=source)
        )
