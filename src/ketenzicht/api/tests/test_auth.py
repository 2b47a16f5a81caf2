from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from ketenzicht.api.models import ApiClient
from ketenzicht.api.tests.conftest import submission
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.intake.models import Report

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def _only_error(response):
    body = response.json()
    assert set(body) == {"errors"}
    assert len(body["errors"]) == 1
    return body["errors"][0]


def test_a_call_without_a_token_is_refused_and_logged(call, police_client):
    response = call("GET", URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert _only_error(response) == {
        "field": None,
        "code": "not_authenticated",
        "message": "Authentication credentials were not provided.",
    }
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.DENIED
    assert entry.user_id is None
    assert entry.path == URL
    assert "anonymous" in entry.detail and "401" in entry.detail


@pytest.mark.parametrize(
    "token",
    [
        "politie.wrong-secret-wrong-secret-wrong",
        "onbekend.demo-politie-token-2026-xxxx",
        "no-dot-at-all",
        "politie.",
        "politie.kort",
    ],
)
def test_a_wrong_token_is_refused_and_logged(call, police_client, token):
    response = call("POST", URL, token=token, data=submission())

    assert response.status_code == 401
    assert _only_error(response)["code"] == "authentication_failed"
    assert Report.objects.count() == 0
    assert AccessLogEntry.objects.get().action == AccessAction.DENIED


def test_the_token_keyword_works_as_well_as_bearer(call, police_client):
    response = call("GET", URL, token=police_client.token, scheme="Token")

    assert response.status_code == 200


def test_an_inactive_client_is_refused(call, police_client):
    ApiClient.objects.filter(pk=police_client.pk).update(is_active=False)

    assert call("GET", URL, token=police_client.token).status_code == 401


def test_a_client_without_the_scope_is_refused_and_logged(call, reader_client):
    response = call("POST", URL, token=reader_client.token, data=submission())

    assert response.status_code == 403
    assert _only_error(response)["code"] == "permission_denied"
    assert Report.objects.count() == 0
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.DENIED
    assert entry.user == reader_client.user
    assert entry.organisation_id == reader_client.organisation_id
    assert entry.detail.startswith("api lezer refused (403)")


def test_only_a_digest_of_the_secret_is_stored(police_client):
    secret = police_client.token.split(".", 1)[1]
    stored = ApiClient.objects.get(pk=police_client.pk)

    assert secret not in stored.secret_digest
    assert len(stored.secret_digest) == 64


def test_the_client_account_cannot_log_in(rf, police_client):
    user = police_client.user
    assert not user.is_active and not user.has_usable_password() and user.role == ""
    request = rf.post("/inloggen/")
    assert authenticate(request=request, username=user.username, password="") is None


def test_a_successful_call_records_when_the_client_was_last_used(call, police_client):
    assert police_client.last_used_at is None
    call("GET", URL, token=police_client.token)

    police_client.refresh_from_db()
    assert police_client.last_used_at is not None


def test_an_unknown_path_answers_in_the_error_shape(call, police_client):
    response = call("GET", "/api/v1/nothing-here", token=police_client.token)

    assert response.status_code == 404
    assert _only_error(response)["code"] == "not_found"


def test_a_signed_in_worker_session_is_no_api_credential(client, vt_worker, police_client):
    client.force_login(vt_worker)

    response = client.get(URL)

    assert response.status_code == 401
    assert _only_error(response)["code"] == "not_authenticated"
