"""The regional arrangement's budget years (*Gemeenschappelijke Regeling*, BRIEF §9).

Amounts are whole euro cents. The split itself is computed, never stored: ``allocation.py``
(pure) from the lines, the DUVO amount, the members and the inhabitants on 1 January of the
year before the budget year (``external.selectors.inhabitants_on_1_january``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.organisations.models import Municipality, Region


class Membership(models.Model):
    """A municipality's participation in its region's arrangement (join and leave dates)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["region", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "municipality"], name="membership_once")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.region})"


class BudgetYear(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("year"))
    duvo = models.BigIntegerField(_("DUVO amount (cents)"), default=0)

    class Meta:
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="budget_year_once")]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class LineKind(models.TextChoices):
    VEILIG_THUIS = "vt", _("Veilig Thuis")
    SHELTER = "shelter", _("Shelter")
    SOCIAL_WORK = "social_work", _("Social work")
    PROJECTS = "projects", _("Projects")
    CRISIS_DESK = "crisis_desk", _("Crisis desk")
    INCIDENTAL = "incidental", _("One-off contribution")
    OTHER = "other", _("Other")


class SplitKey(models.TextChoices):
    # Part of the regular contribution: total of these lines minus DUVO, by inhabitants.
    CONTRIBUTION = "contribution", _("Regular contribution (by inhabitants, after DUVO)")
    INHABITANTS = "inhabitants", _("Separately, by inhabitants")
    EQUAL = "equal", _("Separately, an equal part each")
    CUSTOM = "custom", _("Separately, by the line's own key")


class BudgetLine(models.Model):
    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.BigIntegerField(_("amount (cents)"))
    key = models.CharField(
        _("split key"), max_length=20, choices=SplitKey.choices, default=SplitKey.CONTRIBUTION
    )

    class Meta:
        ordering = ["budget_year", "key", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description


class KeyWeight(models.Model):
    """One municipality's weight in a line's own key (e.g. the crisis desk's)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="weights")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveIntegerField(_("weight"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "municipality"], name="key_weight_once")
        ]
        verbose_name = _("key weight")
        verbose_name_plural = _("key weights")

    def __str__(self) -> str:
        return f"{self.line_id}/{self.municipality_id}: {self.weight}"
