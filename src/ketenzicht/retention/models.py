"""Retention and destruction: what stays of a destroyed file, the runs, and erasure requests.

A case file is destroyed for one of two legal reasons: its retention term (*bewaartermijn*) ended,
or an erasure request (*vernietigingsverzoek*) was granted. Both go through
``services.case_destroy``, which leaves one :class:`Tombstone`: a non-personal record that the
file existed and was destroyed, with counts of what went. No names, no BSN, no free text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework.models import Case
from ketenzicht.intake.models import Person
from ketenzicht.organisations.models import Organisation


class LegalBasis(models.TextChoices):
    RETENTION_TERM = "retention_term", _("Retention term ended")
    ERASURE_REQUEST = "erasure_request", _("Erasure request granted")


class FileKind(models.TextChoices):
    CASE = "case", _("Case file (report)")


class RetentionRun(models.Model):
    """One run of the retention task: when, up to which closure date, and what it destroyed."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("retention term (years)"))
    cutoff = models.DateTimeField(_("files closed at or before"))
    destroyed = models.PositiveIntegerField(_("files destroyed"), default=0)
    failed = models.PositiveIntegerField(_("files that could not be destroyed"), default=0)
    # [{"reference": "Z0000123", "error": "..."}]: references and English error codes only.
    failures = models.JSONField(default=list, blank=True)
    counts = models.JSONField(_("what was destroyed"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.destroyed} destroyed"


class Tombstone(models.Model):
    """What stays of a destroyed case file: that it existed, when, where, and why it went."""

    reference = models.CharField(_("case"), max_length=20, unique=True)
    report_reference = models.CharField(_("report"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="tombstones",
        verbose_name=_("Veilig Thuis organisation"),
    )
    region_code = models.CharField(_("region"), max_length=20)
    municipality_code = models.CharField(_("municipality"), max_length=6)
    received_on = models.DateField(_("received on"))
    closed_on = models.DateField(_("closed on"))
    destroyed_at = models.DateTimeField(_("destroyed at"))
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    run = models.ForeignKey(
        RetentionRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tombstones",
        verbose_name=_("retention run"),
    )
    counts = models.JSONField(_("what was destroyed"), default=dict)

    class Meta:
        ordering = ["-destroyed_at", "-pk"]
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        indexes = [models.Index(fields=["organisation", "-destroyed_at"], name="tombstone_list")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.destroyed_at:%Y-%m-%d})"


class RequesterRelation(models.TextChoices):
    SELF = "self", _("The person themselves")
    PARENT = "parent", _("A parent or guardian (for a minor)")
    REPRESENTATIVE = "representative", _("A legal representative (curator, mentor, lawyer)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    GRANTED = "granted", _("Granted: file destroyed")
    REFUSED = "refused", _("Refused")
    LAPSED = "lapsed", _("File destroyed at the end of its retention term")


class ErasureRequest(models.Model):
    """An erasure request (*vernietigingsverzoek*, Jeugdwet art. 7.3.11, Wmo 2015 / AVG art. 17).

    Registered by Veilig Thuis on behalf of the person; decided within three months by a team
    lead who did not register it (four-eyes), after weighing whether destruction harms the
    substantial interest of someone else (*aanmerkelijk belang van een ander*). When granted, the
    file is destroyed through the same path as at the end of the retention term; the request then
    keeps only its dates, the decision and the tombstone (its names and free text are cleared).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("Veilig Thuis organisation"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_requests",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case"), max_length=20)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person the request is about"),
    )
    requester_relation = models.CharField(
        _("who asked"), max_length=20, choices=RequesterRelation.choices
    )
    requester_name = models.CharField(_("name of the requester"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("decision due"))
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    other_interest = models.BooleanField(
        _("a substantial interest of someone else opposes destruction"), null=True, blank=True
    )
    other_interest_reason = models.TextField(_("weighing of the interest of others"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    tombstone = models.OneToOneField(
        Tombstone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erasure_request",
        verbose_name=_("tombstone"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="erasure_queue")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"VV{self.pk:06d}" if self.pk else "VV-new"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN
