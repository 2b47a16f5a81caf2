"""Batch linkage: deduplicate one set of person records, or link two sets, then cluster.

A pure module (no Django): the person store's deduplication (``manage.py linkage_dedupe``), the
CSV linkage of a data migration (``manage.py linkage_csv``) and the benchmarks all run the same
pipeline as the online radar -- :func:`~ketenzicht.linkage.normalise.normalise`, the blocking keys
of :mod:`~ketenzicht.linkage.blocking`, :func:`~ketenzicht.linkage.compare.compare` and
:func:`~ketenzicht.linkage.scoring.score` -- only over a whole set at once:

1. every record is normalised and indexed under its blocking keys (hashed to integers);
2. every pair of records that shares a key is compared once (from its smaller position: each
   record is paired with the members of its blocks that come after it, so no set of all pairs
   is ever built and ranges of records can be handed to worker processes independently) and
   scored. A block that would give more than ``max_block * (max_block - 1) / 2`` pairs says
   little and would make the work quadratic: it is skipped (its pairs nearly always share
   another, more specific key too). The name key is asymmetric (see
   :mod:`~ketenzicht.linkage.blocking`): under a name, records without a date of birth are
   paired with each other and with those with one, never two records that both give a date of
   birth. Two records that share only their address and give dates of birth with neither the
   year nor the day and month in common are co-residents, not one person (a typo in a date
   keeps one of the two): they are not compared either. Before the names are compared, the
   cheap fields bound the score (:func:`~ketenzicht.linkage.scoring.upper_bound`, exact); a
   pair that cannot reach the minimum stops there;
3. each pair is scored in its context: the number of records (for the prior) and, when the two
   share a name, how many records have that name (:class:`~ketenzicht.linkage.scoring.
   ScoringContext`);
4. :func:`clusters` joins the pairs at or above the match threshold into connected components:
   the groups of records that are proposed as one person each. Nothing is merged here: a person
   confirms each proposal (the review queue).

With ``workers`` > 1 (and at least :data:`PARALLEL_FROM` records) forked worker processes do
the work in two rounds. First they normalise ranges of the records and send back each range's
key data -- the keys hashed to integers, in flat arrays (:class:`_KeyData`) -- and its normalised
records (pickled as their given fields; the derived ones are rebuilt, mostly from caches, at a
third of the cost of normalising), while this process builds the blocks from each range as it
comes (dicts of integer hashes; a key that only one record has gets no list). Then a fresh set
of workers inherits the plan and the normalised records (copy-on-write) and compares ranges of
records; only the scored pairs at or above ``minimum`` travel back. Fork is a POSIX facility;
elsewhere (or for small inputs) everything runs in this process. ``bench/README.md`` has the
figures of each step.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from array import array
from bisect import bisect_right
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from ketenzicht.linkage.blocking import ADDRESS, DATED, DAY_MONTH, UNDATED, YEAR, blocking_keys
from ketenzicht.linkage.compare import (
    Field,
    compare_cheap,
    compare_names,
    compare_surname,
)
from ketenzicht.linkage.normalise import NormalisedPerson, normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    MATCH_THRESHOLD,
    POSSIBLE_FROM,
    MatchScore,
    MatchWeights,
    ScoringContext,
    score,
    tightened_bound,
    upper_bound,
    weight_from_probability,
)

#: Blocks that would give more pairs than ``MAX_BLOCK * (MAX_BLOCK - 1) / 2`` are skipped.
MAX_BLOCK = 200
#: The key kinds that pin the date of birth only in part or not at all (see ``_Plan``).
_PARTIAL_DATE_KINDS = frozenset({ADDRESS, YEAR, DAY_MONTH})
#: Below this many records the batch runs in one process whatever ``workers`` says.
PARALLEL_FROM = 20_000

Progress = Callable[[int], None]


@dataclass
class BatchStats:
    """Figures of one batch run, filled in as it goes (pass one to see them)."""

    records: int = 0
    blocks: int = 0  # keys shared by two or more records
    skipped_blocks: int = 0  # too big to pair
    compared: int = 0  # pairs compared and scored
    kept: int = 0  # pairs at or above the minimum
    workers: int = 1
    seconds: dict[str, float] = field(default_factory=dict)  # normalise, index, compare


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


# --- the plan: records, their keys and the blocks -------------------------------------------------

#: How a key takes part in the plan (``_KeyData.kinds``): an ordinary key, one that pins the date
#: of birth only in part (``_PARTIAL_DATE_KINDS``), the name key of a record with a date of birth
#: and that of one without.
_PLAIN = 0
_PARTIAL = 1
_NAME_DATED = 2
_NAME_UNDATED = 3
#: ``_KeyData.names`` of a record without a name key.
_NO_NAME = -1


@dataclass
class _KeyData:
    """The blocking keys of a range of records, hashed, in flat arrays: all the plan needs of a
    record besides the record itself, compact enough to come back from a worker process cheaply.
    Per record: ``counts`` keys (their hashes and kinds in ``hashes`` and ``kinds``, record after
    record), its name (the hash of its undated name key, or ``_NO_NAME``) and its date of birth
    as the integer ``YYYYMMDD`` (0 without one) and as its proleptic ordinal (for the date rule
    of ``_dates_unrelated``, before a record is normalised in the comparing worker)."""

    hashes: array[int] = field(default_factory=lambda: array("q"))
    kinds: array[int] = field(default_factory=lambda: array("b"))
    counts: array[int] = field(default_factory=lambda: array("b"))
    names: array[int] = field(default_factory=lambda: array("q"))
    born: array[int] = field(default_factory=lambda: array("i"))
    ordinals: array[int] = field(default_factory=lambda: array("i"))

    def extend(self, other: _KeyData) -> None:
        self.hashes.extend(other.hashes)
        self.kinds.extend(other.kinds)
        self.counts.extend(other.counts)
        self.names.extend(other.names)
        self.born.extend(other.born)
        self.ordinals.extend(other.ordinals)

    def as_tuple(
        self,
    ) -> tuple[array[int], array[int], array[int], array[int], array[int], array[int]]:
        return self.hashes, self.kinds, self.counts, self.names, self.born, self.ordinals


def _key_data(persons: Iterable[NormalisedPerson]) -> _KeyData:
    data = _KeyData()
    hashes, kinds, counts, names, born, ordinals = data.as_tuple()
    for person in persons:
        own: list[int] = []
        name = _NO_NAME
        for key in blocking_keys(person):
            kind = key[:3]
            if kind in (UNDATED, DATED):
                # Both spellings of the name key meet in one block (the undated one's hash).
                hashed = hash(UNDATED + key[3:])
                name = hashed
                code = _NAME_UNDATED if kind == UNDATED else _NAME_DATED
            else:
                hashed = hash(key)
                code = _PARTIAL if kind in _PARTIAL_DATE_KINDS else _PLAIN
            if hashed in own:
                continue  # two keys of one record with one hash: counted once
            own.append(hashed)
            hashes.append(hashed)
            kinds.append(code)
        counts.append(len(own))
        names.append(name)
        day = person.date_of_birth
        if day is None:
            born.append(0)
            ordinals.append(0)
        else:
            born.append(day.year * 10_000 + day.month * 100 + day.day)
            ordinals.append(day.toordinal())
    return data


@dataclass
class _Plan:
    records: Sequence[PersonRecord]
    #: Per record its normalised form (from the keying workers, or normalised here); one still
    #: missing is normalised when a comparison needs it.
    persons: list[NormalisedPerson | None]
    sides: list[int]  # 0 for every record of a deduplication; 0 / 1 per set in a linkage
    across: bool  # a linkage: pairs across the two sets only
    weights: MatchWeights
    minimum: float
    store_size: int
    #: The hashes of every record's keys, record after record; record ``a``'s are
    #: ``hashes[offsets[a]:offsets[a + 1]]``. Which of them form a block is looked up as the
    #: comparing workers go (in parallel), not listed per record beforehand.
    hashes: array[int] = field(default_factory=lambda: array("q"))
    offsets: array[int] = field(default_factory=lambda: array("q"))
    #: Key hash -> positions, for the keys of two or more records only (no list for each of the
    #: millions of keys only one record has).
    blocks: dict[int, list[int]] = field(default_factory=dict)
    undated: dict[int, list[int]] = field(default_factory=dict)  # name key -> positions
    skipped: set[int] = field(default_factory=set)  # blocks too big to pair
    name_keys: set[int] = field(default_factory=set)
    #: Keys that pin the date of birth only in part or not at all (``_PARTIAL_DATE_KINDS``).
    partial_date_keys: set[int] = field(default_factory=set)
    name_counts: dict[int, int] = field(default_factory=dict)  # name -> records with it
    names: array[int] = field(default_factory=lambda: array("q"))  # per record: its name
    #: Per record its date of birth as ``YYYYMMDD`` (0: none) and as an ordinal (``_KeyData``).
    born: array[int] = field(default_factory=lambda: array("i"))
    ordinals: array[int] = field(default_factory=lambda: array("i"))


def _plan(
    records: Sequence[PersonRecord],
    persons: list[NormalisedPerson | None],
    chunks: Iterable[_KeyData],
    sides: list[int],
    *,
    across: bool,
    weights: MatchWeights,
    minimum: float,
    max_block: int,
    store_size: int,
) -> _Plan:
    """The plan of a run: the blocks, built from the key data of consecutive ranges of records
    as they come (from worker processes, while they normalise the next ranges)."""
    plan = _Plan(records, persons, sides, across, weights, minimum, store_size)
    data = _KeyData()
    first: dict[int, int] = {}  # key hash -> the one record with it, so far
    blocks = plan.blocks
    undated = plan.undated
    name_keys, partial_date_keys = plan.name_keys, plan.partial_date_keys
    position = 0
    for chunk in chunks:
        hashes, kinds, counts = chunk.hashes, chunk.kinds, chunk.counts
        start = 0
        for count in counts:
            stop = start + count
            for index in range(start, stop):
                hashed = hashes[index]
                code = kinds[index]
                if code >= _NAME_DATED:
                    name_keys.add(hashed)
                    if code == _NAME_UNDATED:
                        if hashed in undated:
                            undated[hashed].append(position)
                        else:
                            undated[hashed] = [position]
                elif code == _PARTIAL:
                    partial_date_keys.add(hashed)
                members = blocks.get(hashed)
                if members is not None:
                    members.append(position)
                else:
                    other = first.get(hashed)
                    if other is None:
                        first[hashed] = position
                    else:
                        blocks[hashed] = [other, position]
            start = stop
            position += 1
        data.extend(chunk)
    plan.names, plan.born, plan.ordinals = data.names, data.born, data.ordinals
    hashes, counts = data.hashes, data.counts
    first.clear()
    name_counts = plan.name_counts
    for name in data.names:
        if name != _NO_NAME:
            name_counts[name] = name_counts.get(name, 0) + 1
    limit = max_block * (max_block - 1) // 2
    for hashed, members in blocks.items():
        if hashed in name_keys:
            pairs = len(undated.get(hashed, ())) * len(members)
        else:
            pairs = len(members) * (len(members) - 1) // 2
        if pairs > limit:
            plan.skipped.add(hashed)
    plan.hashes = hashes
    offsets = plan.offsets
    offsets.append(0)
    end = 0
    for count in counts:
        end += count
        offsets.append(end)
    return plan


def _person(plan: _Plan, position: int) -> NormalisedPerson:
    person = plan.persons[position]
    if person is None:
        person = normalise(plan.records[position])
        plan.persons[position] = person
    return person


def _candidates(plan: _Plan, a: int) -> set[int]:
    """The positions after ``a`` that record ``a`` is paired with: the later members of its
    blocks, under its name key only the undated ones when ``a`` itself has a date of birth
    (block lists are in position order, so the later members are a slice). Under a key that
    pins the date of birth only in part (the address, the year, the day and month), a member
    whose date of birth is unrelated to ``a``'s (:func:`_dates_unrelated`) is left out: if the
    two are one person they share another key too, under which the member is found; if not,
    they are co-residents, or namesakes born in the same year or on the same day of the year."""
    blocks, undated, name_keys = plan.blocks, plan.undated, plan.name_keys
    partial, born, ordinals = plan.partial_date_keys, plan.born, plan.ordinals
    a_born = born[a]
    a_ordinal = ordinals[a]
    # Two records with a date of birth that share a name are not paired under it (the name key
    # is asymmetric), yet the name is a key they share: one more reason to compare them.
    names = plan.names
    name = names[a]
    named = name != _NO_NAME and name not in plan.skipped
    hashes, skipped = plan.hashes, plan.skipped
    found: set[int] = set()
    for index in range(plan.offsets[a], plan.offsets[a + 1]):
        hashed = hashes[index]
        block = blocks.get(hashed)
        if block is None or hashed in skipped:
            continue  # a key only ``a`` has, or a block too big to pair
        members = undated.get(hashed, ()) if a_born != 0 and hashed in name_keys else block
        # The later members by index where each is checked, no list copied for that.
        first, last = bisect_right(members, a), len(members)
        if a_born != 0 and hashed in partial:
            for index in range(first, last):
                b = members[index]
                b_born = born[b]
                if (
                    b_born == 0
                    or (named and names[b] == name)
                    or not _dates_unrelated(a_born, b_born, a_ordinal, ordinals[b])
                ):
                    found.add(b)
        elif first < last:
            found.update(members[first:])  # one copy, added in bulk
    return found


_POWERS = (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000)


def _dates_unrelated(x: int, y: int, x_ordinal: int, y_ordinal: int) -> bool:
    """Whether two dates of birth (``YYYYMMDD`` integers and their ordinals, both given) are
    :attr:`~ketenzicht.linkage.compare.DateOfBirthLevel.DIFFERENT` for
    :func:`~ketenzicht.linkage.compare.compare_date_of_birth`: not the same, not day and month
    swapped, not a day apart, not one digit wrong or two adjacent digits swapped, not the same
    year and month, not the same year with one side 1 January. The same rule on integers, so
    that a pair can be set aside before its records are normalised (a test keeps the two in
    step)."""
    if x == y:
        return False
    if x // 10_000 == y // 10_000:
        x_month, y_month = x // 100 % 100, y // 100 % 100
        if x_month == y_month:
            return False  # the same year and month
        if x_month == y % 100 and x % 100 == y_month:
            return False  # day and month swapped
        if x % 10_000 == 101 or y % 10_000 == 101:
            return False  # the same year, one side only the year (1 January)
    if x_ordinal - y_ordinal == 1 or y_ordinal - x_ordinal == 1:
        return False  # a day apart
    first = second = -1
    for position in range(8):
        if x // _POWERS[position] % 10 != y // _POWERS[position] % 10:
            if first < 0:
                first = position
            elif second < 0:
                second = position
            else:
                return True  # three digits differ
    if second < 0:
        return False  # one digit differs
    if second != first + 1:
        return True
    low, high = _POWERS[first], _POWERS[second]
    # Two adjacent digits differ: a typo when they are swapped.
    return not (x // low % 10 == y // high % 10 and x // high % 10 == y // low % 10)


def _compare_records(
    plan: _Plan, positions: Iterable[int]
) -> tuple[int, list[tuple[int, int, MatchScore]]]:
    """Every pair ``(a, b)`` with ``a`` in ``positions`` and ``b > a`` among its candidates,
    scored; and how many pairs were compared. Each pair is compared once: from its smaller
    position. A record is normalised (in a comparing worker) only once a pair needs it."""
    sides, across = plan.sides, plan.across
    weights, minimum, size = plan.weights, plan.minimum, plan.store_size
    names, name_counts = plan.names, plan.name_counts
    lowest = weight_from_probability(minimum)
    # One context for the pairs that share no name, one for each name count: not one per pair.
    unnamed = ScoringContext(size, None)
    contexts: dict[int, ScoringContext] = {}
    out = []
    compared = 0
    for a in positions:
        left: NormalisedPerson | None = None
        name = names[a]
        side = sides[a]
        for b in _candidates(plan, a):
            if across and sides[b] == side:
                continue
            if left is None:
                left = _person(plan, a)
            right = _person(plan, b)
            if name != _NO_NAME and name == names[b]:
                count = name_counts[name]
                context = contexts.get(count) or contexts.setdefault(
                    count, ScoringContext(size, count)
                )
            else:
                context = unnamed
            cheap = compare_cheap(left, right)
            compared += 1
            bound = upper_bound(cheap, weights, context)
            if bound < lowest:
                continue  # cannot reach the minimum, whatever the names say
            surname = compare_surname(left, right)
            if tightened_bound(bound, Field.SURNAME, surname, weights) < lowest:
                continue  # nor whatever the first names say
            cheap[Field.SURNAME] = surname
            result = score(compare_names(left, right, cheap), weights, context)
            if result.probability >= minimum:
                out.append((a, b, result))
    return compared, out


# --- running the plan, in this process or in forked workers -------------------------------------


@contextmanager
def _without_cyclic_gc() -> Generator[None, None, None]:
    """A batch builds millions of small objects without reference cycles; Python's cyclic
    garbage collector would scan the growing heap again and again (a third of the run time at a
    million records). Reference counting still frees everything; the collector is back after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WORKER_PLAN: _Plan | None = None  # the plan a forked comparing worker inherits
_WORKER_RECORDS: Sequence[PersonRecord] = ()  # the records a forked keying worker inherits


def _worker_keys(
    chunk: range,
) -> tuple[
    tuple[array[int], array[int], array[int], array[int], array[int], array[int]],
    list[NormalisedPerson],
]:
    records = _WORKER_RECORDS
    persons = [normalise(records[i]) for i in chunk]
    return _key_data(persons).as_tuple(), persons


def _worker_shard(shard: range) -> tuple[int, list[tuple[int, int, MatchScore]]]:
    plan = _WORKER_PLAN
    assert plan is not None
    return _compare_records(plan, shard)


def _chunks(size: int, count: int) -> list[range]:
    step = max(1, -(-size // count))
    return [range(start, min(size, start + step)) for start in range(0, size, step)]


def _keyed(
    records: Sequence[PersonRecord],
    persons: list[NormalisedPerson | None],
    count: int,
    progress: Progress | None,
) -> Iterator[_KeyData]:
    """Every record normalised and its keys hashed, range after range: in this process (filling
    in ``persons``), or by ``count`` forked workers that send back the key data and the
    normalised records of each range (filled in to ``persons`` here, so that the comparing
    workers inherit them). The plan is built from each range as it comes, while the workers
    normalise the next ones."""
    if count == 1:
        for position, record in enumerate(records):
            persons[position] = normalise(record)
            if progress is not None and (position + 1) % 10_000 == 0:
                progress(10_000)
        if progress is not None:
            progress(len(records) % 10_000)
        yield _key_data(p for p in persons if p is not None)
        return
    chunks = _chunks(len(records), count * 16)
    global _WORKER_RECORDS
    _WORKER_RECORDS = records
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(count) as pool:
            for chunk, (part, normalised) in zip(
                chunks, pool.imap(_worker_keys, chunks), strict=True
            ):
                persons[chunk.start : chunk.stop] = normalised
                if progress is not None:
                    progress(len(chunk))
                yield _KeyData(*part)
    finally:
        _WORKER_RECORDS = ()


def _timed(chunks: Iterator[_KeyData], ended: list[float]) -> Iterator[_KeyData]:
    """``chunks``, noting in ``ended`` when the last one came."""
    yield from chunks
    ended[0] = time.perf_counter()


def _run(plan: _Plan, count: int, stats: BatchStats) -> Iterator[tuple[int, int, MatchScore]]:
    started = time.perf_counter()
    stats.workers = count
    stats.blocks = len(plan.blocks) - len(plan.skipped)
    stats.skipped_blocks = len(plan.skipped)
    if count == 1:
        compared, found = _compare_records(plan, range(len(plan.records)))
        stats.compared += compared
        stats.kept += len(found)
        yield from found
    else:
        global _WORKER_PLAN
        _WORKER_PLAN = plan
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(count) as pool:
                for compared, found in pool.imap_unordered(
                    _worker_shard, _chunks(len(plan.records), count * 16)
                ):
                    stats.compared += compared
                    stats.kept += len(found)
                    yield from found
        finally:
            _WORKER_PLAN = None
    stats.seconds["compare"] = round(time.perf_counter() - started, 2)


def _worker_count(workers: int | None, records: int) -> int:
    if records < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        workers = os.cpu_count() or 1
    return max(1, workers)


# --- the public functions ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    weights: MatchWeights
    minimum: float
    max_block: int
    progress: Progress | None
    workers: int | None
    stats: BatchStats


def _scored(
    sets: Sequence[Iterable[PersonRecord]], options: _Options
) -> Iterator[tuple[list[PersonRecord], int, int, MatchScore]]:
    """The pipeline of both public functions: one set is deduplicated, two are linked (pairs
    across only; the prior is that of a store the size of the larger set). Yields the
    records, the two positions (smaller first) and the score."""
    stats = options.stats
    with _without_cyclic_gc():
        started = time.perf_counter()
        parts = [list(records) for records in sets]
        records = [r for part in parts for r in part]
        if len(sets) == 1 and len({r.record_id for r in records}) != len(records):
            raise ValueError("record ids must be unique")
        stats.records = len(records)
        count = _worker_count(options.workers, len(records))
        persons: list[NormalisedPerson | None] = [None] * len(records)
        ended = [started]  # when the last range was normalised
        plan = _plan(
            records,
            persons,
            _timed(_keyed(records, persons, count, options.progress), ended),
            [side for side, part in enumerate(parts) for _ in part],
            across=len(sets) > 1,
            weights=options.weights,
            minimum=options.minimum,
            max_block=options.max_block,
            store_size=max(len(part) for part in parts),
        )
        # Normalising (and, with workers, indexing as the ranges come in), then indexing alone.
        stats.seconds["normalise"] = round(ended[0] - started, 2)
        stats.seconds["index"] = round(time.perf_counter() - ended[0], 2)
        for a, b, result in _run(plan, count, stats):
            yield records, a, b, result
        # Freed before the collector is back: it would otherwise scan all of it once.
        _release(plan)


def _release(plan: _Plan) -> None:
    plan.persons = []
    plan.hashes = array("q")
    plan.offsets = array("q")
    plan.blocks = {}
    plan.undated = {}
    plan.name_counts = {}


def dedupe_pairs(
    records: Iterable[PersonRecord],
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = POSSIBLE_FROM,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
    workers: int | None = None,
    stats: BatchStats | None = None,
) -> Iterator[ScoredPair]:
    """Every pair of ``records`` that shares a blocking key and scores at least ``minimum``, in
    no particular order; ``left`` is the smaller record id. Record ids must be unique;
    ``progress`` is called with the number of records normalised; ``workers`` processes
    normalise and compare (default: one per core); ``stats`` is filled in as the run goes."""
    options = _Options(weights, minimum, max_block, progress, workers, stats or BatchStats())
    for known, a, b, result in _scored([records], options):
        first, second = sorted((known[a].record_id, known[b].record_id))
        yield ScoredPair(first, second, result)


def link_pairs(
    left: Iterable[PersonRecord],
    right: Iterable[PersonRecord],
    *,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = POSSIBLE_FROM,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
    workers: int | None = None,
    stats: BatchStats | None = None,
) -> Iterator[ScoredPair]:
    """Every pair of a ``left`` and a ``right`` record that shares a blocking key and scores at
    least ``minimum`` (no pairs within one side), in no particular order. The prior is that of
    a store the size of the larger set."""
    options = _Options(weights, minimum, max_block, progress, workers, stats or BatchStats())
    for known, a, b, result in _scored([left, right], options):
        # Positions run through the left set first: the smaller one is the left record.
        yield ScoredPair(known[a].record_id, known[b].record_id, result)


def clusters(pairs: Iterable[ScoredPair], *, threshold: float = MATCH_THRESHOLD) -> list[Cluster]:
    """Connected components of the pairs at or above ``threshold`` (union-find), largest first,
    then by their first record id. Records in no matched pair form no cluster."""
    with _without_cyclic_gc():
        return _clusters(pairs, threshold)


def _clusters(pairs: Iterable[ScoredPair], threshold: float) -> list[Cluster]:
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
