"""A signing secret at rest: encrypted with a key derived from Django's ``SECRET_KEY``.

``common/crypto.py`` encrypts one thing, the BSN, under its own keys (``KZ_BSN_KEYS``); it has
no general encrypted field, and a webhook secret should not share the BSN's keys. The sender
must be able to read the secret back to sign (a hash would not do), so it is stored as a
Fernet token under ``HMAC-SHA256(SECRET_KEY, "ketenzicht.hooks.secret")``. Every key in
``SECRET_KEY_FALLBACKS`` still decrypts, so rotating ``KZ_SECRET_KEY`` the Django way (old key
into the fallbacks) keeps the secrets readable; once the old key is dropped, a subscription is
simply created anew (a new secret). A database dump alone reveals no secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

_PURPOSE = b"ketenzicht.hooks.secret"


class SecretKeyError(RuntimeError):
    """A stored signing secret cannot be decrypted with SECRET_KEY or its fallbacks."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    derived = [
        base64.urlsafe_b64encode(hmac.new(key.encode(), _PURPOSE, hashlib.sha256).digest())
        for key in keys
    ]
    return MultiFernet([Fernet(key) for key in derived])


def _current() -> MultiFernet:
    fallbacks = tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ())
    return _fernet((settings.SECRET_KEY, *fallbacks))


def secret_encrypt(secret: str) -> str:
    return _current().encrypt(secret.encode()).decode() if secret else ""


def secret_decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretKeyError(
            "A webhook signing secret cannot be decrypted: KZ_SECRET_KEY changed without the "
            "old key in the fallbacks. Create the subscription again to get a new secret."
        ) from None


class EncryptedSecretField(models.TextField):
    """Plaintext in Python, a Fernet token in the database; cannot be filtered on."""

    description = "secret, encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return secret_decrypt(value) if value else ""

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        return secret_encrypt(value) if value else ""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted and cannot be filtered")
