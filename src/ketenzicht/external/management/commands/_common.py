"""Shared by the two import commands: read the file, call the service, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.external.services import ImportRejected, ImportResult


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8, with or without BOM).")

    def run_import(self, path: Path, call: Callable[[bytes], ImportResult]) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            result = call(data)
        except ImportRejected as rejected:
            for message in rejected.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{path}: {len(rejected.errors)} problem(s); nothing was imported."
            ) from None
        self.stdout.write(
            f"{path}: {result.rows} rows imported "
            f"({result.created} new, {result.updated} replaced)."
        )
