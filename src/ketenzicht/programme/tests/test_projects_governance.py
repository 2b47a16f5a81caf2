"""Projects with a contact per municipality; governance bodies, meetings and the decision log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ketenzicht.programme import services
from ketenzicht.programme.models import Decision, GovernanceBody, Meeting, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(programme, action, policy_officer):
    return services.project_create(
        actor=policy_officer,
        period=programme,
        name="Deskundigheidsbevordering",
        leader_name="projectleider",
        leader_organisation="Veilig Thuis",
        action_ids=[action.pk],
    )


@pytest.fixture
def body(policy_officer, region):
    return services.governance_body_create(
        actor=policy_officer,
        name="Regionaal beleidsoverleg",
        kind="policy",
        members="beleidsadviseurs van de gemeenten, Veilig Thuis, politie",
        meetings_min=4,
        meetings_max=6,
    )


def test_a_project_has_a_contact_per_municipality_and_an_empty_name_removes_it(
    project, policy_officer, municipality_a, municipality_b
):
    services.project_contact_set(
        actor=policy_officer, project=project, municipality=municipality_a, name="J. de Wit"
    )
    services.project_contact_set(
        actor=policy_officer, project=project, municipality=municipality_a, name="A. Bakker"
    )
    assert list(project.contacts.values_list("name", flat=True)) == ["A. Bakker"]
    services.project_contact_set(
        actor=policy_officer, project=project, municipality=municipality_a, name=""
    )
    assert not project.contacts.exists()


def test_a_contact_outside_the_region_and_an_action_of_another_programme_are_refused(
    project, policy_officer, other_municipality, programme
):
    with pytest.raises(ValidationError):
        services.project_contact_set(
            actor=policy_officer, project=project, municipality=other_municipality, name="X"
        )
    other = services.programme_create(
        actor=policy_officer, name="Ander", start_year=2024, end_year=2025
    )
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            actor=policy_officer,
            period=other,
            name="P",
            leader_name="l",
            leader_organisation="o",
            action_ids=[project.actions.get().pk],
        )
    assert "actions" in exc.value.message_dict
    assert Project.objects.count() == 1


def test_a_meeting_records_its_decisions_linked_to_actions(body, action, policy_officer):
    meeting = services.meeting_record(
        actor=policy_officer,
        body=body,
        held_on=date(2024, 3, 14),
        summary="Voortgang actieprogramma",
        decisions=[
            services.DecisionInput("Extra trainingsronde", (action.pk,)),
            services.DecisionInput("  "),  # an empty row of the form is no decision
        ],
    )
    decision = Decision.objects.get()
    assert decision.meeting == meeting and list(decision.actions.all()) == [action]


def test_a_meeting_in_the_future_or_a_bad_rhythm_is_refused(body, policy_officer):
    with pytest.raises(ValidationError):
        services.meeting_record(
            actor=policy_officer, body=body, held_on=timezone.localdate() + timedelta(days=2)
        )
    with pytest.raises(ValidationError) as exc:
        services.governance_body_create(
            actor=policy_officer,
            name="B",
            kind="other",
            members="x",
            meetings_min=6,
            meetings_max=3,
        )
    assert "meetings_max" in exc.value.message_dict
    assert not Meeting.objects.exists() and GovernanceBody.objects.count() == 1


@pytest.mark.parametrize("persona", ["vt_worker", "pro_a", "other_vt_worker", "outsider"])
def test_only_policy_officers_of_the_region_write_projects_and_governance(
    request, persona, project, body, municipality_a
):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.project_contact_set(
            actor=user, project=project, municipality=municipality_a, name="X"
        )
    with pytest.raises(PermissionDenied):
        services.meeting_record(actor=user, body=body, held_on=date(2024, 1, 1))


def test_the_pages_show_contacts_gaps_decisions_and_take_the_forms(
    client, policy_officer, vt_worker, project, body, action, municipality_a, municipality_b
):
    services.project_contact_set(
        actor=policy_officer, project=project, municipality=municipality_a, name="J. de Wit"
    )
    client.force_login(vt_worker)
    period = project.period_id
    page = client.get(reverse("programme:projects", args=[period])).content.decode()
    assert "J. de Wit" in page and "Nobody yet" in page  # Zwijndrecht has no contact
    assert "Create the project" not in page
    client.force_login(policy_officer)
    url = reverse("programme:governance", args=[period])
    bad = client.post(url, {"action": "meeting", "body": body.pk, "held_on": "2099-01-01"})
    assert bad.status_code == 422 and not Meeting.objects.exists()
    good = client.post(
        url,
        {
            "action": "meeting",
            "body": body.pk,
            "held_on": "2024-05-16",
            "decision": "Instemming met de aanpak",
            "actions": [action.pk],
        },
    )
    assert good.status_code == 302
    log = client.get(url).content.decode()
    assert "Instemming met de aanpak" in log and "16-05-2024" in log
    action_page = client.get(reverse("programme:action", args=[action.pk])).content.decode()
    assert "Instemming met de aanpak" in action_page and "Deskundigheidsbevordering" in action_page
