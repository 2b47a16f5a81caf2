"""Writes of the review queue: the proposals of a deduplication run, and the reviewer's decisions.

- ``proposals_replace`` stores the clusters of a run as open proposals of one Veilig Thuis
  organisation: an open proposal of the same set of records is kept (with the new evidence),
  the other open proposals of earlier runs go, decided proposals stay as they are.
- ``proposal_confirm`` merges every record of a proposal into the one the reviewer keeps.
- ``proposal_reject`` records that the records are not one person; the same set is not
  proposed again.
- ``proposal_split`` records the reviewer's groups: each group of two or more is merged into its
  earliest record, single records are left alone, and records in different groups are never
  proposed together again.

Each is one transaction; the merges go through :func:`~ketenzicht.linkage.merging.person_merge`,
so every merge has its own history row and can be undone on its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.validation import raise_if, require
from ketenzicht.intake.models import Person
from ketenzicht.intake.services import validate_vt_actor
from ketenzicht.linkage.batch import Cluster, ScoredPair
from ketenzicht.linkage.merging import person_merge
from ketenzicht.linkage.models import (
    MergeProposal,
    PersonMerge,
    ProposalMember,
    ProposalPair,
    ProposalStatus,
)
from ketenzicht.organisations.models import Organisation, User

CHUNK = 500


def members_digest(person_ids: Iterable[int]) -> str:
    """The identity of a set of person records (order and repeats do not matter)."""
    text = ",".join(str(pk) for pk in sorted(set(person_ids)))
    return hashlib.sha256(text.encode()).hexdigest()


def _evidence(pair: ScoredPair) -> list[dict[str, object]]:
    return [
        {
            "field": item.field,
            "level": item.level,
            "category": str(item.category.value),
            "weight": round(item.weight, 3),
        }
        for item in pair.score.evidence
    ]


def _pair_rows(proposal_id: int, cluster: Cluster) -> list[ProposalPair]:
    return [
        ProposalPair(
            proposal_id=proposal_id,
            left_id=int(pair.left),
            right_id=int(pair.right),
            probability=pair.probability,
            match_weight=pair.score.match_weight,
            strength=pair.score.strength.value,
            co_resident=pair.score.co_resident,
            evidence=_evidence(pair),
        )
        for pair in cluster.pairs
    ]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@dataclass(frozen=True)
class ProposalsWritten:
    created: int
    kept: int
    removed: int


@transaction.atomic
def proposals_replace(
    *, organisation: Organisation, clusters: Sequence[Cluster], now: datetime | None = None
) -> ProposalsWritten:
    """Make ``clusters`` (record ids are person pks) the open proposals of ``organisation``."""
    now = now or timezone.now()
    wanted: dict[str, Cluster] = {}
    for cluster in clusters:
        wanted[members_digest(int(r) for r in cluster.record_ids)] = cluster
    existing = {
        p.members_digest: p
        for p in MergeProposal.objects.select_for_update().filter(
            organisation=organisation, status=ProposalStatus.OPEN
        )
    }
    stale = [p.pk for digest, p in existing.items() if digest not in wanted]
    kept = [p for digest, p in existing.items() if digest in wanted]
    for ids in _chunks([*stale, *(p.pk for p in kept)]):
        ProposalPair.objects.filter(proposal_id__in=ids).delete()
    for ids in _chunks(stale):
        ProposalMember.objects.filter(proposal_id__in=ids).delete()
        MergeProposal.objects.filter(pk__in=ids).delete()
    pairs: list[ProposalPair] = []
    for proposal in kept:
        cluster = wanted[proposal.members_digest]
        proposal.best, proposal.weakest = cluster.best, cluster.weakest
        pairs += _pair_rows(proposal.pk, cluster)
    MergeProposal.objects.bulk_update(kept, ["best", "weakest"], batch_size=CHUNK)
    new = [(digest, c) for digest, c in wanted.items() if digest not in existing]
    created = MergeProposal.objects.bulk_create(
        [
            MergeProposal(
                organisation=organisation,
                members_digest=digest,
                size=len(cluster.record_ids),
                best=cluster.best,
                weakest=cluster.weakest,
                proposed_at=now,
            )
            for digest, cluster in new
        ],
        batch_size=CHUNK,
    )
    members: list[ProposalMember] = []
    for proposal, (_digest, cluster) in zip(created, new, strict=True):
        members += [ProposalMember(proposal=proposal, person_id=int(r)) for r in cluster.record_ids]
        pairs += _pair_rows(proposal.pk, cluster)
    ProposalMember.objects.bulk_create(members, batch_size=2000)
    ProposalPair.objects.bulk_create(pairs, batch_size=2000)
    return ProposalsWritten(created=len(created), kept=len(kept), removed=len(stale))


def _lock_open(proposal: MergeProposal, by: User) -> MergeProposal:
    validate_vt_actor(by, proposal.organisation)
    locked = MergeProposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None:
        raise ValidationError(_("This proposal was replaced by a newer deduplication run."))
    if locked.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal was already decided."))
    return locked


def _member_ids(proposal: MergeProposal) -> list[int]:
    return list(proposal.members.order_by("person_id").values_list("person_id", flat=True))


def _decide(proposal: MergeProposal, status: str, by: User, reason: str, **extra: object) -> None:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.reason = reason
    for name, value in extra.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason", *extra])


def _merge_group(
    survivor_id: int, others: Iterable[int], *, by: User, reason: str, proposal: MergeProposal
) -> list[PersonMerge]:
    persons = Person.objects.in_bulk([survivor_id, *others])
    return [
        person_merge(
            survivor=persons[survivor_id],
            merged=persons[pk],
            by=by,
            reason=reason,
            proposal=proposal,
        )
        for pk in sorted(others)
    ]


@transaction.atomic
def proposal_confirm(
    *, proposal: MergeProposal, survivor: Person | None, by: User, reason: str
) -> list[PersonMerge]:
    """Merge every record of ``proposal`` into ``survivor`` (one of them); one merge per record."""
    proposal = _lock_open(proposal, by)
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    require(bool(reason), "reason", _("Give the reason for this decision."), errors)
    members = _member_ids(proposal)
    require(
        survivor is not None and survivor.pk in members,
        "survivor",
        _("Choose the record to keep; it must be one of the records of this proposal."),
        errors,
    )
    raise_if(errors)
    assert survivor is not None
    merges = _merge_group(
        survivor.pk,
        [pk for pk in members if pk != survivor.pk],
        by=by,
        reason=reason,
        proposal=proposal,
    )
    _decide(proposal, ProposalStatus.CONFIRMED, by, reason, survivor=survivor)
    return merges


@transaction.atomic
def proposal_reject(*, proposal: MergeProposal, by: User, reason: str) -> MergeProposal:
    """Record that the records of ``proposal`` are not one person; nothing is merged."""
    proposal = _lock_open(proposal, by)
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    require(bool(reason), "reason", _("Give the reason for this decision."), errors)
    raise_if(errors)
    _decide(proposal, ProposalStatus.REJECTED, by, reason)
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=by,
        person_ids=_member_ids(proposal),
        detail="proposal_reject",
    )
    return proposal


@transaction.atomic
def proposal_split(
    *, proposal: MergeProposal, groups: Mapping[int, int], by: User, reason: str
) -> list[PersonMerge]:
    """Split ``proposal`` into the reviewer's ``groups`` (person pk -> group number 1..n, n the
    number of records): each group of two or more records is merged into its earliest record
    (the lowest number); records in different groups are remembered as different persons."""
    proposal = _lock_open(proposal, by)
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    require(bool(reason), "reason", _("Give the reason for this decision."), errors)
    members = _member_ids(proposal)
    numbers = set(groups.values())
    if set(groups) != set(members):
        errors.setdefault("groups", []).append(
            _("Put every record of this proposal in a group, and only those records.")
        )
    elif not numbers <= set(range(1, len(members) + 1)):
        errors.setdefault("groups", []).append(
            _("Use group numbers from 1 to %(n)s.") % {"n": len(members)}
        )
    elif len(numbers) < 2:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _(
                "Split into at least two groups; to merge all records into one, confirm the "
                "proposal instead."
            )
        )
    raise_if(errors)
    merges: list[PersonMerge] = []
    for number in sorted(numbers):
        group = sorted(pk for pk, n in groups.items() if n == number)
        if len(group) >= 2:
            merges += _merge_group(group[0], group[1:], by=by, reason=reason, proposal=proposal)
    rows = list(proposal.members.all())
    for row in rows:
        row.group = groups[row.person_id]
    ProposalMember.objects.bulk_update(rows, ["group"])
    _decide(proposal, ProposalStatus.SPLIT, by, reason)
    return merges
