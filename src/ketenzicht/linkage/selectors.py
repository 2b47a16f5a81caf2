"""Reads of the linkage domain: candidate persons for a new record, scored and explained; the
review queue and the merge history.

Need-to-know: only persons already known to the asking Veilig Thuis organisation (through one of
its reports) are candidates. The candidate lookup is two indexed queries: the persons that share
the most blocking keys with the new record (ranked and cut in SQL, loaded in the same round
trip), and how many stored records have its name (for the name-frequency evidence); scoring
runs in Python on those few rows only, never Splink.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.blocking import lookup_keys, name_count_keys, shared_name
from ketenzicht.linkage.conversion import person_record
from ketenzicht.linkage.models import (
    MergeProposal,
    PersonKey,
    PersonMerge,
    ProposalMember,
    ProposalPair,
    ProposalStatus,
)
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    POSSIBLE_FROM,
    MatchScore,
    MatchWeights,
    ScoringContext,
    same_household,
    score_pair,
)
from ketenzicht.organisations.models import User

#: At most this many candidates are scored per lookup: those sharing the most keys with the new
#: record (a true match shares several: date of birth with surname, with initial, with year ...;
#: a namesake or a neighbour one or two).
MAX_CANDIDATES_SCORED = 50
#: How long the size of the store (for the prior) is reused before it is counted again.
STORE_SIZE_SECONDS = 600.0

_store_size: tuple[float, int] | None = None


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: MatchScore
    same_household: bool


def store_size() -> int:
    """The number of person records candidates come from (merged ones left out), counted at
    most every :data:`STORE_SIZE_SECONDS` per process: it only moves the prior, on a log scale."""
    global _store_size
    now = time.monotonic()
    if _store_size is None or now - _store_size[0] > STORE_SIZE_SECONDS:
        _store_size = (now, Person.objects.filter(merged_into__isnull=True).count())
    return max(_store_size[1], 2)


def person_candidates(
    *,
    record: PersonRecord,
    organisation_id: int,
    limit: int = 5,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    minimum: float = POSSIBLE_FROM,
) -> list[Candidate]:
    """The stored persons most like ``record``, best first, each with its evidence."""
    new = normalise(record)
    keys = lookup_keys(new)
    if not keys:
        return []
    known = ReportPerson.objects.filter(
        person_id=OuterRef("person_id"), report__organisation_id=organisation_id
    )
    ranked = (
        PersonKey.objects.filter(key__in=keys)
        .filter(Exists(known))
        .values("person_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "person_id")
        .values("person_id")[:MAX_CANDIDATES_SCORED]
    )
    # One round trip: the ranked key lookup is a subquery. No ORDER BY: the candidates are
    # sorted below, after scoring.
    persons = Person.objects.filter(pk__in=ranked).select_related("municipality").order_by()
    name_keys = name_count_keys(new)
    name_count = PersonKey.objects.filter(key__in=name_keys).count() if name_keys else 0
    size = store_size()
    scored = []
    for person in persons:
        stored = normalise(person_record(person))
        # The name count includes the new record itself, as the batch's does.
        context = ScoringContext(size, name_count + 1 if shared_name(new, stored) else None)
        result = score_pair(new, stored, weights, context)
        if result.probability >= minimum or result.co_resident:
            scored.append(
                Candidate(person=person, score=result, same_household=same_household(new, stored))
            )
    scored.sort(key=lambda c: (-c.score.probability, c.person.pk))
    return scored[:limit]


# --- the review queue and the merge history -----------------------------------------------------


def _organisation_id(user: User) -> int | None:
    """The Veilig Thuis organisation whose proposals and merges ``user`` sees (None: nothing)."""
    return user.organisation_id if user.is_vt else None


def proposals_visible_to(user: User) -> QuerySet[MergeProposal]:
    """Every proposal of the user's Veilig Thuis organisation (none for other roles)."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return MergeProposal.objects.none()
    return MergeProposal.objects.filter(organisation_id=organisation_id)


def review_queue(user: User) -> QuerySet[MergeProposal]:
    """The open proposals to review, strongest first, then newest; a proposal with a record
    merged since (by hand, or in another proposal) waits for the next run instead."""
    merged_member = ProposalMember.objects.filter(
        proposal_id=OuterRef("pk"), person__merged_into__isnull=False
    )
    return (
        proposals_visible_to(user)
        .filter(status=ProposalStatus.OPEN)
        .exclude(Exists(merged_member))
        .order_by("-best", "-proposed_at", "-pk")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related("person").order_by("person_id"),
            )
        )
    )


def _involvements() -> Prefetch:
    return Prefetch(
        "person__involvements",
        queryset=ReportPerson.objects.select_related("report__case").order_by(
            "report__received_at", "pk"
        ),
    )


def proposal_for_page(user: User, pk: int) -> MergeProposal:
    """One proposal of the user's organisation with its records, their reports and the matched
    pairs (raises ``MergeProposal.DoesNotExist`` outside the user's reach)."""
    return (
        proposals_visible_to(user)
        .select_related("decided_by", "survivor")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related(
                    "person__municipality", "person__merged_into"
                )
                .prefetch_related(_involvements())
                .order_by("person_id"),
            ),
            Prefetch("pairs", queryset=ProposalPair.objects.order_by("-probability", "pk")),
            Prefetch("merges", queryset=PersonMerge.objects.order_by("pk")),
        )
        .get(pk=pk)
    )


def merges_visible_to(user: User) -> QuerySet[PersonMerge]:
    """The merges of the user's organisation, newest first, with the people named."""
    organisation_id = _organisation_id(user)
    merges = (
        PersonMerge.objects.none()
        if organisation_id is None
        else PersonMerge.objects.filter(organisation_id=organisation_id)
    )
    return merges.select_related(
        "survivor", "merged", "merged_by", "undone_by", "proposal"
    ).order_by("-merged_at", "-pk")


def persons_visible_to(user: User) -> QuerySet[Person]:
    """The persons known to the user's organisation through its reports, and the records merged
    away by it (they have no reports of their own any more, but keep their history)."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Person.objects.none()
    known = ReportPerson.objects.filter(
        person_id=OuterRef("pk"), report__organisation_id=organisation_id
    )
    merged_here = PersonMerge.objects.filter(
        merged_id=OuterRef("pk"), organisation_id=organisation_id
    )
    return Person.objects.filter(Exists(known) | Exists(merged_here))


def person_for_page(user: User, pk: int) -> Person:
    """One person within the user's reach, with reports and merges (``Person.DoesNotExist``
    otherwise)."""
    return (
        persons_visible_to(user)
        .select_related("municipality", "merged_into")
        .prefetch_related(
            Prefetch(
                "involvements",
                queryset=ReportPerson.objects.select_related("report__case").order_by(
                    "report__received_at", "pk"
                ),
            )
        )
        .get(pk=pk)
    )


def merges_of_person(user: User, person: Person) -> QuerySet[PersonMerge]:
    return merges_visible_to(user).filter(Q(survivor=person) | Q(merged=person))


def rejected_sets(organisation_id: int) -> set[str]:
    """The digests of the sets of records a reviewer rejected as one person."""
    return set(
        MergeProposal.objects.filter(
            organisation_id=organisation_id, status=ProposalStatus.REJECTED
        ).values_list("members_digest", flat=True)
    )


def rejected_pairs(organisation_id: int) -> set[tuple[int, int]]:
    """Pairs of records (lower pk first) that a reviewer put in different groups of a split."""
    groups: dict[int, dict[int, list[int]]] = {}
    for proposal_id, person_id, group in ProposalMember.objects.filter(
        proposal__organisation_id=organisation_id,
        proposal__status=ProposalStatus.SPLIT,
        group__isnull=False,
    ).values_list("proposal_id", "person_id", "group"):
        groups.setdefault(proposal_id, {}).setdefault(group or 0, []).append(person_id)
    pairs: set[tuple[int, int]] = set()
    for by_group in groups.values():
        for a, first in by_group.items():
            for b, second in by_group.items():
                if a < b:
                    pairs.update((min(x, y), max(x, y)) for x in first for y in second)
    return pairs
