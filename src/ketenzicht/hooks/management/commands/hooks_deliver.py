"""``manage.py hooks_deliver [--loop] [--interval N] [--limit N] [--enqueue]``: send the due
webhook deliveries.

Without ``--loop`` it tries every due delivery once and stops (for cron, e.g. every minute);
with ``--loop`` it keeps polling every ``--interval`` seconds until interrupted (a systemd
service). Prints the counts per round; never a payload or a secret.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from ketenzicht.hooks.delivery import deliveries_send_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (retries with backoff included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep polling until stopped.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between rounds with --loop."
        )
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many deliveries per round."
        )
        parser.add_argument(
            "--rounds", type=int, default=0, help="With --loop: stop after this many (0: never)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand one round to the configured django-tasks backend instead of running here.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from ketenzicht.hooks.tasks import hooks_deliver_task

            queued = hooks_deliver_task.enqueue(limit=options["limit"])
            self.stdout.write(f"Enqueued webhook delivery round {queued.id} ({queued.status}).")
            return

        def progress(items: Iterable[int], total: int) -> Iterable[int]:
            bar: Iterable[int] = tqdm(
                items,
                total=total,
                desc="webhooks",
                unit="delivery",
                file=self.stderr,
                disable=bool(options["no_progress"]) or total == 0,
            )
            return bar

        rounds = 0
        try:
            while True:
                summary = deliveries_send_due(limit=options["limit"], progress=progress)
                rounds += 1
                if summary.delivered or summary.retrying or summary.failed or not options["loop"]:
                    self.stdout.write(
                        f"delivered {summary.delivered}, retrying {summary.retrying}, "
                        f"failed {summary.failed}, skipped {summary.skipped}"
                    )
                if not options["loop"] or (options["rounds"] and rounds >= options["rounds"]):
                    return
                time.sleep(max(0.1, options["interval"]))
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
