"""Server-to-server authentication: ``Authorization: Token <client_id>.<secret>`` (or Bearer).

The request's user becomes the client's own account (``ApiClient.user``) and ``request.auth``
the :class:`ApiClient`. A malformed, unknown, wrong or inactive token is refused the same way
(401), after the same constant-time comparison.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from ketenzicht.api import tokens
from ketenzicht.api.models import ApiClient

KEYWORDS = frozenset({"token", "bearer"})
# last_used_at is written at most this often per client, not on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Compared against when the client id is unknown, so that case takes as long as a wrong secret.
_UNKNOWN_DIGEST = tokens.secret_digest("unknown-client-placeholder")
ATTEMPTED_CLIENT = "kz_api_attempted_client"


def _refuse() -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(_("The token is invalid or no longer active."))


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise _refuse()
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise _refuse() from None
        parts = tokens.token_split(raw)
        if parts is None:
            raise _refuse()
        client_id, secret = parts
        setattr(request._request, ATTEMPTED_CLIENT, client_id)
        client = (
            ApiClient.objects.select_related("organisation", "user", "user__organisation")
            .filter(client_id=client_id)
            .first()
        )
        digest = client.secret_digest if client is not None else _UNKNOWN_DIGEST
        if not tokens.secret_matches(secret, digest) or client is None or not client.is_active:
            raise _refuse()
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'
