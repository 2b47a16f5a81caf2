"""Deduplicate the person store per Veilig Thuis organisation into proposals for review.

``manage.py linkage_dedupe [--organisation PK] [--threshold 0.9]``: for each Veilig Thuis
organisation (or the one given), score every pair of its person records that shares a blocking
key, cluster the matched pairs and write the clusters as open proposals in the review queue
(``linkage.dedupe.store_dedupe``). Open proposals of earlier runs are replaced, decided ones
kept, and sets or pairs a reviewer rejected are not proposed again. Nothing is merged.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ketenzicht.linkage.dedupe import store_dedupe, store_persons
from ketenzicht.linkage.scoring import MATCH_THRESHOLD
from ketenzicht.organisations.models import Organisation, OrganisationKind


class Command(BaseCommand):
    help = (
        "Deduplicate the person store of each Veilig Thuis organisation and propose the "
        "clusters for review (nothing is merged without a person confirming it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", type=int, help="Only this Veilig Thuis organisation (its id)."
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=MATCH_THRESHOLD,
            help=f"Match probability from which a pair is proposed (default {MATCH_THRESHOLD}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0.0 < threshold < 1.0:
            raise CommandError("--threshold must lie between 0 and 1.")
        organisations = Organisation.objects.filter(kind=OrganisationKind.VEILIG_THUIS)
        if options["organisation"] is not None:
            organisations = organisations.filter(pk=options["organisation"])
            if not organisations.exists():
                raise CommandError(
                    f"No Veilig Thuis organisation with id {options['organisation']}."
                )
        quiet = options["verbosity"] == 0
        totals = [0, 0, 0]
        for organisation in organisations.order_by("pk"):
            with tqdm(
                total=store_persons(organisation.pk),
                desc=str(organisation),
                unit="person",
                file=sys.stderr,
                disable=quiet,
            ) as bar:
                result = store_dedupe(
                    organisation=organisation, threshold=threshold, progress=bar.update
                )
            totals[0] += result.persons
            totals[1] += result.written.created + result.written.kept
            totals[2] += result.written.removed
            if not quiet:
                self.stdout.write(result.line())
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{totals[0]} persons deduplicated; {totals[1]} proposals open for review, "
                    f"{totals[2]} withdrawn."
                )
            )
