"""Who may open which MDA++ page: every URL of the ``mda`` namespace against every persona.

Generated from the URL configuration (as ``casework/tests/test_views_access.py``): a new view
without a rule here fails ``test_every_mda_url_has_an_access_rule``.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.testing import url_names

pytestmark = pytest.mark.django_db

PERSONAS = [
    "intake_worker",
    "vt_worker",
    "team_lead",
    "pro_a",
    "pro_b",
    "mda_pro",
    "other_mda_pro",
    "policy_officer",
    "administrator",
    "outsider",
    "other_vt_worker",
    "privacy_officer",
]
VT = ("intake_worker", "vt_worker", "team_lead")
# Outside the plan's reach: 404 on every page about it (nothing about the plan is given away).
OUTSIDE = {
    p: 404
    for p in (
        "pro_b",
        "other_mda_pro",
        "policy_officer",
        "administrator",
        "outsider",
        "other_vt_worker",
        "privacy_officer",
    )
}


def _rule(**inside: int) -> dict[str, int]:
    return {**OUTSIDE, **inside}


# url name -> (which object its argument is, expected status per persona for a GET)
RULES: dict[str, tuple[str | None, dict[str, int]]] = {
    # The team's list: MDA++ staff only.
    "mda:list": (None, {**{p: 403 for p in PERSONAS}, "mda_pro": 200, "other_mda_pro": 200}),
    # Bringing a case in: the plan's director; others who see the plan 403.
    "mda:refer": ("plan", _rule(pro_a=200, mda_pro=403, **{p: 403 for p in VT})),
    # The trajectory page: everyone who sees the plan (the VT of the case reads along).
    "mda:detail": ("trajectory", _rule(pro_a=200, mda_pro=200, **{p: 200 for p in VT})),
    # The team's own work.
    "mda:analysis": ("trajectory", _rule(pro_a=403, mda_pro=200, **{p: 403 for p in VT})),
    "mda:review": ("trajectory", _rule(pro_a=403, mda_pro=200, **{p: 403 for p in VT})),
    # Ending: the team or the plan's director.
    "mda:end": ("trajectory", _rule(pro_a=200, mda_pro=200, **{p: 403 for p in VT})),
}


def test_every_mda_url_has_an_access_rule():
    names = url_names(("mda",))
    assert names, "no mda URLs found"
    assert names == set(RULES), f"missing: {sorted(names - set(RULES))}"


def test_every_rule_names_every_persona():
    for name, (_kind, expected) in RULES.items():
        assert set(expected) == set(PERSONAS), name


@pytest.fixture
def objects(trajectory, plan):
    return {"plan": plan.pk, "trajectory": trajectory.pk}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_mda_pages_it_needs(client, request, objects, persona):
    client.force_login(request.getfixturevalue(persona))
    wrong = []
    for name, (kind, expected) in sorted(RULES.items()):
        args = [objects[kind]] if kind else []
        status = client.get(reverse(name, args=args)).status_code
        if status != expected[persona]:
            wrong.append(f"{name}: got {status}, expected {expected[persona]}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    for name, (kind, _expected) in RULES.items():
        args = [objects[kind]] if kind else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_an_ended_trajectory_is_out_of_the_teams_reach(client, trajectory, mda_pro, pro_a):
    from ketenzicht.mda.services import mda_end

    mda_end(trajectory=trajectory, actor=pro_a, reason="Klaar.")
    client.force_login(mda_pro)
    assert client.get(reverse("mda:detail", args=[trajectory.pk])).status_code == 404
    client.force_login(pro_a)
    assert client.get(reverse("mda:detail", args=[trajectory.pk])).status_code == 200
