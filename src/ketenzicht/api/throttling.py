"""Rate limiting per client (``KZ_API_RATE``, e.g. ``600/min``), counted in Django's cache.

With several server processes, each counts in its own cache unless ``CACHES`` is shared.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from ketenzicht.api.permissions import request_client


class ClientRateThrottle(SimpleRateThrottle):
    scope = "client"

    def get_rate(self) -> str | None:
        return str(settings.KZ_API_RATE) or None

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = request_client(request)
        return None if client is None else f"kz-api-throttle-{client.pk}"
