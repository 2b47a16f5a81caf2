"""Benchmark of the radar (person linkage): quality, batch speed and lookup latency. Not a test.

Prints JSON lines on stdout (progress on stderr), one section after another:

``quality`` (default on; ``--no-quality`` to skip) -- the synthetic Dutch population
(``ketenzicht.linkage.synthetic``, known truth, 50% BSN missing) run through the batch pipeline
(``linkage.batch.dedupe_pairs``: the same normalising, blocking, comparison and scoring as the
radar at intake, in the context of a store of that many records). Per set of weights (the
hand-set ones and every ``linkage/weights/*.json``; ``is_default`` marks the one scoring uses):

* ``dataset``: records, true same-person pairs, co-resident pairs, candidate pairs and the
  **blocking recall** (share of all true pairs that blocking compares at all);
* ``quality``: **precision** and **recall** of same-person pairs at the default threshold
  (``scoring.MATCH_THRESHOLD``; recall over ALL true pairs, blocking misses included) and the
  share of **co-resident pairs wrongly matched**, against the targets (precision >= 0.99,
  recall >= 0.97, co-residents <= 0.1%); the same three ``after_clustering`` (every pair of
  records in one connected component counts as matched, as the batch proposes them);
* ``misses_blocking`` / ``misses_scoring`` / ``false_matches``: the most frequent corruptions
  and traits behind the errors.

``batch`` (``--batch-records N``) -- deduplication speed: N synthetic records through
``dedupe_pairs`` and ``clusters`` with ``--workers`` processes; seconds per stage, pairs
compared and kept, clusters, and the **peak memory** (resident set of this process and of the
largest worker). The target: 1 million records in <= 60 s on 2 cores.

``lookup`` (``--lookup``; arguments after ``--`` go to ``bench/radar_lookup.py``) -- the online
candidate lookup on PostgreSQL, ours against a pg_trgm baseline and Splink's own single-record
scoring (see that script)::

    .venv/bin/python bench/radar.py                                   # quality, 20,000 persons
    .venv/bin/python bench/radar.py --no-quality --batch-records 1000000
    .venv/bin/python bench/radar.py --no-quality --lookup -- --persons 1000000

Evaluate the quality on another seed than the weights were trained on (training uses seed 7).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations, islice
from pathlib import Path
from typing import Any

from ketenzicht import _native
from ketenzicht.linkage.batch import BatchStats, ScoredPair, clusters, dedupe_pairs
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    HAND_SET_WEIGHTS,
    MATCH_THRESHOLD,
    WEIGHTS_DIRECTORY,
    MatchWeights,
)
from ketenzicht.linkage.synthetic import (
    SyntheticRecord,
    coresident_pairs,
    generate,
    truth_pairs,
)

TARGETS = {"precision": 0.99, "recall": 0.97, "coresident_wrongly_matched": 0.001}
BATCH_TARGET_SECONDS = 60.0
Pair = tuple[str, str]


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line, sort_keys=False), flush=True)


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def top_tags(pairs: Iterable[Pair], tags: dict[str, tuple[str, ...]], limit: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for a, b in pairs:
        counts.update(set(tags[a]) | set(tags[b]))
    return Counter(dict(counts.most_common(limit)))


def reasons(
    kind: str,
    weights_name: str,
    pairs: set[Pair],
    tags: dict[str, tuple[str, ...]],
    baseline: dict[str, float],
    limit: int,
) -> dict[str, Any]:
    counts = top_tags(pairs, tags, limit)
    return {
        "figure": kind,
        "weights": weights_name,
        "pairs": len(pairs),
        "top": [
            {
                "tag": tag,
                "pairs": n,
                "share": round(n / len(pairs), 3),
                "share_of_true_pairs": round(baseline.get(tag, 0.0), 3),
            }
            for tag, n in counts.most_common(limit)
        ],
    }


def figures(matched: set[Pair], truth: set[Pair], coresident: set[Pair]) -> dict[str, Any]:
    true_matched = matched & truth
    precision = len(true_matched) / len(matched) if matched else 1.0
    recall = len(true_matched) / len(truth) if truth else 1.0
    wrong = len(matched & coresident) / len(coresident) if coresident else 0.0
    return {
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "coresident_wrongly_matched": round(wrong, 6),
        "matched_pairs": len(matched),
        "false_matches": len(matched - truth),
        "coresident_matched": len(matched & coresident),
        "met": {
            "precision": precision >= TARGETS["precision"],
            "recall": recall >= TARGETS["recall"],
            "coresident_wrongly_matched": wrong <= TARGETS["coresident_wrongly_matched"],
        },
    }


def clustered_pairs(pairs: Iterable[ScoredPair]) -> set[Pair]:
    """Every pair of records inside one cluster at the default threshold."""
    out: set[Pair] = set()
    for cluster in clusters(pairs, threshold=MATCH_THRESHOLD):
        out.update(_pair(a, b) for a, b in combinations(cluster.record_ids, 2))
    return out


def weight_sets(paths: Sequence[str] | None) -> list[tuple[str, MatchWeights]]:
    sets: list[tuple[str, MatchWeights]] = [("hand-set", HAND_SET_WEIGHTS)]
    files = paths if paths else [str(p) for p in sorted(WEIGHTS_DIRECTORY.glob("*.json"))]
    sets += [(Path(path).name, MatchWeights.load(path)) for path in files]
    return sets


def quality(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    records = list(generate(persons=args.persons, seed=args.seed, bsn_missing=args.bsn_missing))
    by_id = {s.record.record_id: s for s in records}
    truth = truth_pairs(records)
    coresident = coresident_pairs(records)
    tags = {rid: s.corruptions for rid, s in by_id.items()}
    traits = {rid: s.traits for rid, s in by_id.items()}
    truth_tags = top_tags(truth, tags, 1000)
    baseline = {tag: n / len(truth) for tag, n in truth_tags.items()} if truth else {}
    note(
        f"{len(records)} records, {len(truth)} true pairs in {time.perf_counter() - started:.1f} s"
    )

    dataset_done = False
    for name, weights in weight_sets(args.weights):
        stats = BatchStats()
        scored = list(
            dedupe_pairs(
                (s.record for s in records),
                weights=weights,
                minimum=0.0,
                workers=args.workers,
                stats=stats,
            )
        )
        candidates = {(p.left, p.right) for p in scored}
        blocked_truth = truth & candidates
        if not dataset_done:
            emit(
                {
                    "figure": "dataset",
                    "persons": args.persons,
                    "seed": args.seed,
                    "bsn_missing": args.bsn_missing,
                    "records": len(records),
                    "true_pairs": len(truth),
                    "coresident_pairs": len(coresident),
                    "candidate_pairs": len(candidates),
                    "blocking_recall": round(len(blocked_truth) / len(truth), 5) if truth else None,
                    "coresident_pairs_blocked": len(coresident & candidates),
                    "seconds": stats.seconds,
                }
            )
            dataset_done = True
        matched = {(p.left, p.right) for p in scored if p.probability >= MATCH_THRESHOLD}
        emit(
            {
                "figure": "quality",
                "weights": name,
                "is_default": weights == DEFAULT_WEIGHTS,
                "threshold": MATCH_THRESHOLD,
                **figures(matched, truth, coresident),
                "recall_of_blocked": round(len(matched & truth) / len(blocked_truth), 5)
                if blocked_truth
                else None,
                "after_clustering": figures(clustered_pairs(scored), truth, coresident),
                "targets": TARGETS,
                "prior": weights.prior,
                "reference_store_size": weights.reference_store_size,
                "description": weights.description,
            }
        )
        emit(reasons("misses_blocking", name, truth - candidates, tags, baseline, args.top))
        emit(reasons("misses_scoring", name, blocked_truth - matched, tags, baseline, args.top))
        false = matched - truth
        trait_counts: Counter[str] = Counter()
        for a, b in false:
            trait_counts.update(set(traits[a]) | set(traits[b]))
            if (a, b) in coresident:
                trait_counts["same_household"] += 1
        emit(
            {
                "figure": "false_matches",
                "weights": name,
                "pairs": len(false),
                "top_traits": dict(trait_counts.most_common(args.top)),
                "top_corruptions": dict(top_tags(false, tags, args.top).most_common(args.top)),
            }
        )


def _records(count: int, seed: int) -> list[SyntheticRecord]:
    # Enough base persons for ``count`` records (about 1.9 records a person), then cut.
    persons = int(count / 1.8) + 1000
    return list(islice(generate(persons=persons, seed=seed), count))


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def batch(args: argparse.Namespace) -> None:
    note(f"generating {args.batch_records} records ...")
    records = [s.record for s in _records(args.batch_records, args.seed)]
    note("deduplicating ...")
    stats = BatchStats()
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    started = time.perf_counter()
    pairs = list(dedupe_pairs(records, minimum=MATCH_THRESHOLD, workers=args.workers, stats=stats))
    deduplicated = time.perf_counter()
    found = clusters(pairs)
    finished = time.perf_counter()
    own_after, workers_after = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    seconds = {**stats.seconds, "cluster": round(finished - deduplicated, 2)}
    total = round(finished - started, 2)
    emit(
        {
            "figure": "batch_dedupe",
            "records": stats.records,
            "workers": stats.workers,
            "build": _native.build(),  # mypyc-compiled linkage, or its Python source
            "seconds": seconds,
            "total_seconds": total,
            # CPU time (user + system) of this process and of the worker processes over the
            # run: less at the mercy of other work on the machine than the wall time.
            "cpu_seconds": {
                "main": round(_cpu(own_after) - _cpu(own), 1),
                "workers": round(_cpu(workers_after) - _cpu(workers), 1),
            },
            "target_seconds": BATCH_TARGET_SECONDS,
            "met": total <= BATCH_TARGET_SECONDS,
            "blocks": stats.blocks,
            "blocks_skipped_too_big": stats.skipped_blocks,
            "pairs_compared": stats.compared,
            "pairs_matched": stats.kept,
            "clusters": len(found),
            "records_in_clusters": sum(len(c.record_ids) for c in found),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
            "note": "peak_rss_mb includes the generated records held for the run",
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lookup_args: list[str] = []
    if "--" in argv:
        split = argv.index("--")
        argv, lookup_args = argv[:split], argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=20_000, help="quality: base persons")
    parser.add_argument("--seed", type=int, default=11, help="not the training seed (7)")
    parser.add_argument("--bsn-missing", type=float, default=0.5)
    parser.add_argument(
        "--weights",
        action="append",
        default=None,
        help="a trained weights JSON (repeatable); default: every linkage/weights/*.json",
    )
    parser.add_argument("--top", type=int, default=8, help="reasons listed per figure")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality section")
    parser.add_argument("--batch-records", type=int, default=0, help="batch: records (0: skip)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--lookup", action="store_true", help="run bench/radar_lookup.py too")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if not args.no_quality:
        quality(args)
    if args.batch_records:
        batch(args)
    if args.lookup:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import radar_lookup  # needs PostgreSQL and Django: imported only when asked

        radar_lookup.main(lookup_args)
    note(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
