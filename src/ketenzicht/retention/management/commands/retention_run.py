"""``manage.py retention_run [--dry-run] [--enqueue]``: destroy closed files past their term.

Meant for cron (e.g. nightly). Prints every destroyed file (reference, municipality, closure
date, counts) and the totals; the run itself is stored as a ``RetentionRun`` row.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from ketenzicht.retention.services import retention_run, retention_years


class Command(BaseCommand):
    help = "Destroy closed case files whose retention term has ended, leaving tombstones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be destroyed."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the run to the configured django-tasks backend instead of running here.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (e.g. in cron mail)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        if options["enqueue"]:
            from ketenzicht.retention.tasks import retention_run_task

            queued = retention_run_task.enqueue(dry_run=dry_run)
            self.stdout.write(f"Enqueued retention run {queued.id} ({queued.status}).")
            return

        def progress(items: Any, total: int) -> Any:
            return tqdm(
                items,
                total=total,
                desc="retention",
                unit="file",
                file=self.stderr,
                disable=bool(options["no_progress"]),
            )

        years = retention_years()
        result = retention_run(dry_run=dry_run, progress=progress)
        verb = "would destroy" if dry_run else "destroyed"
        self.stdout.write(
            f"Retention term {years} years: files closed on or before "
            f"{result.cutoff:%Y-%m-%d %H:%M %Z}."
        )
        for item in result.items:
            if item.error:
                self.stdout.write(f"  {item.reference}: NOT destroyed ({item.error})")
                continue
            counts = ", ".join(f"{k} {v}" for k, v in item.counts.items() if v)
            self.stdout.write(
                f"  {item.reference} ({item.municipality_code}, closed {item.closed_on}): {counts}"
            )
        totals = ", ".join(f"{k} {v}" for k, v in result.totals().items() if v) or "nothing"
        self.stdout.write(f"{'Dry run: ' if dry_run else ''}{verb} {len(result.destroyed)} files")
        self.stdout.write(f"Totals: {totals}")
        if result.failed:
            self.stdout.write(f"{len(result.failed)} files could not be destroyed (see above).")
        if result.run is not None:
            self.stdout.write(f"Recorded as retention run {result.run.pk}.")
