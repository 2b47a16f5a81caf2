"""The denormalised facts behind the steering figures, and their pre-aggregated counts.

``ReportFact`` holds one row per report or advice request with every fact a figure needs, derived
from intake and casework by ``services.facts_rebuild``. It holds no person: no names, no BSN, no
household; ``source_id`` only ties a row back to its report for the rebuild and is never shown.
``FigureCell`` holds the additive counts per municipality and half-year (lead times as
histograms, so medians and p90 roll up to regions and years exactly); the dashboard reads only
these. ``WaitingPoint`` is the waiting list at each month end.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.organisations.models import Municipality, Region


class ReportFact(models.Model):
    is_advice = models.BooleanField(_("advice request"))
    source_id = models.BigIntegerField()
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    k_child = models.BooleanField(default=False)
    k_partner = models.BooleanField(default=False)
    k_elder = models.BooleanField(default=False)
    k_parents = models.BooleanField(default=False)
    k_honour = models.BooleanField(default=False)
    k_sexual = models.BooleanField(default=False)
    k_trafficking = models.BooleanField(default=False)
    k_other = models.BooleanField(default=False)
    reporter_group = models.CharField(max_length=20)
    from_police = models.BooleanField(default=False)
    decision = models.CharField(max_length=30, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    # None: not due yet and not done; True/False: done (or overdue) within/after the term.
    assessment_in_term = models.BooleanField(null=True)
    assessment_days = models.PositiveSmallIntegerField(null=True)  # working days
    vv_in_term = models.BooleanField(null=True)
    vv_days = models.PositiveSmallIntegerField(null=True)  # calendar days since the decision
    investigation_in_term = models.BooleanField(null=True)
    investigation_days = models.PositiveSmallIntegerField(null=True)
    investigation_outcome = models.CharField(max_length=20, blank=True)
    repeat_12m = models.BooleanField(default=False)
    during_open = models.BooleanField(default=False)
    restraining_order = models.BooleanField(default=False)
    # The case's state when the facts were derived (blank for an advice request).
    state = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("report fact")
        verbose_name_plural = _("report facts")
        constraints = [
            models.UniqueConstraint(fields=["is_advice", "source_id"], name="fact_once_per_source")
        ]
        indexes = [models.Index(fields=["region", "year", "half"])]

    def __str__(self) -> str:
        kind = "advice" if self.is_advice else "report"
        return f"{kind} fact {self.year}-H{self.half}"


class FigureCell(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=40)
    value = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("figure cell")
        verbose_name_plural = _("figure cells")
        indexes = [models.Index(fields=["region", "municipality"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}-H{self.half}: {self.value}"


class WaitingPoint(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    on = models.DateField()
    value = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("waiting point")
        verbose_name_plural = _("waiting points")
        indexes = [models.Index(fields=["region", "on"])]

    def __str__(self) -> str:
        return f"waiting on {self.on}: {self.value}"


class FigureRefresh(models.Model):
    """One finished rebuild: when, and how many facts it derived."""

    finished_at = models.DateTimeField()
    facts = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"refresh at {self.finished_at:%Y-%m-%d %H:%M}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class HalfYearReport(models.Model):
    """One request for the half-year report as a PDF, and its progress (a background job).

    The scope is the region (``municipality`` empty) or one municipality. The PDF is kept in the
    database (``pdf``), not in MEDIA: only the page that checks the requester's scope hands it
    out, there are no files to clean up, and it holds aggregates only (every figure protected).
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10, default="nl")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("half-year report")
        verbose_name_plural = _("half-year reports")
        indexes = [models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self) -> str:
        return f"half-year report {self.year}-H{self.half} ({self.status})"

    @property
    def whole_region(self) -> bool:
        return self.municipality_id is None

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
