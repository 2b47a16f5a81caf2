"""manage.py external_import_series <file.csv>: published figures (police, CBS, ...)."""

from __future__ import annotations

from typing import Any

from ketenzicht.external.management.commands._common import ImportCommand
from ketenzicht.external.services import series_import


class Command(ImportCommand):
    help = (
        "Import published figures (columns: indicator, municipality, period, value, source; "
        "municipality NL01 for national figures); all rows or none (docs/external-figures.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_import(options["path"], lambda data: series_import(data=data))
