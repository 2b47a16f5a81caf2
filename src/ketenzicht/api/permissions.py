"""Scope permissions: each API view names the scope each of its methods needs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from ketenzicht.api.models import ApiClient


def request_client(request: Request) -> ApiClient | None:
    return request.auth if isinstance(request.auth, ApiClient) else None


class ClientAuthenticated(BasePermission):
    """An authenticated API client, whatever its scopes."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request_client(request) is not None


class ClientHasScope(BasePermission):
    """The client holds the scope ``view.scopes[method]``; a method without one is refused."""

    message = _("This client lacks the scope for this call.")

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request_client(request)
        if client is None:
            return False
        method = "GET" if request.method == "HEAD" else request.method
        scope = getattr(view, "scopes", {}).get(method)
        return scope is not None and client.has_scope(scope)
