"""The demo stays usable with two factors: fixed demo TOTP keys (KZ_DEMO_FIXED_OTP only), the
keys printed by demo_load, and the current code from ``manage.py demo_otp``."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.services import demo_devices_set, demo_totp_key
from ketenzicht.organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo_load", stdout=out, stderr=io.StringIO(), reports=12, advice=2, **options)
    return out.getvalue()


def test_demo_load_prints_each_demo_users_fixed_key(settings):
    settings.KZ_DEMO_FIXED_OTP = True
    output = load()
    assert "Tweede stap" in output
    assert "make demo-code WHO=" in output
    # The REST API's accounts (api-client-*, api-intake-*) are inactive and never log in.
    people = User.objects.exclude(username="").filter(is_active=True)
    assert people.count() < User.objects.count()
    for user in people:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.key == demo_totp_key(user.username)
    assert re.search(r"^  \S+\s+([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", output, re.M)
    # Loading again (the region exists) keeps the same keys.
    again = load()
    assert "bestaat al" in again
    assert TOTPDevice.objects.count() == people.count()


def test_a_demo_user_logs_in_with_the_code_demo_otp_prints(client, settings):
    settings.KZ_DEMO_FIXED_OTP = True
    load()
    user = User.objects.filter(role="vt_worker").first()
    out = io.StringIO()
    call_command("demo_otp", user.username, stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    user.set_password("Een-lang-test-wachtwoord-2026")
    user.save(update_fields=["password"])
    client.post(
        reverse("login"), {"username": user.username, "password": "Een-lang-test-wachtwoord-2026"}
    )
    response = client.post(reverse("accounts:second_factor"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("casework:queue")).status_code == 200


def test_without_the_demo_setting_there_are_no_fixed_keys(settings):
    settings.KZ_DEMO_FIXED_OTP = False
    output = load()
    assert "KZ_DEMO_FIXED_OTP=1" in output
    assert not TOTPDevice.objects.exists()
    user = User.objects.filter(role="vt_worker").first()
    with pytest.raises(CommandError):
        call_command("demo_otp", user.username, stdout=io.StringIO())
    with pytest.raises(ImproperlyConfigured):
        demo_devices_set(user=user)


def test_demo_otp_never_shows_the_code_of_a_user_with_a_real_app(settings, vt_worker):
    settings.KZ_DEMO_FIXED_OTP = True
    TOTPDevice.objects.create(user=vt_worker, name="app", confirmed=True)
    with pytest.raises(CommandError, match="geen vaste demosleutel"):
        call_command("demo_otp", "vtworker", stdout=io.StringIO())
