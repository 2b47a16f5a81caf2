"""Reads of the linkage domain: candidate persons for a new record, scored and explained.

Need-to-know: only persons already known to the asking Veilig Thuis organisation (through one of
its reports) are candidates. The lookup is one query: the candidates of an indexed lookup on the
blocking keys, loaded in the same round trip; scoring runs in Python on those few rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.blocking import blocking_keys
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
    MatchScore,
    MatchWeights,
    same_household,
    score_pair,
)
from ketenzicht.organisations.models import User

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
