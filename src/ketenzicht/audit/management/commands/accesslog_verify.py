"""manage.py accesslog_verify: walk the access log's hash chain; report OK or the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log: every entry numbered in order, chained to the previous by hash, "
        "unchanged, its subjects indexed; reports the first broken link (exit status 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        total = AccessLogEntry.objects.count()
        with tqdm(
            total=total,
            unit="entries",
            desc="access log",
            file=self.stderr._out,
            disable=options["no_progress"] or options["verbosity"] == 0,
        ) as bar:
            outcome = verify_chain(progress=bar.update)
        if not outcome.ok:
            raise CommandError(
                f"Access log BROKEN at entry #{outcome.broken_sequence}: {outcome.problem}. "
                f"{outcome.count} entries before it are intact."
            )
        self.stdout.write(
            f"Access log OK: {outcome.count} entries, chain intact up to "
            f"#{outcome.last_sequence} (hash {outcome.last_hash})."
        )
