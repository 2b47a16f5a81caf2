from __future__ import annotations

import pytest

from ketenzicht.audit.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def test_a_client_over_its_rate_is_refused_with_retry_after(
    call, settings, police_client, team_client
):
    settings.KZ_API_RATE = "3/min"
    answers = [call("GET", URL, token=police_client.token).status_code for _ in range(4)]
    throttled = call("GET", URL, token=police_client.token)

    assert answers == [200, 200, 200, 429]
    assert int(throttled["Retry-After"]) > 0
    error = throttled.json()["errors"][0]
    assert (error["field"], error["code"]) == (None, "throttled")
    # Per client: another client still gets through.
    assert call("GET", URL, token=team_client.token).status_code == 200
    assert (
        AccessLogEntry.objects.filter(
            user=police_client.user, action=AccessAction.DENIED, detail__contains="(429)"
        ).count()
        == 2
    )


def test_an_empty_rate_means_no_limit(call, settings, police_client):
    settings.KZ_API_RATE = ""

    assert {call("GET", URL, token=police_client.token).status_code for _ in range(5)} == {200}
