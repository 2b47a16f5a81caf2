"""Deduplicating the person store of one Veilig Thuis organisation into proposals to review.

``store_dedupe`` reads the organisation's person records (:func:`store_records`), runs them
through the batch pipeline (:func:`~ketenzicht.linkage.batch.dedupe_pairs`, the same scoring as
the radar at intake), leaves out the pairs a reviewer split apart before, clusters the matched
pairs (:func:`~ketenzicht.linkage.batch.clusters`), leaves out the sets a reviewer rejected, and
writes the rest as the open proposals (:func:`~ketenzicht.linkage.review.proposals_replace`).
Nothing is merged here. ``manage.py linkage_dedupe`` and ``demo_load`` call it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.batch import BatchStats, Progress, ScoredPair, clusters, dedupe_pairs
from ketenzicht.linkage.conversion import RECORD_FIELDS, record_from_values
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.review import ProposalsWritten, members_digest, proposals_replace
from ketenzicht.linkage.scoring import MATCH_THRESHOLD
from ketenzicht.linkage.selectors import rejected_pairs, rejected_sets
from ketenzicht.organisations.models import Organisation


def store_persons(organisation_id: int) -> int:
    """How many records :func:`store_records` yields (for a progress bar)."""
    known = ReportPerson.objects.filter(report__organisation_id=organisation_id)
    return (
        Person.objects.filter(pk__in=known.values("person_id"), merged_into__isnull=True)
        .order_by()
        .count()
    )


def store_records(organisation_id: int) -> Iterator[PersonRecord]:
    """The records of every person known to the organisation through its reports and not merged
    into another record, in pk order, streamed from one query (no model instances)."""
    known = ReportPerson.objects.filter(report__organisation_id=organisation_id)
    rows = (
        Person.objects.filter(pk__in=known.values("person_id"), merged_into__isnull=True)
        .order_by("pk")
        .values_list(*RECORD_FIELDS)
        .iterator(chunk_size=10_000)
    )
    for row in rows:
        yield record_from_values(row)


@dataclass(frozen=True)
class DedupeResult:
    organisation: Organisation
    persons: int  # records read
    pairs: int  # matched pairs, without the pairs split apart before
    clusters: int  # groups of records found
    skipped: int  # groups rejected before, not proposed again
    written: ProposalsWritten
    #: Seconds per stage: reading and normalising ("normalise"), "index", "compare",
    #: "cluster", "write".
    seconds: dict[str, float] = field(default_factory=dict)
    compared: int = 0  # pairs compared

    def line(self) -> str:
        total = sum(self.seconds.values())
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        return (
            f"{self.organisation}: {self.persons} persons, {self.compared} pairs compared, "
            f"{self.pairs} matched, {self.clusters} clusters ({self.skipped} rejected before); "
            f"proposals: {self.written.created} new, {self.written.kept} still open, "
            f"{self.written.removed} withdrawn; {total:.1f} s ({stages})"
        )


def _without(pairs: Iterable[ScoredPair], rejected: set[tuple[int, int]]) -> Iterator[ScoredPair]:
    for pair in pairs:
        a, b = int(pair.left), int(pair.right)
        if (min(a, b), max(a, b)) not in rejected:
            yield pair


def store_dedupe(
    *,
    organisation: Organisation,
    threshold: float = MATCH_THRESHOLD,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> DedupeResult:
    """Propose the clusters of ``organisation``'s person store for review (see the module
    docstring); ``progress`` is called with the number of records read; ``now`` is the time new
    proposals are stamped with (default: now)."""
    read = 0

    def counted(records: Iterable[PersonRecord]) -> Iterator[PersonRecord]:
        nonlocal read
        for record in records:
            read += 1
            yield record

    stats = BatchStats()
    matched = list(
        _without(
            dedupe_pairs(
                counted(store_records(organisation.pk)),
                minimum=threshold,
                progress=progress,
                stats=stats,
            ),
            rejected_pairs(organisation.pk),
        )
    )
    started = time.perf_counter()
    found = clusters(matched, threshold=threshold)
    rejected = rejected_sets(organisation.pk)
    fresh = [c for c in found if members_digest(int(r) for r in c.record_ids) not in rejected]
    clustered = time.perf_counter()
    written = proposals_replace(organisation=organisation, clusters=fresh, now=now)
    seconds = {
        **stats.seconds,
        "cluster": round(clustered - started, 2),
        "write": round(time.perf_counter() - clustered, 2),
    }
    return DedupeResult(
        organisation=organisation,
        persons=read,
        pairs=len(matched),
        clusters=len(found),
        skipped=len(found) - len(fresh),
        written=written,
        seconds=seconds,
        compared=stats.compared,
    )
