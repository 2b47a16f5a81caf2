"""Reads of the linkage domain: candidate persons for a new record, scored and explained.

Need-to-know: only persons already known to the asking Veilig Thuis organisation (through one of
its reports) are candidates. The lookup is one query: the candidates of an indexed lookup on the
blocking keys, loaded in the same round trip; scoring runs in Python on those few rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketenzicht.intake.models import Person
from ketenzicht.linkage.blocking import blocking_keys
from ketenzicht.linkage.conversion import person_record
from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    MatchScore,
    MatchWeights,
    same_household,
    score_pair,
)

# A key shared by very many persons (a common name on a common date) says little; such keys are
# still used, but the number of candidates scored per lookup is bounded.
MAX_CANDIDATES_SCORED = 200


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: MatchScore
    same_household: bool


def person_candidates(
    *,
    record: PersonRecord,
    organisation_id: int,
    limit: int = 5,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = 0.25,
) -> list[Candidate]:
    """The stored persons most like ``record``, best first, each with its evidence."""
    new = normalise(record)
    keys = blocking_keys(new)
    if not keys:
        return []
    person_ids = (
        PersonKey.objects.filter(key__in=keys)
        .filter(person__involvements__report__organisation_id=organisation_id)
        .values("person_id")
        .distinct()[:MAX_CANDIDATES_SCORED]
    )
    # One round trip: the key lookup is a subquery. No ORDER BY: the candidates are sorted
    # below, after scoring.
    persons = Person.objects.filter(pk__in=person_ids).select_related("municipality").order_by()
    scored = []
    for person in persons:
        stored = normalise(person_record(person))
        result = score_pair(new, stored, weights)
        if result.probability >= minimum or result.co_resident:
            scored.append(
                Candidate(person=person, score=result, same_household=same_household(new, stored))
            )
    scored.sort(key=lambda c: (-c.score.probability, c.person.pk))
    return scored[:limit]
