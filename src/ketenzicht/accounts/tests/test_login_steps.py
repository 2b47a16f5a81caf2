"""The two login steps: password, then a TOTP code or a recovery code; enrolment on first login;
the second factor demanded on every page, the admin included."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.services import totp_current_code
from ketenzicht.accounts.testing import force_login_unverified, totp_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-test-wachtwoord-2026"


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def worker(vt_worker: Any) -> Any:
    vt_worker.set_password(PASSWORD)
    vt_worker.save(update_fields=["password"])
    return vt_worker


def password_step(client: Any, user: Any, *, next_url: str = "") -> Any:
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def unthrottle(device: TOTPDevice) -> None:
    """django-otp makes the next try wait after a wrong code (1 s, 2 s, 4 s, ...)."""
    device.refresh_from_db()
    device.throttle_reset()


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return totp_current_code(device)


def test_a_right_password_leads_to_enrolment_when_the_user_has_no_app(client, worker):
    response = password_step(client, worker)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:enrol"))
    # Logged in by password only: every page sends them back to the second step.
    home = client.get(reverse("casework:queue"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:enrol"))


def test_enrolment_shows_a_qr_code_and_key_then_the_recovery_codes_once(client, worker):
    password_step(client, worker)
    page = client.get(reverse("accounts:enrol"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html  # the QR code, inline SVG
    assert "<script" not in html.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    secret = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert secret  # the key as typed into an app

    wrong = client.post(reverse("accounts:enrol"), {"token": "000000"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=worker, confirmed=True).exists()
    unthrottle(device)

    done = client.post(reverse("accounts:enrol"), {"token": code_for(device), "next": "/zaken/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=worker).count() == 10
    assert client.get(reverse("casework:queue")).status_code == 200
    # Shown once: the enrolment page now sends a verified user on.
    assert client.get(reverse("accounts:enrol")).status_code == 302


def test_a_second_login_asks_for_the_app_code_and_then_lets_the_user_in(client, worker):
    device = totp_device_for(worker)
    response = password_step(client, worker, next_url="/zaken/")
    assert response["Location"] == reverse("accounts:second_factor") + "?next=%2Fzaken%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert client.get(reverse("casework:queue")).status_code == 302
    done = client.post(
        reverse("accounts:second_factor"), {"token": code_for(device), "next": "/zaken/"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/zaken/"
    assert client.get(reverse("casework:queue")).status_code == 200


def test_the_second_step_refuses_a_wrong_code_and_a_foreign_next_url(client, worker):
    device = totp_device_for(worker)
    password_step(client, worker)
    wrong = client.post(reverse("accounts:second_factor"), {"token": "123456"})
    assert wrong.status_code == 400
    assert "niet juist" in wrong.content.decode() or "not correct" in wrong.content.decode()
    assert client.get(reverse("casework:queue")).status_code == 302
    unthrottle(device)
    done = client.post(
        reverse("accounts:second_factor"),
        {"token": code_for(device), "next": "https://evil.example/"},
    )
    assert done["Location"] == reverse("home")


def test_a_recovery_code_works_once(client, worker):
    totp_device_for(worker)
    recovery = StaticDevice.objects.create(user=worker, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcdefgh")
    StaticToken.objects.create(device=recovery, token="ijklmnop")
    password_step(client, worker)
    done = client.post(reverse("accounts:second_factor"), {"token": "ABCD-EFGH"})
    assert done.status_code == 302
    assert client.get(reverse("casework:queue")).status_code == 200
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["ijklmnop"]

    client.post(reverse("logout"))
    password_step(client, worker)
    again = client.post(reverse("accounts:second_factor"), {"token": "abcdefgh"})
    assert again.status_code == 400
    assert client.get(reverse("casework:queue")).status_code == 302


def test_an_app_code_cannot_be_used_twice(client, worker):
    device = totp_device_for(worker)
    code = code_for(device)
    password_step(client, worker)
    assert client.post(reverse("accounts:second_factor"), {"token": code}).status_code == 302
    client.post(reverse("logout"))
    password_step(client, worker)
    assert client.post(reverse("accounts:second_factor"), {"token": code}).status_code == 400


def test_htmx_requests_of_an_unverified_session_get_a_whole_page_redirect(client, vt_worker):
    totp_device_for(vt_worker)
    force_login_unverified(client, vt_worker)
    response = client.get(reverse("casework:queue"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:second_factor"))


def test_the_admin_needs_a_verified_second_factor(client, administrator):
    totp_device_for(administrator)
    force_login_unverified(client, administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    client.force_login(administrator)  # verified (conftest)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_staff_user(rf, administrator):
    """Behind the middleware, the admin site (django-otp's OTPAdminSite) checks it again."""
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = rf.get("/beheer/")
    request.user = administrator
    request.session = {}
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    assert not admin.site.has_permission(request)


def test_the_admin_login_page_is_our_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_totp_codes_follow_the_standard(vt_worker):
    """The code we compute for the demo and the tests is the RFC 6238 one django-otp checks."""
    device = totp_device_for(vt_worker)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = 1_800_000_000
    assert totp_current_code(device, at=1_800_000_000) == f"{totp.token():06d}"


def test_failed_and_completed_logins_are_in_the_access_log(client, worker):
    from ketenzicht.audit.models import AccessAction, AccessLogEntry

    device = totp_device_for(worker)
    client.post(reverse("login"), {"username": "vtworker", "password": "fout"})
    password_step(client, worker)
    client.post(reverse("accounts:second_factor"), {"token": "999999"})
    unthrottle(device)
    client.post(reverse("accounts:second_factor"), {"token": code_for(device)})
    logins = AccessLogEntry.objects.filter(
        action__in=[AccessAction.LOGIN, AccessAction.LOGIN_FAILED]
    ).order_by("sequence")
    entries = list(logins.values_list("action", "detail"))
    assert entries == [
        (AccessAction.LOGIN_FAILED, "password ('vtworker')"),
        (AccessAction.LOGIN_FAILED, "second factor: wrong code"),
        (AccessAction.LOGIN, "second factor: app code"),
    ]
    last = logins.last()
    assert last.username == "vtworker"
    assert last.ip_address == "127.0.0.1"
