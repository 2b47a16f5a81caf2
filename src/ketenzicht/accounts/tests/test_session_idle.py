"""The idle timeout: a session ends after KZ_SESSION_IDLE_SECONDS without a request."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-03-09 10:00 +01:00", tick=False)
    return time_machine


def test_a_session_ends_after_fifteen_idle_minutes(client, vt_worker, clock):
    client.force_login(vt_worker)
    assert client.get(reverse("casework:queue")).status_code == 200
    clock.move_to("2026-03-09 10:14 +01:00", tick=False)
    assert client.get(reverse("casework:queue")).status_code == 200  # activity: 15 more
    clock.move_to("2026-03-09 10:28 +01:00", tick=False)
    assert client.get(reverse("casework:queue")).status_code == 200
    clock.move_to("2026-03-09 10:43:30 +01:00", tick=False)
    response = client.get(reverse("casework:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "15 minuten" in page.content.decode()  # the message on the login page
    assert client.get(reverse("casework:queue")).status_code == 302  # really logged out


def test_the_status_check_does_not_count_as_activity(client, vt_worker, clock, settings):
    client.force_login(vt_worker)
    client.get(reverse("casework:queue"))
    clock.move_to("2026-03-09 10:10 +01:00", tick=False)
    status = client.get(reverse("accounts:session_status")).json()
    assert status == {"remaining": 300, "warning": settings.KZ_SESSION_WARNING_SECONDS}
    clock.move_to("2026-03-09 10:14 +01:00", tick=False)
    assert client.get(reverse("accounts:session_status")).json()["remaining"] == 60
    clock.move_to("2026-03-09 10:15:01 +01:00", tick=False)
    assert client.get(reverse("casework:queue")).status_code == 302


def test_stay_logged_in_gives_the_full_time_again(client, vt_worker, clock):
    client.force_login(vt_worker)
    client.get(reverse("casework:queue"))
    clock.move_to("2026-03-09 10:14 +01:00", tick=False)
    assert client.get(reverse("accounts:session_keepalive")).status_code == 405
    kept = client.post(reverse("accounts:session_keepalive"))
    assert kept.json()["remaining"] == 900
    clock.move_to("2026-03-09 10:28 +01:00", tick=False)
    assert client.get(reverse("casework:queue")).status_code == 200


def test_an_htmx_request_after_the_timeout_reloads_the_whole_page(client, vt_worker, clock):
    client.force_login(vt_worker)
    client.get(reverse("casework:queue"))
    clock.move_to("2026-03-09 11:00 +01:00", tick=False)
    response = client.get(reverse("casework:queue"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    # And an htmx request of a visitor who is not logged in at all, likewise.
    again = client.get(reverse("casework:queue"), headers={"HX-Request": "true"})
    assert again["HX-Redirect"].startswith(reverse("login"))


def test_the_idle_time_is_a_setting(client, vt_worker, clock, settings):
    settings.KZ_SESSION_IDLE_SECONDS = 60
    client.force_login(vt_worker)
    client.get(reverse("casework:queue"))
    clock.move_to("2026-03-09 10:01:01 +01:00", tick=False)
    assert client.get(reverse("casework:queue")).status_code == 302


def test_pages_carry_the_warning_dialog_for_a_logged_in_user(client, vt_worker):
    client.force_login(vt_worker)
    html = client.get(reverse("casework:queue")).content.decode()
    assert 'role="alertdialog"' in html
    assert 'data-idle="900"' in html
    assert "js/session-timeout.js" in html
    client.post(reverse("logout"))
    assert 'role="alertdialog"' not in client.get(reverse("login")).content.decode()
