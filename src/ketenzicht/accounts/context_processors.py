"""What the session-timeout dialog (common/static/js/session-timeout.js) needs to know."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": settings.KZ_SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.KZ_SESSION_WARNING_SECONDS,
    }
