"""Navigation per role, so every page shows only what the user may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ketenzicht.organisations.models import OrganisationKind, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, str]] = []
    if user.is_vt:
        items += [
            (reverse("casework:queue"), _("Work queue")),
            (reverse("intake:start"), _("New contact")),
            (reverse("intake:advice_list"), _("Advice requests")),
            (reverse("linkage:queue"), _("Duplicate persons")),
            (reverse("retention:requests"), _("Erasure requests")),
        ]
    if user.role == Role.TEAM_LEAD and user.organisation_id:
        items.append((reverse("subject_access:start"), _("Subject access requests")))
    if user.role == Role.CHAIN_PROFESSIONAL and user.organisation_id:
        items.append((reverse("casework:inbox"), _("Handover inbox")))
        if user.organisation.kind == OrganisationKind.MDA:
            items.append((reverse("mda:list"), _("MDA++")))
        items.append((reverse("plans:index"), _("Household plans")))
        if user.organisation.kind == OrganisationKind.PROCESS_DESK:
            items.append((reverse("escalation:queue"), _("Process-direction desk")))
    if user.role == Role.POLICY_OFFICER:
        items.append((reverse("casework:overview"), _("Overview")))
        items.append((reverse("reporting:dashboard"), _("Steering information")))
        items.append((reverse("external:figures"), _("External figures")))
        items.append((reverse("external:dark_figure"), _("Dark number")))
    if user.role and user.organisation_id:  # every role of the region reads its programme, budget
        items.append((reverse("programme:index"), _("Action programme")))
        items.append((reverse("finance:budget"), _("Budget split")))
    if user.role == Role.PRIVACY_OFFICER and user.organisation_id:
        items.append((reverse("audit:home"), _("Access log")))
        items.append((reverse("retention:break_glass_report"), _("Break-glass report")))
        items.append((reverse("retention:tombstones"), _("Destroyed files")))
    # The organisation's administrator, and a Veilig Thuis's team leads (hooks.services).
    if user.organisation_id and (
        user.role == Role.ADMINISTRATOR
        or (user.role == Role.TEAM_LEAD and user.organisation.kind == OrganisationKind.VEILIG_THUIS)
    ):
        items.append((reverse("hooks:list"), _("Notifications (webhooks)")))
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        items.append((reverse("admin:index"), _("Administration")))
    if user.role == Role.ADMINISTRATOR:
        items.append((reverse("retention:break_glass"), _("Break-glass access")))
    return {"nav_items": items}
