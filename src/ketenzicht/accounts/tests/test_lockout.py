"""Login throttling (django-axes): five failures for one user name from one address lock it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ketenzicht.accounts.testing import totp_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-test-wachtwoord-2026"


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def worker(vt_worker: Any) -> Any:
    vt_worker.set_password(PASSWORD)
    vt_worker.save(update_fields=["password"])
    totp_device_for(vt_worker)
    return vt_worker


def attempt(client: Any, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "vtworker", "fout").status_code == 200
    locked = attempt(client, "vtworker", "fout")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in text
    assert "15 minuten" in text
    # Now even the right password is refused ...
    assert attempt(client, "vtworker", PASSWORD).status_code == 429
    # ... but not from another address, nor for another user name.
    assert attempt(client, "vtworker", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_lockout_ends_after_the_configured_time(client, worker, settings, time_machine):
    time_machine.move_to("2026-03-09 10:00 +01:00", tick=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "vtworker", "fout")
    assert attempt(client, "vtworker", PASSWORD).status_code == 429
    time_machine.move_to("2026-03-09 10:16 +01:00", tick=False)
    assert attempt(client, "vtworker", PASSWORD).status_code == 302


def test_wrong_second_factor_codes_count_toward_the_lockout(client, worker, settings):
    device = totp_device_for(worker)
    assert attempt(client, "vtworker", PASSWORD).status_code == 302
    responses = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        device.refresh_from_db()
        device.throttle_reset()
        responses.append(client.post(reverse("accounts:second_factor"), {"token": "000000"}))
    assert responses[-1].status_code == 429
    # The half-logged-in session is ended, and the password step is locked too.
    assert client.get(reverse("casework:queue"))["Location"].startswith(reverse("login"))
    assert attempt(client, "vtworker", PASSWORD).status_code == 429


def test_a_client_cannot_pick_its_address_with_x_forwarded_for(client, worker, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "vtworker", "fout", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}")
    assert attempt(client, "vtworker", PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(rf, settings):
    from ketenzicht.audit.services import client_ip

    settings.KZ_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.7"
    settings.KZ_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
