"""``manage.py reporting_refresh [--enqueue] [--no-progress]``: rebuild the steering figures.

Derives every report's and advice request's facts again from intake and casework, then the
pre-aggregated counts and the waiting list (reporting/services.py says why a rebuild). Meant for
cron (e.g. nightly) and after a data correction.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from ketenzicht.reporting.services import facts_rebuild


class Command(BaseCommand):
    help = "Rebuild the facts and counts behind the steering figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the rebuild to the configured django-tasks backend instead.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from ketenzicht.reporting.tasks import reporting_refresh_task

            queued = reporting_refresh_task.enqueue()
            self.stdout.write(f"Enqueued the figures rebuild {queued.id} ({queued.status}).")
            return
        bar = tqdm(
            desc="facts", unit="report", file=self.stderr, disable=bool(options["no_progress"])
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            count = facts_rebuild(progress=progress)
        finally:
            bar.close()
        self.stdout.write(f"Rebuilt the steering figures from {count} reports and advice requests.")
