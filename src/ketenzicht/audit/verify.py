"""Walking the access log's hash chain (``manage.py accesslog_verify``).

Streams the entries in sequence order and checks, for each: that its number follows the
previous one (none removed), that it names the previous entry's hash, that its own hash matches
its contents, and that the subject index holds exactly its case, person and household ids.
Finally the chain head must name the last entry (none removed from the end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ketenzicht.audit.chain import GENESIS_HASH, HASHED_FIELDS, entry_hash
from ketenzicht.audit.models import AccessLogEntry, AccessLogHead, AccessLogSubject, SubjectKind

CHUNK = 2000
_KIND_FIELD = {
    SubjectKind.CASE: "case_ids",
    SubjectKind.PERSON: "person_ids",
    SubjectKind.HOUSEHOLD: "household_ids",
}


@dataclass(frozen=True)
class Outcome:
    count: int
    last_sequence: int
    last_hash: str
    broken_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_sequence is None


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _subjects(entry_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The subject rows of these entries. One range query (entry ids grow with the sequence,
    both given under the chain lock); rows of other entries in the range are simply unused."""
    found: dict[int, dict[str, list[int]]] = {}
    wanted = set(entry_ids)
    kinds = {str(kind): field for kind, field in _KIND_FIELD.items()}
    for entry_id, kind, object_id in (
        AccessLogSubject.objects.filter(entry_id__gte=min(entry_ids), entry_id__lte=max(entry_ids))
        .order_by("entry_id", "kind", "object_id")
        .values_list("entry_id", "kind", "object_id")
    ):
        if entry_id in wanted:
            found.setdefault(entry_id, {}).setdefault(kinds[kind], []).append(object_id)
    return found


def verify_chain(*, progress: Callable[[int], None] | None = None) -> Outcome:
    """Walk the whole chain; the outcome names the first broken link, if any."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    count = 0
    rows = (
        AccessLogEntry.objects.order_by("sequence")
        .values("id", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    for chunk in _chunks(rows):
        subjects = _subjects([row["id"] for row in chunk])
        for row in chunk:
            sequence = row["sequence"]
            problem = ""
            if sequence != expected_sequence:
                if sequence > expected_sequence:
                    missing = (
                        f"#{expected_sequence}"
                        if sequence == expected_sequence + 1
                        else f"#{expected_sequence} to #{sequence - 1}"
                    )
                    problem = f"entry {missing} is missing (removed) before this one"
                else:
                    problem = f"sequence number {sequence} where {expected_sequence} was expected"
            elif row["previous_hash"] != previous_hash:
                problem = (
                    f"its previous hash {row['previous_hash'][:16]}… does not match the hash of "
                    f"entry #{sequence - 1} ({previous_hash[:16]}…)"
                )
            elif entry_hash(row) != row["hash"]:
                problem = (
                    "its contents do not match its hash (the entry was changed after it was "
                    "written)"
                )
            else:
                index = subjects.get(row["id"], {})
                for field in ("case_ids", "person_ids", "household_ids"):
                    if sorted(row[field]) != index.get(field, []):
                        problem = (
                            f"its {field.replace('_', ' ')} {sorted(row[field])} differ from the "
                            f"subject index {index.get(field, [])}"
                        )
                        break
            if problem:
                return Outcome(count, expected_sequence - 1, previous_hash, sequence, problem)
            count += 1
            expected_sequence = sequence + 1
            previous_hash = row["hash"]
        if progress is not None:
            progress(len(chunk))
    head = AccessLogHead.objects.filter(pk=1).values("sequence", "hash").first()
    last = expected_sequence - 1
    if head is not None and (head["sequence"], head["hash"]) != (last, previous_hash):
        if head["sequence"] > last:
            problem = (
                f"the chain head names entry #{head['sequence']} but the last entry is #{last}: "
                "entries were removed from the end"
            )
        else:
            problem = f"the chain head (#{head['sequence']}) does not match the last entry"
        return Outcome(count, last, previous_hash, last + 1, problem)
    return Outcome(count, last, previous_hash)
