"""Session security middleware: the idle timeout, the second-factor gate, htmx-aware redirects
to the login steps, and the Permissions-Policy header."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from ketenzicht.accounts.services import IDLE_KEY, totp_device

# Pages an authenticated user without a verified second factor may still open.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "set_language",
    "accounts:second_factor",
    "accounts:enrol",
    "accounts:session_status",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# Requests that ask about the session without counting as activity.
NOT_ACTIVITY = {"accounts:session_status"}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _client_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect the browser follows as a whole page: htmx gets HX-Redirect instead of a 302
    (which it would follow inside the page and swap the login form into a fragment)."""
    if _is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionIdleMiddleware:
    """Ends a session after KZ_SESSION_IDLE_SECONDS without a request. The moment of the last
    request is kept in the session itself, so the end does not depend on the cookie's age, and
    the warning dialog's status checks (accounts:session_status) do not count as activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return None
        now = time.time()
        last = request.session.get(IDLE_KEY)
        if last is not None and now - float(last) > settings.KZ_SESSION_IDLE_SECONDS:
            auth.logout(request)
            minutes = max(1, settings.KZ_SESSION_IDLE_SECONDS // 60)
            messages.info(
                request,
                _("You were logged out after %(minutes)s minutes without activity.")
                % {"minutes": minutes},
            )
            if getattr(view, "login_required", True) is False:
                return None  # the login page itself, the language switch: go on, logged out
            login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
            return _client_redirect(request, login)
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name not in NOT_ACTIVITY:
            request.session[IDLE_KEY] = now
        return None


class SecondFactorMiddleware:
    """Every page but the login steps demands a verified second factor: an authenticated user
    who has not given one is sent to the second step (or to enrolment, without an app)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A page that needs a login, asked for by htmx after the session ended: a whole-page
        # redirect to the login page instead of a login form inside the page.
        if (
            _is_htmx(request)
            and response.status_code == 302
            and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
        ):
            return _client_redirect(request, response["Location"])
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> Any:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = "accounts:second_factor" if totp_device(user) else "accounts:enrol"
        return _client_redirect(
            request, f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        )


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (Django sets the other security headers itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.KZ_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
