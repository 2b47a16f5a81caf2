"""The webhook signature: HMAC-SHA256 over ``"<unix time>.<body>"`` (pure; no Django).

The header is ``X-Ketenzicht-Signature: t=<unix seconds>,v1=<hex digest>``. Signing the time
with the body lets a receiver refuse a replayed request (``tolerance``). A receiver may copy
:func:`signature_verify` as it is (docs/webhooks.md shows it on its own).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Ketenzicht-Signature"
SCHEME = "v1"
#: A receiver accepts a signature at most this many seconds old (or early) by default.
DEFAULT_TOLERANCE = 300


def signature_digest(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``b"<timestamp>." + body`` under ``secret``."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for ``body`` sent at ``timestamp``."""
    return f"t={int(timestamp)},{SCHEME}={signature_digest(secret, timestamp, body)}"


def signature_verify(
    secret: str, header: str, body: bytes, *, now: float, tolerance: int = DEFAULT_TOLERANCE
) -> bool:
    """True when ``header`` is a valid signature of ``body`` under ``secret``, made within
    ``tolerance`` seconds of ``now``. Compares in constant time; any malformed header is False.
    Several ``v1=`` parts are allowed (one per secret while a secret is being replaced)."""
    timestamp: int | None = None
    digests: list[str] = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME and value:
            digests.append(value)
    if timestamp is None or not digests or abs(now - timestamp) > tolerance:
        return False
    expected = signature_digest(secret, timestamp, body)
    return any(hmac.compare_digest(expected, digest) for digest in digests)
