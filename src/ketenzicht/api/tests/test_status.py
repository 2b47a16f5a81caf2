from __future__ import annotations

import pytest

from ketenzicht.api.tests.conftest import submission
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.models import Case

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


@pytest.fixture
def submitted(call, police_client):
    """``submitted(**overrides)``: submit a report as the police; returns the answer's body."""

    def _submit(**overrides):
        response = call("POST", URL, token=police_client.token, data=submission(**overrides))
        assert response.status_code == 201, response.content
        return response.json()

    return _submit


def test_the_sender_follows_its_report(call, police_client, submitted):
    body = submitted()

    response = call("GET", f"{URL}/{body['reference']}", token=police_client.token)

    assert response.status_code == 200
    assert response.json() == body


def test_another_client_cannot_see_the_report(call, team_client, submitted):
    body = submitted()

    response = call("GET", f"{URL}/{body['reference']}", token=team_client.token)

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    entry = AccessLogEntry.objects.filter(user=team_client.user).get()
    assert entry.action == AccessAction.DENIED
    assert body["reference"] in entry.path


def test_a_report_registered_at_veilig_thuis_itself_is_not_visible(call, police_client, make_case):
    case = make_case()

    response = call("GET", f"{URL}/{case.report.reference}", token=police_client.token)

    assert response.status_code == 404


@pytest.mark.parametrize("reference", ["Z0000001", "M1", "x", "M00000011"])
def test_a_malformed_reference_is_not_found(call, police_client, reference):
    assert call("GET", f"{URL}/{reference}", token=police_client.token).status_code == 404


@pytest.mark.parametrize(
    ("state", "status", "outcome"),
    [
        ("review", "assessing", "in_progress"),
        ("handover_offered", "decided", "handover"),
        ("monitoring", "decided", "handover"),
        ("decided", "decided", "no_follow_up"),
        ("closed", "closed", "no_follow_up"),
        ("vv", "decided", "follow_up_by_vt"),
        ("investigation", "decided", "follow_up_by_vt"),
    ],
)
def test_the_status_and_outcome_follow_the_case(
    call, police_client, submitted, advance_case, state, status, outcome
):
    body = submitted()
    case = Case.objects.get(report__api_submission__message_id=body["message_id"])
    advance_case(case, state)

    answer = call("GET", f"{URL}/{body['reference']}", token=police_client.token).json()

    assert (answer["status"], answer["outcome"]) == (status, outcome)


def test_the_feedback_to_the_reporter_is_given_as_data(
    call, police_client, submitted, advance_case
):
    body = submitted()
    case = Case.objects.get(report__api_submission__message_id=body["message_id"])
    advance_case(case, "decided")
    open_feedback = call("GET", f"{URL}/{body['reference']}", token=police_client.token).json()
    advance_case(case, "closed")
    given = call("GET", f"{URL}/{body['reference']}", token=police_client.token).json()

    assert [f["kind"] for f in open_feedback["feedback"]] == ["feedback_decision"]
    assert open_feedback["feedback"][0]["given_at"] is None
    assert given["feedback"][0]["given_at"] is not None
    assert given["closed_at"] is not None and given["decided_at"] is not None


def test_the_status_shows_no_case_contents(call, police_client, submitted):
    body = submitted()
    answer = call("GET", f"{URL}/{body['reference']}", token=police_client.token).json()

    assert "Jansen" not in str(answer)
    assert "summary" not in answer


def test_every_look_is_in_the_access_log_with_the_case(call, police_client, submitted):
    body = submitted()
    case = Case.objects.get()
    created = AccessLogEntry.objects.filter(user=police_client.user).get()
    call("GET", f"{URL}/{body['reference']}", token=police_client.token)
    looked = AccessLogEntry.objects.filter(user=police_client.user).first()

    assert created.action == AccessAction.EDIT
    assert created.case_ids == [case.pk] and len(created.person_ids) == 2
    assert created.household_ids == [case.report.household_id]
    assert looked.action == AccessAction.VIEW
    assert looked.case_ids == [case.pk]
    assert looked.path == f"{URL}/{body['reference']}"
    assert looked.organisation_name == police_client.organisation.name


def test_the_list_holds_only_own_reports_paginated(call, police_client, team_client, submitted):
    mine = [submitted()["reference"] for _ in range(3)]
    call("POST", URL, token=team_client.token, data=submission())

    first = call("GET", f"{URL}?page_size=2", token=police_client.token).json()
    second = call("GET", f"{URL}?page_size=2&page=2", token=police_client.token).json()

    assert first["count"] == 3
    assert [r["reference"] for r in first["results"]] == mine[::-1][:2]
    assert [r["reference"] for r in second["results"]] == mine[::-1][2:]
    assert first["next"] and first["previous"] is None and second["next"] is None
    listed = AccessLogEntry.objects.filter(user=police_client.user, detail__contains="list")
    first_page_cases = Case.objects.filter(
        report_id__in=[int(r["reference"][1:]) for r in first["results"]]
    ).values_list("pk", flat=True)
    assert sorted(listed.last().case_ids) == sorted(first_page_cases)


def test_a_page_past_the_end_is_not_found(call, police_client, submitted):
    submitted()

    response = call("GET", f"{URL}?page=9", token=police_client.token)

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_the_list_of_a_client_without_reports_is_empty(call, police_client):
    body = call("GET", URL, token=police_client.token).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}
