from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.api.models import ApiRateWindow
from ketenzicht.api.services import api_rate_count
from ketenzicht.api.throttling import parse_rate
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


def test_the_count_is_kept_in_the_database_so_every_server_process_shares_it(
    call, settings, police_client
):
    # Two server processes share nothing but the database: a count kept in a process's memory
    # would let each of them allow the full rate. Clearing the local cache between calls stands
    # in for the next call reaching another process.
    from django.core.cache import cache

    settings.KZ_API_RATE = "2/hour"
    statuses = []
    for _ in range(3):
        cache.clear()
        statuses.append(call("GET", URL, token=police_client.token).status_code)

    assert statuses == [200, 200, 429]
    window = ApiRateWindow.objects.get(client=police_client)
    assert window.calls == 3
    assert window.window_start % 3600 == 0


def test_a_new_window_starts_the_count_again_and_removes_the_old_ones(police_client):
    first = api_rate_count(police_client, 3600)
    second = api_rate_count(police_client, 3600)
    again = api_rate_count(police_client, 7200)

    assert (first, second, again) == (1, 2, 1)
    assert list(ApiRateWindow.objects.values_list("window_start", "calls")) == [(7200, 1)]


def test_a_window_before_1970_is_refused_and_counts_nothing(police_client):
    with pytest.raises(ValidationError):
        api_rate_count(police_client, -60)

    assert not ApiRateWindow.objects.exists()


def test_the_rate_is_parsed_into_calls_and_seconds():
    assert [parse_rate(r) for r in ("600/min", "20/s", "10000/hour", "5/day")] == [
        (600, 60),
        (20, 1),
        (10000, 3600),
        (5, 86400),
    ]
