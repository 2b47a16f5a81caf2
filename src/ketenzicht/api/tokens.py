"""API tokens: ``<client_id>.<secret>``, of which only a SHA-256 digest of the secret is stored.

Pure (no Django): the secret is 32 random bytes (url-safe base64), so a plain digest is as strong
as a keyed one and survives a change of the signing key. The check compares digests in constant
time (``hmac.compare_digest``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

CLIENT_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
SECRET_BYTES = 32


def secret_new() -> str:
    """A new random secret, shown once to whoever creates the client."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_matches(secret: str, digest: str) -> bool:
    return hmac.compare_digest(secret_digest(secret).encode("ascii"), digest.encode("ascii"))


def token_join(client_id: str, secret: str) -> str:
    return f"{client_id}.{secret}"


def token_split(token: str) -> tuple[str, str] | None:
    """``(client_id, secret)`` of a well-formed token, or None."""
    client_id, dot, secret = token.partition(".")
    if not dot or not CLIENT_ID_PATTERN.match(client_id) or not _SECRET_PATTERN.match(secret):
        return None
    return client_id, secret
