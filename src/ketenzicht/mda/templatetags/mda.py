"""``{% load mda %}{% mda_plan_panel plan %}``: the MDA++ panel on the plan page.

A template tag, so the plans app shows the panel without importing mda (mda sits above plans in
the import-linter layers); the context comes from :func:`mda.selectors.mda_panel_context`.
"""

from __future__ import annotations

from typing import Any

from django import template

from ketenzicht.mda.selectors import mda_panel_context
from ketenzicht.plans.models import HouseholdPlan

register = template.Library()


@register.inclusion_tag("mda/_plan_panel.html", takes_context=True)
def mda_plan_panel(context: template.Context, plan: HouseholdPlan) -> dict[str, Any]:
    return mda_panel_context(context["request"].user, plan)
