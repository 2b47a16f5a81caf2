"""A sample of record pairs for checking the Splink level functions against ``compare.py``: every
pair that shares a blocking key among some synthetic records, plus random pairs."""

from __future__ import annotations

from itertools import combinations, islice
from random import Random

from ketenzicht.linkage.blocking import blocking_keys
from ketenzicht.linkage.normalise import NormalisedPerson, normalise
from ketenzicht.linkage.synthetic import generate


def sample_pairs(
    *, persons: int, records: int, random_pairs: int, seed: int = 5
) -> tuple[list[NormalisedPerson], list[tuple[int, int]]]:
    """The normalised records and the pairs of their positions (smaller first), sorted."""
    people = [normalise(s.record) for s in islice(generate(persons=persons, seed=seed), records)]
    by_key: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        for key in blocking_keys(p):
            by_key.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = {pair for ids in by_key.values() for pair in combinations(ids, 2)}
    rnd = Random(seed)
    for _ in range(random_pairs):
        i, j = sorted(rnd.sample(range(len(people)), 2))
        pairs.add((i, j))
    return people, sorted(pairs)
