"""Who may open which page: every URL of the application against every persona.

The matrix is generated from the URL configuration: a new view without a rule here fails
``test_every_url_has_an_access_rule``, so need-to-know is decided for every page up front.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.casework.models import Handover, RestrainingOrder, Task, TaskKind
from ketenzicht.casework.services import restraining_order_register
from ketenzicht.casework.tests.utils import CASE_ACTIONS
from ketenzicht.intake.models import AdviceRequest
from ketenzicht.linkage.dedupe import store_dedupe
from ketenzicht.linkage.merging import person_merge
from ketenzicht.linkage.models import MergeProposal
from ketenzicht.reporting.models import HalfYearReport, ReportStatus
from ketenzicht.retention.services import erasure_request_register
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
VT = {"intake_worker": 200, "vt_worker": 200, "team_lead": 200}
NOT_VT = {
    "pro_a": 403,
    "pro_b": 403,
    "policy_officer": 403,
    "administrator": 403,
    "outsider": 403,
    "privacy_officer": 403,
}

# url name -> (which object its argument is, expected status per persona for a GET)
RULES: dict[str, tuple[str | None, dict[str, int]]] = {
    "intake:start": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    "intake:advice_new": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    "intake:advice_list": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    "intake:report_new": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    # POST only (an htmx partial): a GET is refused, with 403 for whoever is not VT.
    "intake:person_candidates": (
        None,
        {**{k: 405 for k in VT}, **NOT_VT, "other_vt_worker": 405},
    ),
    "intake:advice_detail": ("advice", {**VT, **NOT_VT, "other_vt_worker": 404}),
    "intake:advice_convert": ("advice", {**VT, **NOT_VT, "other_vt_worker": 404}),
    "casework:queue": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    # The queue as CSV (default) or XLSX: the same people as the queue page.
    "casework:queue_export": (None, {**VT, **NOT_VT, "other_vt_worker": 200}),
    "casework:overview": (
        None,
        {**{k: 403 for k in VT}, **NOT_VT, "policy_officer": 200, "other_vt_worker": 403},
    ),
    "casework:inbox": (
        None,
        {
            "intake_worker": 403,
            "vt_worker": 403,
            "team_lead": 403,
            "pro_a": 200,
            "pro_b": 200,
            "policy_officer": 403,
            "administrator": 403,
            "outsider": 403,
            "other_vt_worker": 403,
            "privacy_officer": 403,
        },
    ),
    "casework:handover_detail": (
        "handover",
        {
            "intake_worker": 403,
            "vt_worker": 403,
            "team_lead": 403,
            "pro_a": 200,
            "pro_b": 404,
            "policy_officer": 403,
            "administrator": 403,
            "outsider": 403,
            "other_vt_worker": 403,
            "privacy_officer": 403,
        },
    ),
    "casework:restraining_order_extend": ("order", {**VT, **NOT_VT, "other_vt_worker": 404}),
    "casework:restraining_order_end": ("order", {**VT, **NOT_VT, "other_vt_worker": 404}),
    "casework:task_complete": ("task", {**VT, **NOT_VT, "other_vt_worker": 404}),
    "casework:task_extend": ("task", {**VT, **NOT_VT, "other_vt_worker": 404}),
}
# The review queue of proposed merges and the merge history: Veilig Thuis roles only, and only
# their own organisation's proposals, merges and persons. Every VT role may decide (see
# linkage/views.py); a decision URL shows the proposal (or merge, or person) on a GET.
for _name in ("queue", "merges"):
    RULES[f"linkage:{_name}"] = (None, {**VT, **NOT_VT, "other_vt_worker": 200})
for _name in ("proposal", "proposal_confirm", "proposal_reject", "proposal_split"):
    RULES[f"linkage:{_name}"] = ("proposal", {**VT, **NOT_VT, "other_vt_worker": 404})
for _name in ("merge", "unmerge"):
    RULES[f"linkage:{_name}"] = ("merge", {**VT, **NOT_VT, "other_vt_worker": 404})
for _name in ("person", "person_merge"):
    RULES[f"linkage:{_name}"] = ("person", {**VT, **NOT_VT, "other_vt_worker": 404})
CASE_PAGES = ["detail", *CASE_ACTIONS]
for _name in CASE_PAGES:
    RULES[f"casework:{_name}"] = ("case", {**VT, **NOT_VT, "other_vt_worker": 404})
# Accept/refuse answer POSTs only; a GET shows the handover page again.
for _name in ("handover_accept", "handover_refuse"):
    RULES[f"casework:{_name}"] = RULES["casework:handover_detail"]

# The login steps and the session endpoints (accounts): every logged-in persona, whatever its
# role. A verified session is sent on from the second step and enrolment; keep-alive is POST only.
for _name in ("second_factor", "enrol"):
    RULES[f"accounts:{_name}"] = (None, {p: 302 for p in PERSONAS})
RULES["accounts:session_status"] = (None, {p: 200 for p in PERSONAS})
RULES["accounts:session_keepalive"] = (None, {p: 405 for p in PERSONAS})

# Retention (retention/views.py): erasure requests for VT roles of their own organisation; the
# destroyed files for them and their privacy officer; break-glass for administrators only, and
# its report for the privacy officer only.
RULES["retention:requests"] = (None, {**VT, **NOT_VT, "other_vt_worker": 200})
RULES["retention:request_detail"] = ("erasure_request", {**VT, **NOT_VT, "other_vt_worker": 404})
RULES["retention:request_new"] = ("case", {**VT, **NOT_VT, "other_vt_worker": 404})
RULES["retention:tombstones"] = (
    None,
    {**VT, **NOT_VT, "other_vt_worker": 200, "privacy_officer": 200},
)
RULES["retention:break_glass"] = (
    None,
    {**{k: 403 for k in VT}, **NOT_VT, "other_vt_worker": 403, "administrator": 200},
)
RULES["retention:break_glass_report"] = (
    None,
    {**{k: 403 for k in VT}, **NOT_VT, "other_vt_worker": 403, "privacy_officer": 200},
)

# Subject access requests (subject_access/views.py): team leads only, for persons known to their
# own organisation; the JSON and PDF downloads likewise.
_TEAM_LEAD_ONLY = {**{k: 403 for k in VT}, **NOT_VT, "team_lead": 200, "other_vt_worker": 403}
RULES["subject_access:start"] = (None, _TEAM_LEAD_ONLY)
for _name in ("person", "json", "pdf"):
    RULES[f"subject_access:{_name}"] = ("person", _TEAM_LEAD_ONLY)

# The access log's pages (audit/views.py): the privacy officer only; persons of their own
# organisation (another VT's privacy officer would get 404, see audit/tests).
_PRIVACY_OFFICER_ONLY = {
    **{k: 403 for k in VT},
    **NOT_VT,
    "privacy_officer": 200,
    "other_vt_worker": 403,
}
for _name in ("home", "person_search", "user_log", "unusual"):
    RULES[f"audit:{_name}"] = (None, _PRIVACY_OFFICER_ONLY)
RULES["audit:person_log"] = ("person", _PRIVACY_OFFICER_ONLY)

# External figures and the dark number (external/views.py): policy officers only, aggregates of
# their own municipality (and of the region from the centre municipality).
_POLICY_ONLY = {**{k: 403 for k in VT}, **NOT_VT, "policy_officer": 200, "other_vt_worker": 403}
for _name in ("figures", "dark_figure", "upload", "rates"):
    RULES[f"external:{_name}"] = (None, _POLICY_ONLY)

# Steering information (reporting/views.py): policy officers only, aggregates of their own
# municipality (and the region from the centre municipality; the fixture's is the centre).
for _name in ("dashboard", "export"):
    RULES[f"reporting:{_name}"] = (None, _POLICY_ONLY)
# The half-year report (PDF): started by a POST only (a GET is 405 for a policy officer); the job
# page and its download only for the officer who asked, within their scope (another
# municipality's officer gets 404, see reporting/tests/test_halfyear.py).
RULES["reporting:halfyear_start"] = (None, {**_POLICY_ONLY, "policy_officer": 405})
for _name in ("halfyear_job", "halfyear_download"):
    RULES[f"reporting:{_name}"] = ("halfyear_report", _POLICY_ONLY)

APP_NAMESPACES = (
    "intake",
    "casework",
    "linkage",
    "accounts",
    "retention",
    "subject_access",
    "audit",
    "external",
    "reporting",
)


def test_every_url_has_an_access_rule():
    missing = url_names(APP_NAMESPACES) - set(RULES)
    assert not missing, f"Views without an access rule in the matrix: {sorted(missing)}"


@pytest.fixture
def objects(make_case, advance_case, vt_worker, intake_worker, vt_org, policy_officer):
    case = advance_case(make_case(), "handover_offered")
    order = restraining_order_register(
        case=case,
        actor=vt_worker,
        imposed_at=case.opened_at,
        rihg_outcome="Twee rode signalen in deel A.",
    )
    advice = AdviceRequest.objects.create(
        organisation=vt_org,
        received_at=case.opened_at,
        channel="phone",
        reporter_role="school",
        question="Wat kan ik doen bij zorgen over een leerling?",
        advice="Doorloop de Meldcode.",
        kinds=["child_emotional_neglect"],
        handled_by=intake_worker,
    )
    # The same family reported again as new records: proposals to review, one merged by hand.
    again = make_case()
    store_dedupe(organisation=vt_org)
    adult, child = (p.person for p in case.report.involved.order_by("pk"))
    adult_again, child_again = (p.person for p in again.report.involved.order_by("pk"))
    merge = person_merge(survivor=child, merged=child_again, by=vt_worker, reason="Zelfde kind.")
    proposal = MergeProposal.objects.get(members__person=adult_again)
    erasure = erasure_request_register(
        case=case,
        person=adult,
        requester_relation="self",
        received_on=timezone.localdate(),
        actor=vt_worker,
    )
    report = HalfYearReport.objects.create(
        requested_by=policy_officer,
        requested_at=timezone.now(),
        region=vt_org.region,
        year=2026,
        half=1,
        status=ReportStatus.DONE,
        pdf=b"%PDF-1.7 (a finished half-year report)",
        pages=1,
    )
    return {
        "halfyear_report": report.pk,
        "erasure_request": erasure.pk,
        "proposal": proposal.pk,
        "merge": merge.pk,
        "person": adult.pk,
        "case": case.pk,
        "handover": Handover.objects.get(case=case).pk,
        "task": Task.objects.get(case=case, kind=TaskKind.INFORM_INVOLVED).pk,
        "order": RestrainingOrder.objects.get(pk=order.pk).pk,
        "advice": advice.pk,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_pages_it_needs(client, request, objects, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
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


def test_a_policy_officer_sees_only_rounded_aggregates(client, policy_officer, objects):
    client.force_login(policy_officer)
    html = client.get(reverse("casework:overview")).content.decode()
    assert "Jansen" not in html  # no person's name anywhere
    assert "&lt;5" in html  # one case: shown as fewer than five, not as 1


def test_a_local_team_sees_the_handover_but_not_the_vt_file(client, pro_a, objects):
    client.force_login(pro_a)
    html = client.get(reverse("casework:handover_detail", args=[objects["handover"]])).content
    assert b"Jansen" in html  # the people it takes over help for
    assert client.get(reverse("casework:detail", args=[objects["case"]])).status_code == 403


def test_a_chain_professional_cannot_accept_a_handover_of_another_team(client, pro_b, objects):
    client.force_login(pro_b)
    response = client.post(reverse("casework:handover_accept", args=[objects["handover"]]), {})
    assert response.status_code == 404
    assert Handover.objects.get(pk=objects["handover"]).status == "offered"
