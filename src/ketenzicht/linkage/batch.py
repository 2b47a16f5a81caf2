"""Batch linkage: deduplicate one set of person records, or link two sets, then cluster.

A pure module (no Django): the person store's deduplication (``manage.py linkage_dedupe``), the
CSV linkage of a data migration (``manage.py linkage_csv``) and the benchmark all run the same
pipeline as the online radar -- :func:`~ketenzicht.linkage.normalise.normalise`, the blocking keys
of :mod:`~ketenzicht.linkage.blocking`, :func:`~ketenzicht.linkage.compare.compare` and
:func:`~ketenzicht.linkage.scoring.score` -- only over a whole set at once:

1. every record is normalised and indexed under its blocking keys;
2. every pair of records that shares a key is compared once and scored (a key shared by more than
   ``max_block`` records says little and would make the work quadratic: such keys are skipped;
   the pairs they would give nearly always share another, more specific key too);
3. :func:`clusters` joins the pairs at or above the match threshold into connected components:
   the groups of records that are proposed as one person each. Nothing is merged here: a person
   confirms each proposal (the review queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ketenzicht.linkage.blocking import blocking_keys
from ketenzicht.linkage.compare import compare
from ketenzicht.linkage.normalise import NormalisedPerson, normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    MATCH_THRESHOLD,
    POSSIBLE_FROM,
    MatchScore,
    MatchWeights,
    score,
)

#: Keys shared by more records than this are not used to form pairs (see the module docstring).
MAX_BLOCK = 200

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two records that share a blocking key, with their score. In a deduplication ``left`` is
    the smaller record id; in a linkage ``left`` is from the first set, ``right`` from the
    second."""

    left: str
    right: str
    score: MatchScore

    @property
    def probability(self) -> float:
        return self.score.probability


@dataclass(frozen=True, slots=True)
class Cluster:
    """Records proposed as one person: a connected component of matched pairs."""

    record_ids: tuple[str, ...]  # sorted
    pairs: tuple[ScoredPair, ...]  # the matched pairs inside, best first

    @property
    def best(self) -> float:
        return max(p.probability for p in self.pairs)

    @property
    def weakest(self) -> float:
        return min(p.probability for p in self.pairs)


def _index(
    persons: Sequence[NormalisedPerson], side: int, index: dict[str, list[tuple[int, int]]]
) -> None:
    for position, person in enumerate(persons):
        for key in blocking_keys(person):
            index.setdefault(key, []).append((side, position))


def _normalised(
    records: Iterable[PersonRecord], progress: Progress | None
) -> list[NormalisedPerson]:
    out = []
    for record in records:
        out.append(normalise(record))
        if progress is not None and len(out) % 10_000 == 0:
            progress(10_000)
    if progress is not None:
        progress(len(out) % 10_000)
    return out


def _candidate_pairs(
    index: dict[str, list[tuple[int, int]]], *, across: bool, max_block: int
) -> set[tuple[int, int]]:
    """Pairs of positions sharing a key: within side 0 (``across=False``) or from side 0 to
    side 1 (``across=True``)."""
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        if across:
            lefts = [pos for side, pos in members if side == 0]
            rights = [pos for side, pos in members if side == 1]
            pairs.update((a, b) for a in lefts for b in rights)
        else:
            positions = sorted(pos for _, pos in members)
            for i, a in enumerate(positions):
                for b in positions[i + 1 :]:
                    if a != b:
                        pairs.add((a, b))
    return pairs


def dedupe_pairs(
    records: Iterable[PersonRecord],
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = POSSIBLE_FROM,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
) -> Iterator[ScoredPair]:
    """Every pair of ``records`` that shares a blocking key and scores at least ``minimum``.
    Record ids must be unique; ``progress`` is called with the number of records normalised."""
    persons = _normalised(records, progress)
    ids = [p.record_id for p in persons]
    if len(set(ids)) != len(ids):
        raise ValueError("record ids must be unique")
    index: dict[str, list[tuple[int, int]]] = {}
    _index(persons, 0, index)
    for a, b in sorted(_candidate_pairs(index, across=False, max_block=max_block)):
        left, right = persons[a], persons[b]
        if left.record_id > right.record_id:
            left, right = right, left
        result = score(compare(left, right), weights)
        if result.probability >= minimum:
            yield ScoredPair(left.record_id, right.record_id, result)


def link_pairs(
    left: Iterable[PersonRecord],
    right: Iterable[PersonRecord],
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = POSSIBLE_FROM,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
) -> Iterator[ScoredPair]:
    """Every pair of a ``left`` and a ``right`` record that shares a blocking key and scores at
    least ``minimum`` (no pairs within one side)."""
    lefts = _normalised(left, progress)
    rights = _normalised(right, progress)
    index: dict[str, list[tuple[int, int]]] = {}
    _index(lefts, 0, index)
    _index(rights, 1, index)
    for a, b in sorted(_candidate_pairs(index, across=True, max_block=max_block)):
        result = score(compare(lefts[a], rights[b]), weights)
        if result.probability >= minimum:
            yield ScoredPair(lefts[a].record_id, rights[b].record_id, result)


def clusters(pairs: Iterable[ScoredPair], *, threshold: float = MATCH_THRESHOLD) -> list[Cluster]:
    """Connected components of the pairs at or above ``threshold`` (union-find), largest first,
    then by their first record id. Records in no matched pair form no cluster."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    matched: list[ScoredPair] = []
    for pair in pairs:
        if pair.probability < threshold:
            continue
        matched.append(pair)
        for record_id in (pair.left, pair.right):
            parent.setdefault(record_id, record_id)
        a, b = find(pair.left), find(pair.right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for record_id in parent:
        members.setdefault(find(record_id), []).append(record_id)
    inside: dict[str, list[ScoredPair]] = {}
    for pair in matched:
        inside.setdefault(find(pair.left), []).append(pair)
    out = [
        Cluster(
            record_ids=tuple(sorted(ids)),
            pairs=tuple(sorted(inside[root], key=lambda p: (-p.probability, p.left, p.right))),
        )
        for root, ids in members.items()
    ]
    out.sort(key=lambda c: (-len(c.record_ids), c.record_ids[0]))
    return out
