"""Shared plumbing: the configurable closing days of the working-day calendar."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClosingDay(models.Model):
    """An extra day on which terms do not run (besides weekends and national holidays)."""

    day = models.DateField(_("date"), unique=True)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        ordering = ["day"]
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.description}"


def closing_days() -> frozenset[date]:
    """All configured closing days (a small table, read once per request that needs it)."""
    return frozenset(ClosingDay.objects.values_list("day", flat=True))
