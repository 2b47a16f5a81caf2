"""``manage.py api_schema [--check]``: write docs/openapi.yaml, or check that it is current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.api.openapi import REGENERATE, SCHEMA_FILE, schema_yaml


class Command(BaseCommand):
    help = (
        "Schrijft het OpenAPI-schema van de REST API naar docs/openapi.yaml (of controleert het)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Alleen controleren.")

    def handle(self, *args: Any, **options: Any) -> None:
        generated = schema_yaml()
        if options["check"]:
            current = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""
            if current != generated:
                raise CommandError(f"{SCHEMA_FILE} is out of date: run `{REGENERATE}`.")
            self.stdout.write(f"{SCHEMA_FILE} is current.")
            return
        SCHEMA_FILE.write_text(generated)
        self.stdout.write(f"Wrote {SCHEMA_FILE}.")
