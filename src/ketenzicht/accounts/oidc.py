"""OpenID Connect login (mozilla-django-oidc), for organisations with an identity provider.

Decisions (docs/architecture.md, "Authentication"):

- Users are never created from a login: the provider's claim ``KZ_OIDC_CLAIM`` (default
  ``email``) must match exactly one active user's ``KZ_OIDC_USER_FIELD`` (``email``, case
  insensitive, or ``username``, e.g. for the ``sub`` claim). Organisation and role always come
  from our own user record, never from the provider.
- An e-mail claim the provider marks unverified (``email_verified`` false) is refused.
- The provider's own MFA counts as our second factor only when the *signed id_token* says so:
  its ``amr`` holds one of ``KZ_OIDC_MFA_AMR`` (default ``mfa``) or its ``acr`` is one of
  ``KZ_OIDC_MFA_ACR``. Otherwise the user gives our TOTP code next, as after a password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ketenzicht.accounts import services


def mfa_claims(payload: dict[str, Any]) -> str | None:
    """The amr/acr that make the provider's login count as two factors, or None."""
    amr = payload.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    accepted_amr = set(settings.KZ_OIDC_MFA_AMR)
    hits = sorted(str(a) for a in amr if str(a) in accepted_amr)
    acr = str(payload.get("acr") or "")
    if hits:
        return "amr=" + ",".join(hits)
    if acr and acr in set(settings.KZ_OIDC_MFA_ACR):
        return f"acr={acr}"
    return None


class OIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        value = claims.get(settings.KZ_OIDC_CLAIM)
        if not value or not isinstance(value, str):
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(is_active=True)
        if settings.KZ_OIDC_USER_FIELD == "email":
            return users.filter(email__iexact=value)
        return users.filter(username=value)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get(settings.KZ_OIDC_CLAIM):
            return False
        return not (settings.KZ_OIDC_CLAIM == "email" and claims.get("email_verified") is False)

    def create_user(self, claims: dict[str, Any]) -> Any:  # pragma: no cover - OIDC_CREATE_USER
        raise PermissionError("Ketenzicht never creates users from an OpenID Connect login")

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        # The id_token's payload is signed and checked (nonce, signature) by now; userinfo is
        # not used for this decision.
        self.request.kz_oidc_mfa = mfa_claims(payload) if user is not None else None
        if user is None:
            services.login_record(
                request=self.request,
                user=None,
                success=False,
                detail=f"OpenID Connect: no user for this {settings.KZ_OIDC_CLAIM}",
            )
        return user


def _enabled() -> None:
    if not settings.KZ_OIDC_ENABLED:
        raise Http404


@method_decorator(login_not_required, name="dispatch")
class OIDCAuthenticateView(OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _enabled()
        super().__init__(*args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class OIDCCallbackView(OIDCAuthenticationCallbackView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _enabled()
        return super().dispatch(request, *args, **kwargs)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        claims = getattr(self.request, "kz_oidc_mfa", None)
        if claims:
            services.identity_provider_verified(request=self.request, claims=claims)
        else:
            services.login_record(
                request=self.request,
                user=self.request.user,
                success=True,
                detail="OpenID Connect (password step; our second factor follows)",
            )
        return response
