from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.api.models import ApiReport
from ketenzicht.api.services import INTAKE_ACCOUNT_PREFIX
from ketenzicht.api.tests.conftest import submission
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.audit.verify import verify_chain
from ketenzicht.casework.models import Case
from ketenzicht.hooks.models import EventType, WebhookDelivery
from ketenzicht.intake.models import Channel, Report

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def test_a_police_report_is_registered_at_the_veilig_thuis_of_the_region(
    call, police_client, vt_org
):
    response = call("POST", URL, token=police_client.token, data=submission())

    assert response.status_code == 201, response.json()
    body = response.json()
    report = Report.objects.get()
    assert body["reference"] == report.reference
    assert response["Location"] == f"/api/v1/reports/{report.reference}"
    assert report.organisation == vt_org
    assert report.channel == Channel.POLICE_CORV
    assert report.registered_by.username == f"{INTAKE_ACCOUNT_PREFIX}{vt_org.pk}"
    assert not report.registered_by.has_usable_password()
    assert not report.registered_by.is_active
    assert report.involved.count() == 2
    case = Case.objects.get(report=report)
    assert (
        body["assessment_due_at"]
        == case.assessment_due_at.astimezone(timezone.get_current_timezone()).isoformat()
    )
    assert body["status"] == "received"
    assert body["outcome"] == "in_progress"
    assert body["veilig_thuis"] == vt_org.name
    assert ApiReport.objects.get().client == police_client
    assert report.reporting_organisation == police_client.organisation


def test_a_submission_is_logged_as_the_registration_and_the_clients_edit(call, police_client):
    response = call("POST", URL, token=police_client.token, data=submission())

    assert response.status_code == 201
    report = Report.objects.get()
    case = Case.objects.get(report=report)
    people = sorted(report.involved.values_list("person_id", flat=True))
    registered, submitted = AccessLogEntry.objects.filter(action=AccessAction.EDIT).order_by(
        "sequence"
    )
    assert registered.detail == "report_register"
    assert registered.user_id == report.registered_by_id
    assert submitted.user_id == police_client.user_id
    assert submitted.detail.startswith("api politie report submitted message_id=")
    assert submitted.sequence == registered.sequence + 1  # consecutive: one run of the chain
    for entry in (registered, submitted):
        assert entry.case_ids == [case.pk]
        assert entry.person_ids == people
        assert entry.household_ids == [report.household_id]
    assert verify_chain().ok
    assert case.next_due_label == "assessment"


def test_a_subscribed_sender_is_notified_of_its_own_report(
    call, police_client, vt_org, police_subscription
):
    subscription = police_subscription

    response = call("POST", URL, token=police_client.token, data=submission())

    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.event.type == EventType.REPORT_RECEIVED
    assert delivery.event.subject == response.json()["reference"]


def test_a_local_team_report_comes_in_by_the_web_channel(call, team_client):
    response = call("POST", URL, token=team_client.token, data=submission())

    assert response.status_code == 201
    assert Report.objects.get().channel == Channel.WEB


def test_a_resend_returns_the_same_report_and_registers_nothing(call, police_client):
    data = submission()
    first = call("POST", URL, token=police_client.token, data=data)
    again = call("POST", URL, token=police_client.token, data=data)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
    assert Report.objects.count() == 1


def test_the_same_message_id_of_another_client_is_another_report(call, police_client, team_client):
    data = submission()
    call("POST", URL, token=police_client.token, data=data)
    other = call("POST", URL, token=team_client.token, data=data)

    assert other.status_code == 201
    assert Report.objects.count() == 2


def test_a_different_report_under_a_used_message_id_is_refused(call, police_client):
    data = submission()
    call("POST", URL, token=police_client.token, data=data)
    changed = call("POST", URL, token=police_client.token, data={**data, "summary": "Iets anders."})

    assert changed.status_code == 400
    assert changed.json() == {
        "errors": [
            {
                "field": "message_id",
                "code": "message_id_reused",
                "message": "This message id was used before for a different report.",
            }
        ]
    }
    assert Report.objects.count() == 1


def test_an_acute_report_is_due_for_assessment_the_same_day(call, police_client):
    response = call("POST", URL, token=police_client.token, data=submission(urgency="acute"))

    case = Case.objects.get()
    assert response.status_code == 201
    assert case.assessment_due_at - case.report.received_at <= timedelta(days=1)


def test_a_municipality_without_veilig_thuis_is_refused(call, police_client, other_region):
    response = call("POST", URL, token=police_client.token, data=submission(municipality="GM0599"))

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "municipality",
            "code": "invalid",
            "message": "No Veilig Thuis organisation serves this municipality.",
        }
    ]


def test_an_unknown_municipality_is_refused(call, police_client):
    response = call("POST", URL, token=police_client.token, data=submission(municipality="GM9999"))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "municipality"
    assert Report.objects.count() == 0
