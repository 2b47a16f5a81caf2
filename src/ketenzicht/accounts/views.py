"""The login steps: password, second factor (or first enrolment of the app), the lockout page,
and the session-timeout endpoints the warning dialog calls."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketenzicht.accounts import services
from ketenzicht.accounts.forms import EnrolForm, SecondFactorForm
from ketenzicht.accounts.qr import qr_svg


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class PasswordLoginView(auth_views.LoginView):
    """Step one. A right password leads to step two, never straight in."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.KZ_OIDC_ENABLED
        context["oidc_provider_name"] = settings.KZ_OIDC_PROVIDER_NAME
        context["oidc_failed"] = self.request.GET.get("oidc") == "mislukt"
        context["timed_out"] = self.request.GET.get("verlopen") == "1"
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        username = str(form.data.get("username", ""))[:150]
        services.login_record(
            request=self.request, user=None, success=False, detail=f"password ({username!r})"
        )
        return super().form_invalid(form)

    def get_success_url(self) -> str:
        after = super().get_success_url()
        user: Any = self.request.user
        step = "accounts:second_factor" if services.totp_device(user) else "accounts:enrol"
        return f"{reverse(step)}?{urlencode({'next': after})}"


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the app, or a recovery code (which is then spent)."""
    user: Any = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if services.totp_device(user) is None:
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': _next_url(request)})}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _locked(request):
            return locked_out(request)
        result = services.second_factor_verify(request=request, token=form.cleaned_data["token"])
        # A failure that reaches the limit: django-axes' middleware shows the lockout page.
        if result.device is not None:
            if result.recovery_left is not None:
                from django.contrib import messages

                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)s are left. Set up your app again "
                        "if you lost your phone (ask an administrator)."
                    )
                    % {"count": result.recovery_left},
                )
            return redirect(_next_url(request))
        if result.locked_until is not None:
            form.add_error(None, _("Too many wrong codes. Wait a moment and try again."))
        else:
            form.add_error("token", _("That code is not correct or has expired."))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login without an app: the secret and its QR code, confirmed by a first code; then
    the recovery codes, shown this once."""
    user: Any = request.user
    if user.is_verified() or services.totp_device(user) is not None:
        return redirect(_next_url(request))
    device = services.totp_enrolment_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _locked(request):
            return locked_out(request)
        try:
            codes = services.totp_enrolment_confirm(
                request=request, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    secret = services.totp_secret(device)
    return render(
        request,
        "registration/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "qr": qr_svg(device.config_url, label=_("QR code for your authenticator app")),
        },
        status=400 if form.errors else 200,
    )


def _locked(request: HttpRequest) -> bool:
    """Whether this user name from this address is locked out (wrong passwords or codes)."""
    from axes.handlers.proxy import AxesProxyHandler

    return bool(AxesProxyHandler.is_locked(request, {"username": request.user.get_username()}))


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE, and a locked second step)."""
    user = request.user if request.user.is_authenticated else None
    services.login_record(request=request, user=user, success=False, detail="locked out")
    if user is not None:
        auth.logout(request)
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@never_cache
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """Seconds left before the idle timeout; asking does not count as activity."""
    return JsonResponse(
        {
            "remaining": services.session_remaining(request),
            "warning": settings.KZ_SESSION_WARNING_SECONDS,
        }
    )


@never_cache
@require_POST
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """ "Stay logged in": the request itself is the activity (accounts/middleware.py)."""
    return JsonResponse(
        {
            "remaining": services.session_remaining(request),
            "warning": settings.KZ_SESSION_WARNING_SECONDS,
        }
    )


login_view = login_not_required(PasswordLoginView.as_view())
