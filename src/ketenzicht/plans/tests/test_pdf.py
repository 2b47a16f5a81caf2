"""The household plan as a PDF for the household: what is in it, in which order, what never is,
and who may print it (``plan_pdf_view``, through a small test urlconf until ``plans:pdf`` is
wired)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory
from ketenzicht.plans import services
from ketenzicht.plans.models import LifeDomain
from ketenzicht.plans.pdf import plan_document, plan_pdf, render_html

pytestmark = pytest.mark.django_db

CONDITION = "Vader woont tijdelijk elders."
CARE_TASK = "Traumabehandeling voor Anna bij de GGZ."
RECOVERY_TASK = "Sem gaat weer naar voetbal."
INTERNAL = "Interne notitie: twijfel aan de motivatie van moeder."
SHARED = "Gedeelde notitie over het overleg."


def _nl(msgid: str) -> str:
    """A msgid as the household reads it (Dutch once the catalogue holds it)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def full_plan(ready_plan, pro_a, local_team_a, police_org):
    """An active plan with every section filled in, an internal and a shared note, an ended
    condition and a cancelled task."""
    plan = ready_plan
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    services.plan_approach_set(plan=plan, actor=pro_a, approach="Eerst rust, dan hulp.")
    soon = timezone.localdate() + timedelta(days=14)
    services.result_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        result_for="household",
        description="Niemand in huis is bang.",
    )
    services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Wijkagent komt elke week langs.",
        organisation=police_org,
        due_on=soon,
        professional_name="Wijkagent De Vries",
        contact="06-11112222",
    )
    services.task_add(
        plan=plan,
        actor=pro_a,
        phase="risk_care",
        description=CARE_TASK,
        organisation=local_team_a,
        due_on=soon,
        professional=pro_a,
    )
    services.task_add(
        plan=plan,
        actor=pro_a,
        phase="recovery",
        description=RECOVERY_TASK,
        organisation=local_team_a,
        due_on=soon + timedelta(days=30),
    )
    cancelled = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="recovery",
        description="Geannuleerde taak die niet op papier hoort.",
        organisation=local_team_a,
        due_on=soon,
    )
    services.task_cancel(task=cancelled, actor=pro_a, reason="Niet meer nodig.")
    ended = services.safety_condition_save(
        plan=plan,
        actor=pro_a,
        description="Beëindigde voorwaarde die niet op papier hoort.",
        watcher_organisation=local_team_a,
    )
    services.safety_condition_end(condition=ended, actor=pro_a)
    anna = plan.members.order_by("pk").first()
    services.assessment_set(
        plan=plan,
        actor=pro_a,
        member=anna,
        domain=LifeDomain.objects.filter(active=True).first(),
        problems="Schulden.",
        question="Hulp bij de post.",
        self_reliance=2,
    )
    services.plan_member_save(
        plan=plan,
        actor=pro_a,
        kind="network",
        name="Oma Jansen",
        relation="Grootmoeder",
        contact="078-1234567",
    )
    services.evaluation_plan(plan=plan, actor=pro_a, planned_on=soon + timedelta(days=60))
    services.plan_activate(plan=plan, actor=pro_a)
    services.plan_note_add(plan=plan, actor=pro_a, text=INTERNAL, internal=True)
    services.plan_note_add(plan=plan, actor=pro_a, text=SHARED, internal=False)
    plan.refresh_from_db()
    return plan


def test_the_pdf_renders_with_the_safety_plan_and_the_case_director(full_plan, pro_a):
    data = plan_pdf(full_plan, user=pro_a)
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert CONDITION in text
    assert "Aisha Wijkteam" in text
    assert "Wijkagent De Vries" in text and "06-11112222" in text
    assert "Oma Jansen" in text and "078-1234567" in text
    assert full_plan.reference in text


def test_the_pdf_never_holds_a_note_an_ended_condition_or_a_cancelled_task(full_plan, pro_a):
    text = _text(plan_pdf(full_plan, user=pro_a))
    assert INTERNAL not in text
    assert SHARED not in text
    assert "Beëindigde voorwaarde" not in text
    assert "Geannuleerde taak" not in text


def test_safety_comes_before_risk_directed_care_and_recovery(full_plan, pro_a):
    text = " ".join(_text(plan_pdf(full_plan, user=pro_a)).split())
    assert CONDITION in text and CARE_TASK in text and RECOVERY_TASK in text
    assert text.index(CONDITION) < text.index(CARE_TASK) < text.index(RECOVERY_TASK)
    safety = "1. " + _nl("Safety first")
    care = "2. " + _nl("Help to make the risk smaller")
    recovery = "3. " + _nl("Recovery")
    assert text.index(safety) < text.index(CONDITION) < text.index(care)
    assert text.index(care) < text.index(CARE_TASK) < text.index(recovery)


def test_the_pdf_is_in_dutch_and_tagged_even_when_the_professional_reads_english(full_plan, pro_a):
    with translation.override("en"):
        data = plan_pdf(full_plan, user=pro_a)
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert _nl("Plan for your family") in _text(data)


def test_a_draft_says_it_is_not_finished_and_shows_a_process_director(plan, pro_a, pro_b):
    html = render_html(plan, user=pro_a)
    assert _nl("This plan is not finished yet. It can still change.") in html
    assert _nl("There are no agreements yet about who does what.") in html
    services.plan_direction_set(plan=plan, kind="process_director", director=pro_b, actor=pro_a)
    html = render_html(plan, user=pro_a)
    assert f"Bram Wijkteam ({pro_b.organisation})" in html


def test_the_document_reads_in_a_fixed_number_of_queries(
    full_plan, pro_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        document = plan_document(full_plan, user=pro_a)
    assert [c.description for c in document["conditions"]] == [CONDITION]


# --- the view ---------------------------------------------------------------------------------


def test_a_participant_downloads_the_pdf_and_it_is_logged_as_print(client, plan, pro_a):
    client.force_login(pro_a)
    response = client.get(reverse("plans:pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="gezinsplan-{plan.reference}-versie-{plan.version}-'
    )
    assert response.content.startswith(b"%PDF")
    entry = AccessLogEntry.objects.filter(action="print").get()
    assert entry.username == "pro_a"
    assert plan.case_id in entry.case_ids and plan.household_id in entry.household_ids
    assert set(plan.members.values_list("person_id", flat=True)) <= set(entry.person_ids)


def test_another_participating_organisation_prints_the_plan_too(client, plan, pro_a, police_org):
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    officer = UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)
    client.force_login(officer)
    assert client.get(reverse("plans:pdf", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pro_b", 404), ("other_vt_worker", 404), ("policy_officer", 403), ("outsider", 403)],
)
def test_who_is_outside_the_plan_is_refused_and_nothing_is_printed(
    client, plan, persona, status, request
):
    # 404 for a professional outside this plan; 403 for a role that never sees plans.
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("plans:pdf", args=[plan.pk])).status_code == status
    assert not AccessLogEntry.objects.filter(action="print").exists()


def test_a_post_is_not_allowed(client, plan, pro_a):
    client.force_login(pro_a)
    assert client.post(reverse("plans:pdf", args=[plan.pk])).status_code == 405
