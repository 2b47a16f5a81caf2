"""Fellegi-Sunter scoring with an explanation: a pure module (no Django).

A pair's **match weight** is the prior log2 odds that two records are one person plus, for each
field, the log2 Bayes factor ``log2(m / u)`` of the level the pair reached (``m``: how often true
matches reach that level, ``u``: how often non-matches do). The probability is
``2**w / (1 + 2**w)``. Each term is an :class:`Evidence` item, so the professional sees which
fields pushed the score up or down.

The weights live in :class:`MatchWeights`, stored as JSON (format ``ketenzicht-linkage-weights/1``).
:data:`DEFAULT_WEIGHTS` are the weights in ``linkage/weights/default.json``
(:data:`TRAINED_WEIGHTS_PATH`, package data) when that file exists, else the hand-set
:data:`HAND_SET_WEIGHTS`. A weights file is made by Splink training on the synthetic population
(``python -m ketenzicht.linkage.training --out ...``, see :mod:`ketenzicht.linkage.training`);
it becomes the default only once it passes the hard cases (``tests/test_hard_cases.py``) and the
targets of ``bench/radar.py``. Reading the file is all the online lookup does: Splink is never
imported at request time.

**The store and the name.** The prior is the log2 odds that two records picked at random are
one person, so it falls as the store grows: :class:`MatchWeights` gives it for a store of
``reference_store_size`` records and :meth:`MatchWeights.prior_for` moves it by
``log2(reference / size)`` for the store actually searched (:class:`ScoringContext`). Likewise a
name that agrees says more when few people have it: when both records share the blocking key
of surname and first name (:func:`~ketenzicht.linkage.blocking.name_key`) and the context says
how many stored records have that key, a ``name_frequency`` evidence item adds
``log2(expected / count)`` (clamped to +-:data:`NAME_FREQUENCY_LIMIT`), ``expected`` being how
many records would share a name of average frequency -- Splink's term-frequency adjustment, on
the name key. Without a context, scoring uses the reference prior and no name frequency.

**Co-residents.** Fellegi-Sunter treats fields as independent, but people who live together share
an address and often a surname, so for them the address and surname say little. A father and son
with the same name, twins, spouses: at one address their other fields would not pull the score
down far enough. Hence the household guard: when two records have the same address
(:func:`same_household`) and their first names or dates of birth clearly disagree (level
``different``), the guard adds ``MatchWeights.household_guard`` (strongly negative) as its own
evidence item, ``household: co_resident``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Any

from ketenzicht.linkage.compare import (
    LEVELS,
    AddressLevel,
    BsnLevel,
    Category,
    Comparison,
    DateOfBirthLevel,
    Field,
    FirstNamesLevel,
    Level,
    SurnameLevel,
    compare,
    same_address,
)
from ketenzicht.linkage.normalise import NormalisedPerson

WEIGHTS_FORMAT = "ketenzicht-linkage-weights/1"
#: The pseudo-field of the household guard's evidence item.
HOUSEHOLD = "household"
CO_RESIDENT = "co_resident"
#: The level of the household item for a possible twin (see :func:`twin_guard`).
TWIN = "twin"
#: The level of the household item for the surname-address dependence.
SHARED_SURNAME = "shared_surname"
#: The pseudo-field of the name-frequency evidence item, and its levels.
NAME_FREQUENCY = "name_frequency"
RARE = "rare"
COMMON = "common"
#: A smaller store counts as this big: in a young store (a new region, a test, the demo) the
#: prior would otherwise rise so far that namesakes looked like one person.
MINIMUM_STORE_SIZE = 10_000


def _store(size: int) -> int:
    return max(size, MINIMUM_STORE_SIZE)


#: Display order of the evidence items' fields (ties of impact).
_RANK = {
    **{f.value: i for i, f in enumerate(Field)},
    HOUSEHOLD: len(Field),
    NAME_FREQUENCY: len(Field) + 1,
}
#: Added to the expected and the counted number of records with a name (records per person).
NAME_COUNT_SMOOTHING = 2.0
#: A name is only called rare or common (and its frequency counted) from this many bits either
#: way: a name about as frequent as expected is no evidence, and the smoothing of small counts
#: should not label a name seen twice "common".
NAME_FREQUENCY_NOTABLE = 1.0
#: The name-frequency adjustment is clamped to this many bits either way.
NAME_FREQUENCY_LIMIT = 8.0
#: The store size of weights that do not say (the hand-set prior -14 fits about 25,000).
DEFAULT_REFERENCE_STORE_SIZE = 25_000
#: The average name share of weights that do not say: measured on the synthetic population
#: (2 ** -13.6; Dutch names are about this concentrated).
DEFAULT_AVERAGE_NAME_SHARE = 2.0**-13.6


class Strength(StrEnum):
    """How strongly a pair is one person (labels in Dutch come from the web layer)."""

    VERY_LIKELY = "very_likely"
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


#: From this probability a pair is "very likely" the same person (match weight >= 6.6).
VERY_LIKELY_FROM = 0.99
#: From this probability a pair is "likely" the same person (match weight >= 2.0). This is the
#: default threshold: batch deduplication and the benchmark count a pair as a match from here.
LIKELY_FROM = 0.8
#: From this probability a pair is worth showing at intake as "possible" (match weight >= -1.6).
POSSIBLE_FROM = 0.25
MATCH_THRESHOLD = LIKELY_FROM


def strength(probability: float) -> Strength:
    """The strength code of a match probability (see the ``*_FROM`` thresholds)."""
    if probability >= VERY_LIKELY_FROM:
        return Strength.VERY_LIKELY
    if probability >= LIKELY_FROM:
        return Strength.LIKELY
    if probability >= POSSIBLE_FROM:
        return Strength.POSSIBLE
    return Strength.UNLIKELY


def probability_from_weight(match_weight: float) -> float:
    """``2**w / (1 + 2**w)``, safe for very large or small ``w``."""
    clamped = max(-200.0, min(200.0, match_weight))
    return 1.0 / (1.0 + math.pow(2.0, -clamped))


@dataclass(frozen=True)
class Evidence:
    """One term of the match weight: a field, the level reached and what it contributed."""

    field: str
    level: str
    category: Category
    weight: float
    label_nl_key: str  # the key of the Dutch label, e.g. "linkage.surname.exact"
    #: Sort key: the largest impact first, then the display order of the fields.
    impact: tuple[float, int] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "impact", (-abs(self.weight), _RANK.get(self.field, 99)))

    def __reduce__(self) -> tuple[type[Evidence], tuple[str, str, Category, float, str]]:
        # Pickled by its arguments: the mypyc build of a frozen dataclass cannot be restored
        # field by field, and forked batch workers send their scores back pickled.
        return (Evidence, (self.field, self.level, self.category, self.weight, self.label_nl_key))


def _evidence(field: str, level: str, category: Category, weight: float) -> Evidence:
    return Evidence(field, level, category, weight, f"linkage.{field}.{level}")


@dataclass(frozen=True)
class MatchWeights:
    """Prior log2 odds, a log2 Bayes factor per field and level, and the household guard.

    ``levels`` maps each :class:`Field` value to a mapping of each of its level values to a
    weight; every level must be present and nothing else.
    """

    prior: float
    levels: Mapping[str, Mapping[str, float]]
    household_guard: float = -20.0
    description: str = ""
    #: Added when :func:`twin_guard` holds (same birthday and surname, other first name).
    twin_guard: float = -4.0
    reference_store_size: int = DEFAULT_REFERENCE_STORE_SIZE
    #: The chance that two records picked at random share the name key (surname and first
    #: name): the sum of the squared shares of every name key in the store.
    average_name_share: float = DEFAULT_AVERAGE_NAME_SHARE
    #: Bits that a surname agreement is worth less at a shared address: household members share
    #: both, so the two are not independent evidence (see the module docstring).
    household_dependence: float = 0.0
    # One ready-made Evidence item per (field, level): scoring only looks them up.
    #: The best weight of each field, and their sum (for :func:`upper_bound`).
    best: dict[str, float] = field(init=False, repr=False, compare=False, default_factory=dict)
    best_total: float = field(init=False, repr=False, compare=False, default=0.0)
    _priors: dict[int, float] = field(init=False, repr=False, compare=False, default_factory=dict)
    _name_weights: dict[tuple[int, int], float] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _table: dict[tuple[str, str], Evidence] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        expected = {f.value: {level.value for level in LEVELS[f]} for f in Field}
        if set(self.levels) != set(expected):
            raise ValueError(f"weights must cover exactly the fields {sorted(expected)}")
        for name, levels in expected.items():
            if set(self.levels[name]) != levels:
                raise ValueError(
                    f"weights for {name} must cover exactly the levels {sorted(levels)}"
                )
        frozen = {name: {lv: float(w) for lv, w in self.levels[name].items()} for name in expected}
        object.__setattr__(self, "levels", frozen)
        best = {name: max(values.values()) for name, values in frozen.items()}
        object.__setattr__(self, "best", best)
        object.__setattr__(self, "best_total", sum(best.values()))
        for f in Field:
            for level in LEVELS[f]:
                weight = frozen[f.value][level.value]
                self._table[f.value, level.value] = _evidence(
                    f.value, level.value, level.category, weight
                )

    def weight(self, field: Field, level: Level) -> float:
        return self.levels[field][level]

    def prior_for(self, store_size: int) -> float:
        """The prior for a store of ``store_size`` records (see the module docstring); a store
        smaller than :data:`MINIMUM_STORE_SIZE` counts as that size."""
        prior = self._priors.get(store_size)
        if prior is None:
            prior = self.prior + math.log2(self.reference_store_size / _store(store_size))
            self._priors[store_size] = prior
        return prior

    def evidence(self, field: Field, level: Level) -> Evidence:
        """The evidence item of ``field`` reaching ``level`` under these weights."""
        return self._table[field, level]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": WEIGHTS_FORMAT,
            "description": self.description,
            "prior_log2_odds": self.prior,
            "household_guard": self.household_guard,
            "twin_guard": self.twin_guard,
            "reference_store_size": self.reference_store_size,
            "average_name_share": self.average_name_share,
            "household_dependence": self.household_dependence,
            "levels": {name: dict(levels) for name, levels in self.levels.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchWeights:
        if data.get("format") != WEIGHTS_FORMAT:
            raise ValueError(f"not a weights document of format {WEIGHTS_FORMAT}")
        return cls(
            prior=float(data["prior_log2_odds"]),
            levels={
                str(name): {str(level): float(w) for level, w in levels.items()}
                for name, levels in data["levels"].items()
            },
            household_guard=float(data["household_guard"]),
            description=str(data.get("description", "")),
            reference_store_size=int(
                data.get("reference_store_size", DEFAULT_REFERENCE_STORE_SIZE)
            ),
            average_name_share=float(data.get("average_name_share", DEFAULT_AVERAGE_NAME_SHARE)),
            household_dependence=float(data.get("household_dependence", 0.0)),
            twin_guard=float(data.get("twin_guard", -4.0)),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MatchWeights:
        return cls.from_dict(json.loads(text))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> MatchWeights:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


#: Hand-set weights, the fallback when no trained file is shipped. Rough reasoning per level:
#: log2(m/u) with m from how often a true match is corrupted that way in intake data, u from
#: Dutch frequencies (a date of birth is shared by ~1 in 30,000 people, a surname by ~1 in 1,000,
#: a first name by ~1 in 50), compressed because fields are not independent. The prior (-14) is
#: the odds that a stored person is the one being entered, before looking at anything.
HAND_SET_WEIGHTS = MatchWeights(
    prior=-14.0,
    levels={
        "bsn": {"same": 14.0, "different": -15.0, "missing": 0.0},
        "surname": {
            "exact": 7.0,
            "core": 5.0,
            "part": 5.0,
            "similar": 3.0,
            "phonetic": 2.0,
            "different": -4.0,
            "missing": 0.0,
        },
        "first_names": {
            "exact": 5.0,
            "equivalent": 4.0,
            "short_form": 3.0,
            "initials": 3.0,
            "similar": 2.5,
            "different": -5.0,
            "missing": 0.0,
        },
        "date_of_birth": {
            "exact": 12.0,
            "swapped": 9.0,
            "typo": 6.5,
            "year_month": 2.0,
            "year_only": 2.5,
            "different": -7.0,
            "missing": 0.0,
        },
        "sex": {"same": 0.9, "different": -4.0, "missing": 0.0},
        "address": {
            "same_address": 6.0,
            "same_postcode": 3.0,
            "same_street": 3.0,
            "different": -1.0,
            "missing": 0.0,
        },
        "municipality": {"implied": 0.0, "same": 1.0, "different": -0.5, "missing": 0.0},
    },
    household_guard=-20.0,
    description="hand-set (the fallback when no trained default.json is shipped)",
)

#: Weight files shipped with the package (package data).
WEIGHTS_DIRECTORY = Path(__file__).with_name("weights")
#: The file that holds the default weights, trained with Splink (``linkage.training``); they pass
#: the hard cases and the targets of ``bench/radar.py`` (see ``bench/README.md``, "Radar").
TRAINED_WEIGHTS_PATH = WEIGHTS_DIRECTORY / "default.json"


def load_default_weights(path: Path = TRAINED_WEIGHTS_PATH) -> MatchWeights:
    """The weights in ``path`` when that file exists, else :data:`HAND_SET_WEIGHTS`. A file
    that exists but is not valid raises: shipping broken weights must not pass unnoticed."""
    if path.is_file():
        return MatchWeights.load(path)
    return HAND_SET_WEIGHTS


#: The weights scoring uses unless told otherwise: trained when shipped, else hand-set.
DEFAULT_WEIGHTS = load_default_weights()


@dataclass(frozen=True)
class MatchScore:
    """The total match weight (prior included), its probability and the evidence, largest
    impact first."""

    match_weight: float
    probability: float
    prior: float
    evidence: tuple[Evidence, ...]
    co_resident: bool  # the household guard applied

    def __reduce__(
        self,
    ) -> tuple[type[MatchScore], tuple[float, float, float, tuple[Evidence, ...], bool]]:
        # See Evidence.__reduce__.
        args = (self.match_weight, self.probability, self.prior, self.evidence, self.co_resident)
        return (MatchScore, args)

    @property
    def strength(self) -> Strength:
        return strength(self.probability)

    @property
    def is_match(self) -> bool:
        """At or above the default threshold (:data:`MATCH_THRESHOLD`)."""
        return self.probability >= MATCH_THRESHOLD


def same_household(a: NormalisedPerson, b: NormalisedPerson) -> bool:
    """The household signal: both records give the same dwelling (postcode + house number, or
    street + house number + city when a postcode is missing)."""
    return same_address(a, b)


def twin_guard(comparison: Comparison) -> bool:
    """Born on the same day with the same surname but clearly different first names, and no BSN
    to say otherwise: twins (or siblings) far more often than one person under two names."""
    return (
        comparison[Field.DATE_OF_BIRTH] == DateOfBirthLevel.EXACT
        and comparison[Field.FIRST_NAMES] == FirstNamesLevel.DIFFERENT
        and comparison[Field.SURNAME] in (SurnameLevel.EXACT, SurnameLevel.CORE)
        and comparison[Field.BSN] != BsnLevel.SAME
    )


def co_resident_guard(comparison: Comparison) -> bool:
    """Two people at one address whose first names or dates of birth clearly disagree are
    co-residents, not one person -- unless they have the same (valid) BSN and only one of the
    two disagrees: a BSN and a date of birth that agree outweigh a call name that is not in the
    nickname list, and a BSN and a first name that agree outweigh a mistyped date. With the same
    BSN but first names *and* dates of birth different, it is a household member's BSN written
    on the wrong person, and the guard holds."""
    if comparison[Field.ADDRESS] != AddressLevel.SAME_ADDRESS:
        return False
    names_differ = comparison[Field.FIRST_NAMES] == FirstNamesLevel.DIFFERENT
    dates_differ = comparison[Field.DATE_OF_BIRTH] == DateOfBirthLevel.DIFFERENT
    if comparison[Field.BSN] == BsnLevel.SAME:
        return names_differ and dates_differ
    return names_differ or dates_differ


_FIELDS = tuple(Field)
_BY_IMPACT = attrgetter("impact")


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """What scoring knows about the store a pair comes from: how many records it holds, and how
    many of them have the pair's shared name key (``None`` when the two share none)."""

    store_size: int
    name_count: int | None = None


def name_frequency_weight(weights: MatchWeights, store_size: int, name_count: int) -> float:
    """``log2((expected + s) / (count + s))``, clamped: positive for a rare name, negative for a
    common one. ``s`` (:data:`NAME_COUNT_SMOOTHING`) stands for the records a person has of
    their own: the count includes every earlier record of the same person, so without it a
    person reported five times would look as common as five namesakes in a small store."""
    cached = weights._name_weights.get((store_size, name_count))
    if cached is not None:
        return cached
    expected = _store(store_size) * weights.average_name_share
    smoothing = NAME_COUNT_SMOOTHING
    adjustment = math.log2((expected + smoothing) / (max(name_count, 1) + smoothing))
    adjustment = max(-NAME_FREQUENCY_LIMIT, min(NAME_FREQUENCY_LIMIT, adjustment))
    if len(weights._name_weights) < 100_000:
        weights._name_weights[store_size, name_count] = adjustment
    return adjustment


def score(
    comparison: Comparison,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    context: ScoringContext | None = None,
) -> MatchScore:
    """Score a comparison with ``weights`` in ``context``; see the module docstring."""
    # A fixed field order keeps the floating-point sum symmetric.
    items = [weights.evidence(f, comparison[f]) for f in _FIELDS]
    guarded = co_resident_guard(comparison)
    if guarded:
        items.append(_evidence(HOUSEHOLD, CO_RESIDENT, Category.DISAGREE, weights.household_guard))
    elif weights.twin_guard and twin_guard(comparison):
        items.append(_evidence(HOUSEHOLD, TWIN, Category.DISAGREE, weights.twin_guard))
    if comparison[Field.ADDRESS] == AddressLevel.SAME_ADDRESS and weights.household_dependence:
        surname = weights.weight(Field.SURNAME, comparison[Field.SURNAME])
        if surname > 0:
            dependence = -min(weights.household_dependence, surname)
            items.append(_evidence(HOUSEHOLD, SHARED_SURNAME, Category.PARTLY, dependence))
    prior = weights.prior
    if context is not None:
        prior = weights.prior_for(context.store_size)
        if context.name_count is not None:
            adjustment = name_frequency_weight(weights, context.store_size, context.name_count)
            if adjustment >= NAME_FREQUENCY_NOTABLE:
                items.append(_evidence(NAME_FREQUENCY, RARE, Category.AGREE, adjustment))
            elif adjustment <= -NAME_FREQUENCY_NOTABLE:
                items.append(_evidence(NAME_FREQUENCY, COMMON, Category.PARTLY, adjustment))
    total = prior
    for item in items:
        total += item.weight
    items.sort(key=_BY_IMPACT)
    return MatchScore(
        match_weight=total,
        probability=probability_from_weight(total),
        prior=prior,
        evidence=tuple(items),
        co_resident=guarded,
    )


def weight_from_probability(probability: float) -> float:
    """The match weight of ``probability`` (``-inf`` at 0, ``inf`` at 1)."""
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log2(probability / (1.0 - probability))


#: Floating-point sums in another order differ in the last bits: the bound allows for that.
_SUMMATION_SLACK = 1e-9


def upper_bound(
    known: Comparison, weights: MatchWeights, context: ScoringContext | None = None
) -> float:
    """The highest match weight a pair can reach of which only the fields in ``known`` are
    compared (the cheap ones of :func:`~ketenzicht.linkage.compare.compare_cheap`, perhaps the
    surname too): every other field is assumed to reach its best level. Exact as a bound:
    :func:`score` never gives more. The batch skips the remaining comparisons of a pair whose
    bound is below the minimum it keeps."""
    total = weights.prior if context is None else weights.prior_for(context.store_size)
    total += weights.best_total
    levels, best = weights.levels, weights.best
    for field_, level in known.items():
        total += levels[field_][level] - best[field_]
    if context is not None and context.name_count is not None:
        adjustment = name_frequency_weight(weights, context.store_size, context.name_count)
        total += max(adjustment, 0.0)
    certain_guard = (
        known.get(Field.ADDRESS) == AddressLevel.SAME_ADDRESS
        and known.get(Field.DATE_OF_BIRTH) == DateOfBirthLevel.DIFFERENT
        and known.get(Field.BSN) not in (None, BsnLevel.SAME)
    )
    if certain_guard:
        total += weights.household_guard
    return total + _SUMMATION_SLACK


def tightened_bound(bound: float, field: Field, level: Level, weights: MatchWeights) -> float:
    """``bound`` (from :func:`upper_bound` over some fields) once ``field``, not among them,
    turns out to reach ``level``: the same as :func:`upper_bound` over the fields and this one,
    without adding them all up again (the batch tightens the bound by the surname this way)."""
    return bound + weights.levels[field][level] - weights.best[field]


def score_pair(
    a: NormalisedPerson,
    b: NormalisedPerson,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    context: ScoringContext | None = None,
) -> MatchScore:
    """``score(compare(a, b), weights, context)``."""
    return score(compare(a, b), weights, context)
