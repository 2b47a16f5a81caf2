"""The BSN at rest: encrypted in the database, found again through a keyed blind index.

* **Encryption** — Fernet (AES-128-CBC with HMAC-SHA256, a random IV per value: the same BSN
  encrypts differently every time) through :class:`~cryptography.fernet.MultiFernet` over
  ``settings.BSN_KEYS`` (``KZ_BSN_KEYS``): the first key encrypts, every key decrypts, so a key
  can be rotated without downtime (``manage.py bsn_rotate_keys``, docs/keys.md).
* **Blind index** — :func:`bsn_index`: HMAC-SHA256 under its own key (``KZ_BSN_INDEX_KEY``) of the
  normalised nine-digit BSN, the first 128 bits as 32 hex digits. Equal BSNs give equal indexes,
  so exact matching (the radar, the linkage's ``b:`` key) works without decrypting; without the
  index key the index cannot be reversed by trying the ~10^8 valid BSNs. Only a BSN that passes
  the eleven-test is indexed, the same rule as the linkage's comparison.

:class:`EncryptedBsnField` holds the plaintext in Python and the Fernet token in the database;
it refuses every lookup but ``isnull`` (a filter on ciphertext would silently match nothing).
:class:`BsnIndexField` fills itself from the BSN field on every save and ``bulk_create``.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

from ketenzicht.common.identifiers import normalise_bsn

#: Hex digits of the blind index (128 bits of HMAC-SHA256).
INDEX_LENGTH = 32


class BsnKeyError(RuntimeError):
    """A stored BSN cannot be decrypted with any key in KZ_BSN_KEYS."""


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current_fernet() -> MultiFernet:
    return _fernet(tuple(settings.BSN_KEYS))


def encrypt_bsn(bsn: str) -> str:
    """The Fernet token of ``bsn`` under the current key; ``""`` stays ``""``."""
    if not bsn:
        return ""
    return _current_fernet().encrypt(bsn.encode()).decode()


def decrypt_bsn(token: str) -> str:
    """The BSN in ``token``; :class:`BsnKeyError` when no configured key opens it."""
    if not token:
        return ""
    try:
        return _current_fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise BsnKeyError(
            "A stored BSN cannot be decrypted with any key in KZ_BSN_KEYS: the key that "
            "encrypted it is missing (put the old key back at the end of KZ_BSN_KEYS) or the "
            "value is damaged. See docs/keys.md."
        ) from None


def rotate_bsn_token(token: str) -> str:
    """``token`` re-encrypted under the current key (``""`` stays ``""``)."""
    if not token:
        return ""
    try:
        return _current_fernet().rotate(token.encode()).decode()
    except InvalidToken:
        decrypt_bsn(token)  # raises the explanatory BsnKeyError
        raise


def bsn_index(bsn: str, *, key: str | None = None) -> str:
    """The blind index of ``bsn`` (32 hex digits), or ``""`` when it is no valid BSN.
    ``key`` defaults to ``settings.BSN_INDEX_KEY``."""
    digits = normalise_bsn(bsn)
    if not digits:
        return ""
    secret = (key if key is not None else settings.BSN_INDEX_KEY).encode()
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()[:INDEX_LENGTH]


class EncryptedBsnField(models.TextField):
    """A BSN: plaintext in Python, a Fernet token in the database. Filter on the blind index."""

    description = "BSN, encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt_bsn(value) if value else ""

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        return encrypt_bsn(value) if value else ""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted and cannot be filtered "
            f"('{lookup_name}'): filter on the blind index, e.g. "
            f"{self.name}_index=common.crypto.bsn_index(value)"
        )


class BsnIndexField(models.CharField):
    """The blind index of the BSN field named ``source``, recomputed whenever the row is saved
    (``save()`` without ``update_fields``, or with this field in them, and ``bulk_create``)."""

    def __init__(self, *args: Any, source: str = "bsn", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", INDEX_LENGTH)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if kwargs.get("max_length") == INDEX_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = bsn_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
