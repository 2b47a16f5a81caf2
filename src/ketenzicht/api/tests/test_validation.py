from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.api.tests.conftest import submission
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.intake.models import Report

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def _errors(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"errors"}
    for item in body["errors"]:
        assert set(item) == {"field", "code", "message"}
    return {(e["field"], e["code"]) for e in body["errors"]}


def test_unknown_fields_are_refused_at_every_level(call, police_client):
    data = submission(colour="blue")
    data["reporter"]["badge"] = "1234"
    data["people"][1]["nickname"] = "P"

    errors = _errors(call("POST", URL, token=police_client.token, data=data))

    assert errors == {
        ("colour", "unknown"),
        ("reporter.badge", "unknown"),
        ("people.1.nickname", "unknown"),
    }
    assert Report.objects.count() == 0


def test_missing_and_wrongly_typed_fields_are_named(call, police_client):
    data = submission(kinds=["no_such_kind"], urgency="soon")
    del data["summary"]
    data["people"][0]["role"] = "hero"

    errors = _errors(call("POST", URL, token=police_client.token, data=data))

    assert errors == {
        ("summary", "required"),
        ("kinds.0", "invalid_choice"),
        ("urgency", "invalid_choice"),
        ("people.0.role", "invalid_choice"),
    }


def test_the_rules_of_report_register_come_back_under_the_api_fields(call, police_client):
    data = submission(received_at=(timezone.now() + timedelta(days=2)).isoformat())
    data["reporter"]["name"] = ""
    data["household"]["postcode"] = "33"
    data["people"][1]["bsn"] = "123456789"
    data["people"][1]["address"] = {"postcode": "3311 AB", "house_number": "12a"}

    errors = _errors(call("POST", URL, token=police_client.token, data=data))

    assert errors == {
        ("received_at", "invalid"),
        ("reporter.name", "invalid"),
        ("household.postcode", "invalid"),
        ("people.1.bsn", "invalid"),
        ("people.1.address.house_number", "invalid"),
    }
    assert Report.objects.count() == 0


def test_a_body_that_is_no_json_object_is_refused(call, police_client):
    response = call("POST", URL, token=police_client.token, data=["a", "list"])

    assert _errors(response) == {(None, "invalid")}


def test_malformed_json_is_refused(client, police_client):
    response = client.post(
        URL,
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {police_client.token}"},
    )

    assert _errors(response) == {(None, "parse_error")}


def test_a_refused_submission_is_in_the_access_log(call, police_client):
    call("POST", URL, token=police_client.token, data=submission(urgency="soon"))

    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.DENIED
    assert entry.user == police_client.user
    assert "(400)" in entry.detail


def test_null_characters_are_refused_not_stored(call, police_client):
    errors = _errors(
        call("POST", URL, token=police_client.token, data=submission(summary="a\x00b"))
    )

    assert errors == {("summary", "null_characters_not_allowed")}


def test_lone_surrogates_in_names_and_values_are_refused_not_a_server_error(client, police_client):
    raw = json.dumps(submission(urgency="\ud800"))[:-1] + ', "\\ud800x": 1}'
    response = client.post(
        URL,
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {police_client.token}"},
    )

    errors = _errors(response)
    assert ("urgency", "invalid_choice") in errors
    assert ("?x", "unknown") in errors
    assert Report.objects.count() == 0
