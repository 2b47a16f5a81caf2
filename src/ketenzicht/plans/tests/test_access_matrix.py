"""Who may open which plan page: every URL of the ``plans`` namespace against every persona.

Generated from the URL configuration like casework/tests/test_views_access.py: a new plan view
without a rule here fails ``test_every_plan_url_has_an_access_rule``.

- index (my plans and the queue) and create (from an accepted handover): chain professionals;
  create only for the handover's receiving organisation (404 for another team);
- reading pages (plan, versions, comparison, feed): the participants and directors, and the
  case's own Veilig Thuis (read-only); 404 for a chain professional or VT outside the plan;
- section forms: the director only; 403 for those who see the plan but do not direct it;
- everyone else (policy officer, privacy officer, administrator, outsider): 403.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.casework.models import Handover
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory
from ketenzicht.plans import services
from ketenzicht.testing import url_names

pytestmark = pytest.mark.django_db

PERSONAS = [
    "intake_worker",
    "vt_worker",
    "team_lead",
    "pro_a",
    "pro_b",
    "policy_officer",
    "administrator",
    "outsider",
    "other_vt_worker",
    "privacy_officer",
]
OTHERS = {p: 403 for p in ("policy_officer", "administrator", "outsider", "privacy_officer")}
VT = ("intake_worker", "vt_worker", "team_lead")

CHAIN_ONLY = {**OTHERS, **{p: 403 for p in VT}, "other_vt_worker": 403, "pro_a": 200, "pro_b": 200}
READ = {**OTHERS, **{p: 200 for p in VT}, "other_vt_worker": 404, "pro_a": 200, "pro_b": 404}
DIRECTOR = {**READ, **{p: 403 for p in VT}}

RULES: dict[str, tuple[str | None, dict[str, int]]] = {
    "plans:index": (None, CHAIN_ONLY),
    "plans:create": ("handover", {**CHAIN_ONLY, "pro_b": 404}),
}
for _name in ("detail", "versions", "compare", "feed", "pdf"):
    RULES[f"plans:{_name}"] = ("plan", READ)
for _name in (
    "approach",
    "member_new",
    "condition_new",
    "result_new",
    "task_new",
    "evaluation_new",
    "involvement_new",
    "participant_new",
    "director",
    "activate",
    "close",
    "report_new",
    "note_new",
):
    RULES[f"plans:{_name}"] = ("plan", DIRECTOR)
for _name, _kind in (
    ("member_edit", "member"),
    ("member_remove", "member"),
    ("assessment", "member"),
    ("condition_edit", "condition"),
    ("condition_end", "condition"),
    ("result_remove", "result"),
    ("task_complete", "task"),
    ("task_cancel", "task"),
    ("evaluation_record", "evaluation"),
    ("participant_remove", "participant"),
    ("report_handle", "report"),
):
    RULES[f"plans:{_name}"] = (_kind, DIRECTOR)


def test_every_plan_url_has_an_access_rule():
    names = url_names(("plans",))
    assert names, "the plans namespace has no URLs"
    assert names == set(RULES), f"missing: {sorted(names - set(RULES))}"


@pytest.fixture
def objects(plan, pro_a, police_org, make_case, advance_case):
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    officer = UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)
    participant = plan.participants.get(organisation=police_org)
    member = services.plan_member_save(plan=plan, actor=pro_a, kind="network", name="Oma Jansen")
    result = services.result_add(
        plan=plan, actor=pro_a, phase="safety", result_for="household", description="Rust."
    )
    task = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Huisbezoek.",
        organisation=plan.lead_organisation,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    evaluation = services.evaluation_plan(
        plan=plan, actor=pro_a, planned_on=timezone.localdate() + timedelta(days=30)
    )
    report = services.participation_report(plan=plan, actor=officer, kind="proposal", note="X.")
    other_case = advance_case(make_case(), "monitoring")
    return {
        "plan": plan.pk,
        "handover": Handover.objects.get(case=other_case).pk,
        "member": member.pk,
        "condition": plan.safety_conditions.get().pk,
        "result": result.pk,
        "task": task.pk,
        "evaluation": evaluation.pk,
        "participant": participant.pk,
        "report": report.pk,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_plan_pages_it_needs(client, request, objects, persona):
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
