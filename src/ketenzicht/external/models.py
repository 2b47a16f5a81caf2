"""Figures from outside the chain: population, prevalence rates and published series.

These are public or policy figures (CBS, police, prevalence studies), never data about a
person. They are shown next to the chain's own counts on the policy officer's pages
(``external/views.py``) and feed the dark-number estimate (``external/darkfigure.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.organisations.models import Municipality, Region

TOTAL = "total"
age_band_validator = RegexValidator(
    r"^(total|\d{1,3}-\d{1,3}|\d{1,3}\+)$",
    _('An age band looks like "0-17", "65+" or "total".'),
)


class PopulationFigure(models.Model):
    """Inhabitants of a municipality on 1 January of ``year`` (CBS), in total or in an age band.

    The row with ``age_band == "total"`` is the municipality's population; rows like "0-17",
    "18-64" and "65+" split it by age (used by the dark-number estimate). The budget split of
    the regional arrangement (BRIEF §9) needs the total of the year before the budget year:
    :func:`ketenzicht.external.selectors.inhabitants_on_1_january`.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    age_band = models.CharField(
        _("age band"), max_length=10, default=TOTAL, validators=[age_band_validator]
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants on 1 January"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["municipality", "-year", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "age_band"], name="population_figure_once"
            )
        ]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.age_band}: {self.inhabitants}"


class PrevalenceGroup(models.TextChoices):
    """The groups of the dark-number estimate, by age on the day of the report."""

    ADULTS = "adults", _("Adults (18-64)")
    CHILDREN = "children", _("Children (0-17)")
    ELDERLY = "elderly", _("Elderly (65+)")


class PrevalenceRate(models.Model):
    """Victims per 1,000 inhabitants of a group per year, from ``valid_from`` on, for a region.

    Set by a policy officer of the centre municipality (``external:rates``) or by an
    administrator (the administration pages). Without a rate the defaults of
    :data:`ketenzicht.external.darkfigure.DEFAULT_RATES` apply (BRIEF §7).
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="prevalence_rates", verbose_name=_("region")
    )
    group = models.CharField(_("group"), max_length=10, choices=PrevalenceGroup.choices)
    per_1000 = models.DecimalField(
        _("victims per 1,000 per year"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["region", "group", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "group", "valid_from"], name="prevalence_rate_once"
            )
        ]
        verbose_name = _("prevalence rate")
        verbose_name_plural = _("prevalence rates")

    def __str__(self) -> str:
        return f"{self.group} {self.per_1000}/1000 ({self.valid_from})"


class ExternalSeries(models.Model):
    """A published indicator, e.g. police incidents or formal complaints per year."""

    indicator = models.SlugField(_("indicator"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("external series")
        verbose_name_plural = _("external series")

    def __str__(self) -> str:
        return self.name or self.indicator


class ExternalFigure(models.Model):
    """One published value of a series: for a municipality (or the whole country) and a period.

    ``municipality`` is empty for a national figure (code ``NL01`` in the CSV). ``period`` is a
    year ("2023") or a half-year ("2023-H1"). The unique constraint does not hold for national
    rows on every database (NULLs are distinct), so the import checks that itself.
    """

    series = models.ForeignKey(
        ExternalSeries, on_delete=models.CASCADE, related_name="figures", verbose_name=_("series")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="external_figures",
        verbose_name=_("municipality"),
    )
    period = models.CharField(
        _("period"),
        max_length=7,
        validators=[RegexValidator(r"^\d{4}(-H[12])?$", _("A period looks like 2023 or 2023-H1."))],
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["series", "municipality", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "municipality", "period"],
                name="external_figure_once",
            )
        ]
        verbose_name = _("external figure")
        verbose_name_plural = _("external figures")

    def __str__(self) -> str:
        return f"{self.series_id} {self.municipality_id or 'NL'} {self.period}: {self.value}"
