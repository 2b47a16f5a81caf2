"""MDA++: a household's case brought to a multidisciplinary core team (BRIEF §1, issue P5).

The team works from the household's one plan (the joint plan) and its case director; its role is
process direction: it analyses the case, watches whether the agreements of the plan are kept and
reviews them at a fixed rhythm. It gives no care itself, so it never owns a task of the plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ketenzicht.organisations.models import Organisation
from ketenzicht.plans.models import HouseholdPlan

DEFAULT_REVIEW_WEEKS = 6


class MdaStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class MdaTrajectory(models.Model):
    """One time a plan's case was brought to an MDA++ core team."""

    plan = models.ForeignKey(
        HouseholdPlan, on_delete=models.PROTECT, related_name="mda_trajectories"
    )
    team = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mda_trajectories",
        verbose_name=_("MDA++ team"),
    )
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    brought_at = models.DateTimeField(_("brought in at"))
    reason = models.TextField(_("why the case is brought in"))
    analysis = models.TextField(_("the team's analysis"), blank=True)
    analysed_at = models.DateTimeField(_("analysed at"), null=True, blank=True)
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"), default=DEFAULT_REVIEW_WEEKS
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MdaStatus.choices, default=MdaStatus.ACTIVE
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        ordering = ["next_review_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="active"), name="mda_one_active_per_plan"
            )
        ]
        indexes = [models.Index(fields=["team", "status", "next_review_on"])]
        verbose_name = _("MDA++ trajectory")
        verbose_name_plural = _("MDA++ trajectories")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"MDA{self.pk:06d}" if self.pk else "MDA-"

    @property
    def is_active(self) -> bool:
        return self.status == MdaStatus.ACTIVE


class MdaReview(models.Model):
    """A review of the team: which agreements were kept and which not, and what follows."""

    trajectory = models.ForeignKey(MdaTrajectory, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("held on"))
    agreements_kept = models.TextField(_("agreements kept"), blank=True)
    agreements_not_kept = models.TextField(_("agreements not kept"), blank=True)
    conclusions = models.TextField(_("conclusions"))
    next_review_on = models.DateField(_("next review"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("MDA++ review")
        verbose_name_plural = _("MDA++ reviews")

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.held_on}"
