"""Who may open which escalation page: every URL of the ``escalation`` namespace against every
persona. A new URL without a rule here fails ``test_every_escalation_url_has_an_access_rule``."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ketenzicht.escalation.services import direction_failure_report
from ketenzicht.testing import url_names

pytestmark = pytest.mark.django_db

PERSONAS = [
    "intake_worker",
    "vt_worker",
    "team_lead",
    "pro_a",  # the plan's case director (local team A)
    "care_pro",  # a professional of a participating care provider
    "desk_user",  # staff of the region's process-direction desk
    "pro_b",  # local team B: not in the plan
    "other_desk_user",  # the desk of another region
    "policy_officer",
    "administrator",
    "outsider",
    "privacy_officer",
]
NOT_CHAIN = {
    p: 403
    for p in (
        "intake_worker",
        "vt_worker",
        "team_lead",
        "policy_officer",
        "administrator",
        "outsider",
        "privacy_officer",
    )
}
OUT_OF_REACH = {"pro_b": 404, "other_desk_user": 404}
IN_REACH = {"pro_a": 200, "care_pro": 200, "desk_user": 200}

RULES: dict[str, tuple[str | None, dict[str, int]]] = {
    # The desk's queue: desk staff only (each sees its own region's queue).
    "escalation:queue": (
        None,
        {
            **NOT_CHAIN,
            "pro_a": 403,
            "care_pro": 403,
            "pro_b": 403,
            "desk_user": 200,
            "other_desk_user": 200,
        },
    ),
    "escalation:detail": ("escalation", {**NOT_CHAIN, **OUT_OF_REACH, **IN_REACH}),
    "escalation:new": ("plan", {**NOT_CHAIN, **OUT_OF_REACH, **IN_REACH}),
    # The case director does not report on themselves.
    "escalation:failure_new": ("plan", {**NOT_CHAIN, **OUT_OF_REACH, **IN_REACH, "pro_a": 403}),
    "escalation:failure_detail": ("failure", {**NOT_CHAIN, **OUT_OF_REACH, **IN_REACH}),
    # Only the process director hands back; none has been appointed yet.
    "escalation:hand_back": (
        "plan",
        {**NOT_CHAIN, **OUT_OF_REACH, "pro_a": 403, "care_pro": 403, "desk_user": 403},
    ),
}
# The forms of the escalation page are POST endpoints; a GET goes back to the page.
for _name in (
    "advance",
    "agreement",
    "appoint",
    "binding",
    "compliance",
    "urgent_call",
    "urgent_record",
    "administrative",
    "confirm",
    "resolve",
):
    RULES[f"escalation:{_name}"] = (
        "escalation",
        {**NOT_CHAIN, **OUT_OF_REACH, **{p: 302 for p in IN_REACH}},
    )


def test_every_escalation_url_has_an_access_rule() -> None:
    assert url_names(("escalation",)) == set(RULES)


@pytest.fixture
def objects(escalation: Any, plan: Any, care_pro: Any) -> dict[str, int]:
    report = direction_failure_report(plan=plan, actor=care_pro, reason="Geen regie zichtbaar.")
    return {"escalation": escalation.pk, "plan": plan.pk, "failure": report.pk}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_escalation_pages_it_needs(
    client: Any, request: Any, objects: dict[str, int], persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    wrong = []
    for name, (kind, expected) in sorted(RULES.items()):
        args = [objects[kind]] if kind else []
        status = client.get(reverse(name, args=args)).status_code
        if status != expected[persona]:
            wrong.append(f"{name}: got {status}, expected {expected[persona]}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Any, objects: dict[str, int]
) -> None:
    for name, (kind, _expected) in RULES.items():
        args = [objects[kind]] if kind else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
