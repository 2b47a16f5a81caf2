"""The access log's hash chain, as pure calculation (no Django).

Each entry's hash is SHA-256 over a canonical serialisation of its fields and the previous
entry's hash: sorted-key JSON, no spaces, UTF-8, times as UTC ISO 8601 with microseconds, id
lists as sorted integers. Changing any field of any entry, removing one or reordering them
breaks the chain from that entry on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that go into an entry's hash, in no particular order (the JSON sorts its keys).
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "user_id",
    "username",
    "organisation_id",
    "organisation_name",
    "role",
    "action",
    "case_ids",
    "person_ids",
    "household_ids",
    "detail",
    "path",
    "method",
    "ip_address",
    "user_agent",
    "previous_hash",
)


def canonical_ids(ids: Iterable[Any]) -> list[int]:
    """Sorted distinct positive integer ids; anything else is refused with ValueError."""
    result: set[int] = set()
    for value in ids:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"an id must be a positive integer, not {value!r}")
        result.add(value)
    return sorted(result)


def canonical_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the access log needs a timezone-aware time")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def serialise(fields: Mapping[str, Any]) -> bytes:
    """The canonical bytes of one entry (``fields`` holds every name in HASHED_FIELDS)."""
    missing = [name for name in HASHED_FIELDS if name not in fields]
    if missing:
        raise ValueError(f"missing fields for the hash: {', '.join(missing)}")
    data = {name: fields[name] for name in HASHED_FIELDS}
    data["occurred_at"] = canonical_time(fields["occurred_at"])
    for name in ("case_ids", "person_ids", "household_ids"):
        data[name] = [int(i) for i in fields[name]]
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(serialise(fields)).hexdigest()
