"""Test helpers for the two login steps (used by the conftest of the suite; no Django test code
elsewhere depends on them).

Two factors are enforced on every page (accounts/middleware.py), so ``client.force_login(user)``
is wrapped by an autouse fixture in ``ketenzicht/conftest.py`` to give the session a verified
second factor, exactly as ``django_otp.login`` does after a right code: the user gets a
confirmed TOTP device and the session names it.
"""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.services import IDLE_KEY, TOTP_NAME

force_login_unverified = Client.force_login


def totp_device_for(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    return device


def force_login_verified(self: Client, user: Any, backend: str | None = None) -> None:
    force_login_unverified(self, user, backend)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session[IDLE_KEY] = time.time()
    session.save()
