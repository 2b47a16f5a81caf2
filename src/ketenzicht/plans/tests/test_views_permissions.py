from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory
from ketenzicht.plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(plan, pro_a, police_org):
    services.participant_add(plan=plan, actor=pro_a, organisation=police_org)
    return UserFactory(organisation=police_org, role=Role.CHAIN_PROFESSIONAL)


def test_another_team_gets_404_and_changes_nothing(client, pro_b, plan):
    client.force_login(pro_b)
    version = plan.version
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    response = client.post(reverse("plans:approach", args=[plan.pk]), {"approach": "Van mij."})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert (plan.version, plan.approach) == (version, "")


def test_a_policy_officer_is_refused(client, policy_officer, plan):
    client.force_login(policy_officer)
    assert client.get(reverse("plans:index")).status_code == 403
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 403


def test_veilig_thuis_reads_the_plan_of_its_case_but_does_not_change_it(client, vt_worker, plan):
    client.force_login(vt_worker)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert page.status_code == 200
    assert reverse("plans:approach", args=[plan.pk]) not in page.content.decode()
    response = client.post(reverse("plans:approach", args=[plan.pk]), {"approach": "VT."})
    assert response.status_code == 403


def test_a_participant_sees_the_plan_reports_and_marks_its_own_task_done(
    client, pro_a, officer, plan, police_org
):
    task = services.task_add(
        plan=plan,
        actor=pro_a,
        phase="safety",
        description="Wijkagent langs.",
        organisation=police_org,
        due_on=timezone.localdate() + timedelta(days=2),
    )
    client.force_login(officer)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:task_complete", args=[task.pk]) in page
    assert reverse("plans:approach", args=[plan.pk]) not in page
    assert client.get(reverse("plans:approach", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:task_complete", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    response = client.post(
        reverse("plans:report_new", args=[plan.pk]), {"kind": "break_off", "note": ""}
    )
    assert response.status_code == 422
    response = client.post(
        reverse("plans:report_new", args=[plan.pk]), {"kind": "break_off", "note": "Gestopt."}
    )
    assert response.status_code == 302
    assert plan.participation_reports.get().kind == "break_off"


def test_internal_notes_of_another_organisation_are_hidden_on_the_plan_page(
    client, pro_a, officer, plan
):
    client.force_login(officer)
    client.post(
        reverse("plans:note_new", args=[plan.pk]),
        {"text": "Geheim politie-intern.", "internal": "on"},
    )
    client.post(reverse("plans:note_new", args=[plan.pk]), {"text": "Gedeelde notitie."})
    assert (
        "Geheim politie-intern."
        in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    client.force_login(pro_a)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Gedeelde notitie." in html
    assert "Geheim politie-intern." not in html


def test_a_professional_leaving_the_plan_loses_sight_of_it(client, pro_a, officer, plan):
    participant = plan.participants.get(organisation=officer.organisation)
    services.participant_remove(participant=participant, actor=pro_a)
    client.force_login(officer)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
