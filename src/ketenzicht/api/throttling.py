"""Rate limiting per client (``KZ_API_RATE``, e.g. ``600/min``): a fixed window, counted in the
database (``ApiRateWindow``), so that every server process and every server counts the same calls.

A call over the limit is answered 429 with ``Retry-After``: the seconds until the client's next
window starts. A fixed window (not a sliding one): a client may make up to twice the limit across
the boundary of two windows; it costs one statement a call and no shared cache server.
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from ketenzicht.api.permissions import request_client
from ketenzicht.api.services import api_rate_count

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/min"`` -> ``(600, 60)``: the calls allowed and the window in seconds (the settings
    check the form of ``KZ_API_RATE`` at start-up)."""
    calls, _, period = rate.partition("/")
    return int(calls), _SECONDS[period[:1]]


class ClientRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        rate = str(settings.KZ_API_RATE)
        client = request_client(request)
        if not rate or client is None:
            return True
        limit, duration = parse_rate(rate)
        now = time.time()
        start = int(now // duration) * duration
        if api_rate_count(client, start) <= limit:
            return True
        self._wait = max(1.0, math.ceil(start + duration - now))
        return False

    def wait(self) -> float | None:
        return self._wait
