"""Linkage tables: blocking keys for the radar, merges of persons, and proposals to review.

Every stored person has a handful of short blocking keys (``blocking.blocking_keys``). Looking up
the candidates for a new person is one indexed query on ``key IN (...)``; only those candidates are
compared and scored in Python with the trained weights, never the whole store.

The batch deduplication (``manage.py linkage_dedupe``) writes :class:`MergeProposal` rows: groups
of person records of one Veilig Thuis organisation that look like one person, with the evidence
per matched pair. Nothing is merged until a professional confirms a proposal (or merges two
persons by hand); every merge is a :class:`PersonMerge` row that records who, when, why and which
link rows moved, so ``person_unmerge`` can put every link back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.models import Person
from ketenzicht.organisations.models import Organisation


class PersonKey(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linkage_keys")
    key = models.CharField(max_length=48)

    class Meta:
        verbose_name = _("blocking key")
        verbose_name_plural = _("blocking keys")
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="person_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Confirmed: merged")
    REJECTED = "rejected", _("Rejected: not one person")
    SPLIT = "split", _("Split")


class MergeProposal(models.Model):
    """A group of person records of one Veilig Thuis organisation proposed as one person.

    ``members_digest`` identifies the set of members (a hash of their sorted ids): a rejected
    set is not proposed again, and a new run keeps an open proposal of the same set.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="merge_proposals",
        verbose_name=_("Veilig Thuis organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    members_digest = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("number of records"))
    best = models.FloatField(_("strongest match probability"))
    weakest = models.FloatField(_("weakest match probability"))
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    survivor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kept record"),
    )

    class Meta:
        ordering = ["-best", "-proposed_at", "-pk"]
        verbose_name = _("merge proposal")
        verbose_name_plural = _("merge proposals")
        indexes = [
            models.Index(
                fields=["organisation", "status", "-best", "-proposed_at"],
                name="proposal_review_queue",
            ),
            models.Index(fields=["organisation", "members_digest"], name="proposal_members"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"V{self.pk:07d}" if self.pk else gettext("%(letter)s-new") % {"letter": "V"}

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN


class ProposalMember(models.Model):
    """One person record of a proposal; ``group`` is the reviewer's group when it was split."""

    proposal = models.ForeignKey(MergeProposal, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    group = models.PositiveSmallIntegerField(_("group"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal member")
        verbose_name_plural = _("proposal members")
        ordering = ["person_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="proposal_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.person_id}"


class ProposalPair(models.Model):
    """A matched pair inside a proposal, with what the reviewer needs to see why it matched:
    the probability, its strength code and the evidence items of ``MatchScore.evidence``
    (``[{"field", "level", "category", "weight"}]``, largest impact first)."""

    proposal = models.ForeignKey(MergeProposal, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    strength = models.CharField(max_length=20)
    co_resident = models.BooleanField(default=False)
    evidence = models.JSONField(default=list)

    class Meta:
        verbose_name = _("compared pair of a proposal")
        verbose_name_plural = _("compared pairs of a proposal")
        ordering = ["-probability", "pk"]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id}: {self.probability:.3f}"


class PersonMerge(models.Model):
    """History of one merge: ``merged`` is the same person as ``survivor``.

    ``links`` holds, per foreign key to ``Person`` (``"<app>.<Model>.<field>"``), the ids of the
    rows that were moved from ``merged`` to ``survivor``, so the undo moves exactly those back.
    The undo is recorded on the same row (``undone_*``); a merge is undone at most once.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="person_merges",
        verbose_name=_("Veilig Thuis organisation"),
    )
    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept record")
    )
    merged = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
        verbose_name=_("merged record"),
    )
    proposal = models.ForeignKey(
        MergeProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merges",
        verbose_name=_("proposal"),
    )
    reason = models.TextField(_("reason"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"))
    links = models.JSONField(default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_reason = models.TextField(_("reason for the undo"), blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="person_merged_once",
            ),
            models.CheckConstraint(
                condition=~Q(survivor=F("merged")), name="person_merge_two_persons"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-merged_at"], name="merge_history")]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.links.values())
