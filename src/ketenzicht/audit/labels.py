"""The unusual-access rules in plain words (English msgids, Dutch translations)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.audit.rules import Hit, RuleConfig
from ketenzicht.common.calendar import is_working_day

RULE_TITLES = {
    "unassigned_cases": gettext_lazy("Many case files outside own cases"),
    "outside_office_hours": gettext_lazy("Outside office hours"),
    "many_radar_lookups": gettext_lazy("Many radar lookups"),
    "many_exports": gettext_lazy("Many exports"),
    "repeated_denied": gettext_lazy("Repeatedly refused"),
    "break_glass": gettext_lazy("Break-glass access"),
}


def _when(moment: Any) -> str:
    return time_format(moment, "H:i") if moment is not None else ""


def explain(hit: Hit, *, name: str, config: RuleConfig, closing_days: frozenset[Any]) -> str:
    """Why ``hit`` fired, in one sentence."""
    values = {
        "user": name,
        "count": hit.count,
        "limit": hit.limit,
        "day": date_format(hit.day, "l j F Y"),
        "first": _when(hit.first_at),
        "last": _when(hit.last_at),
        "start": time_format(config.office_start, "H:i"),
        "end": time_format(config.office_end, "H:i"),
    }
    if hit.rule == "unassigned_cases":
        return (
            _(
                "%(user)s opened %(count)s different case files on %(day)s that are not "
                "assigned to them; the limit is %(limit)s a day."
            )
            % values
        )
    if hit.rule == "outside_office_hours":
        if not is_working_day(hit.day, closing_days):
            return (
                _(
                    "%(user)s read or changed personal data %(count)s times on %(day)s, which "
                    "is no working day (first at %(first)s, last at %(last)s)."
                )
                % values
            )
        return (
            _(
                "%(user)s read or changed personal data %(count)s times on %(day)s outside "
                "office hours (%(start)s to %(end)s; first at %(first)s, last at %(last)s)."
            )
            % values
        )
    if hit.rule == "many_radar_lookups":
        return (
            _("%(user)s did %(count)s radar lookups on %(day)s; the limit is %(limit)s a day.")
            % values
        )
    if hit.rule == "many_exports":
        return _("%(user)s exported %(count)s times on %(day)s; the limit is %(limit)s a day.") % (
            values
        )
    if hit.rule == "repeated_denied":
        return (
            _(
                "%(user)s was refused %(count)s times on %(day)s (pages or numbers outside "
                "their reach); this is shown from %(limit)s a day."
            )
            % values
        )
    if hit.rule == "break_glass":
        return (
            _(
                "%(user)s opened case files through break-glass access on %(day)s "
                "(%(count)s times). Check the reason in the break-glass report."
            )
            % values
        )
    raise ValueError(f"unknown rule {hit.rule!r}")
