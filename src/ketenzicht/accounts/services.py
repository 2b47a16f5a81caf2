"""The writes of logging in: enrolling an authenticator app, checking a second factor, recovery
codes, the demo's fixed second factors; and the access-log entries of every login."""

from __future__ import annotations

import hashlib
import re
import time
from base64 import b32encode
from binascii import hexlify
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.organisations.models import User

TOTP_NAME = "app"
RECOVERY_NAME = "recovery"
IDLE_KEY = "kz_last_activity"
_TOTP_SHAPE = re.compile(r"^\d{6}$")
_RECOVERY_SHAPE = re.compile(r"^[a-z2-7]{8,16}$")


# --- the access log ------------------------------------------------------------------------


def login_record(*, request: HttpRequest, user: Any, success: bool, detail: str) -> None:
    """One access-log entry for a login step (LOGIN or LOGIN_FAILED)."""
    access_record(
        request=request,
        action=AccessAction.LOGIN if success else AccessAction.LOGIN_FAILED,
        user=user if user is not None and getattr(user, "pk", None) else None,
        detail=detail[:200],
    )


def _count_failure(*, request: HttpRequest, user: User) -> None:
    """A wrong second factor counts toward the lockout like a wrong password (django-axes)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


# --- devices ---------------------------------------------------------------------------------


def totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, without padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows (the same one on every visit)."""
    if totp_device(user) is not None:
        raise ValidationError(_("An authenticator app is already set up for this account."))
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def recovery_codes_replace(*, user: User, codes: list[str] | None = None) -> list[str]:
    """Give ``user`` a fresh set of single-use recovery codes (old ones stop working)."""
    if codes is None:
        codes = [StaticToken.random_token() for _ in range(settings.KZ_RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def totp_enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with its first code: the device becomes the user's, recovery codes are
    made (returned, to be shown once), and this session counts as verified."""
    user: Any = request.user
    token = normalise_token(token)
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This enrolment is no longer valid; start again."))
    if not _TOTP_SHAPE.match(token) or not device.verify_token(token):
        login_record(request=request, user=user, success=False, detail="enrolment: wrong code")
        _count_failure(request=request, user=user)
        raise ValidationError(_("That code is not correct. Check the time on your phone."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
        login_record(request=request, user=user, success=True, detail="second factor enrolled")
    _verified(request, device)
    return codes


# --- the second step -------------------------------------------------------------------------


def normalise_token(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").lower()[:32]


@dataclass(frozen=True)
class SecondFactorResult:
    device: Device | None
    locked_until: datetime | None = None
    recovery_left: int | None = None


def second_factor_verify(*, request: HttpRequest, token: str) -> SecondFactorResult:
    """Check a TOTP code (six digits) or a recovery code (spent when used) for the logged-in
    user; on success the session is verified (a new session key) and LOGIN is logged."""
    user: Any = request.user
    token = normalise_token(token)
    devices: list[Device] = []
    if _TOTP_SHAPE.match(token):
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    elif _RECOVERY_SHAPE.match(token):
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    locked_until = None
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = (info or {}).get("locked_until")
            continue
        with transaction.atomic():
            if device.verify_token(token):
                kind = "recovery code" if isinstance(device, StaticDevice) else "app code"
                left = device.token_set.count() if isinstance(device, StaticDevice) else None
                detail = f"second factor: {kind}" + (f" ({left} left)" if left is not None else "")
                login_record(request=request, user=user, success=True, detail=detail)
                _verified(request, device)
                return SecondFactorResult(device=device, recovery_left=left)
    login_record(request=request, user=user, success=False, detail="second factor: wrong code")
    _count_failure(request=request, user=user)
    return SecondFactorResult(device=None, locked_until=locked_until)


def _verified(request: HttpRequest, device: Device) -> None:
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[IDLE_KEY] = time.time()


def identity_provider_verified(*, request: HttpRequest, claims: str) -> None:
    """The OIDC provider did the second factor (accounts/oidc.py decided from the id_token)."""
    from ketenzicht.accounts.models import IdentityProviderDevice

    user: Any = request.user
    with transaction.atomic():
        device, _created = IdentityProviderDevice.objects.get_or_create(
            user=user, name="identity provider", defaults={"confirmed": True}
        )
        device.last_claims = claims[:200]
        device.confirmed = True
        device.save(update_fields=["last_claims", "confirmed"])
        login_record(
            request=request,
            user=user,
            success=True,
            detail=f"OpenID Connect, second factor by the provider ({claims})",
        )
    _verified(request, device)


# --- the demo --------------------------------------------------------------------------------


def demo_totp_key(username: str) -> str:
    """The fixed demo TOTP key of a demo user (hex, as TOTPDevice stores it)."""
    digest = hashlib.sha256(f"ketenzicht-demo-totp:{username}".encode()).digest()
    return hexlify(digest[:20]).decode()


def demo_devices_set(*, user: User) -> TOTPDevice:
    """Give a demo user the fixed demo authenticator (KZ_DEMO_FIXED_OTP only)."""
    if not settings.KZ_DEMO_FIXED_OTP or settings.PRODUCTION:
        raise ImproperlyConfigured("Fixed demo second factors need KZ_DEMO_FIXED_OTP=1 (demo only)")
    key = demo_totp_key(user.get_username())
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, key=key, confirmed=True).first()
        if device is None:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
    return device


def totp_current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``device`` (the demo and the tests)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def session_remaining(request: HttpRequest) -> int:
    """Seconds until this session ends for inactivity."""
    last = request.session.get(IDLE_KEY)
    idle = settings.KZ_SESSION_IDLE_SECONDS
    if last is None:
        return idle
    return max(0, int(last + idle - time.time()))
