"""``{% load escalation %}{% escalation_plan_panel plan %}``: the escalation panel on the plan page.

A template tag, so the plans app shows the panel without importing escalation (which sits above
plans in the import-linter layers). Only chain professionals get it: the escalation pages are
theirs (Veilig Thuis reads the plan, not its escalations).
"""

from __future__ import annotations

from typing import Any

from django import template

from ketenzicht.escalation.selectors import escalation_panel_context
from ketenzicht.organisations.models import Role
from ketenzicht.plans.models import HouseholdPlan

register = template.Library()


@register.inclusion_tag("escalation/_plan_panel_tag.html", takes_context=True)
def escalation_plan_panel(context: template.Context, plan: HouseholdPlan) -> dict[str, Any]:
    user = context["request"].user
    if user.role != Role.CHAIN_PROFESSIONAL:
        return {"show": False}
    return {"show": True, **escalation_panel_context(user, plan)}
