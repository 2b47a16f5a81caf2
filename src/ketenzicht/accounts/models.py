"""The one device model of our own: a login whose second factor the identity provider did."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class IdentityProviderDevice(Device):
    """Marks a session whose OpenID Connect id_token said the provider checked a second factor
    (its ``amr``/``acr``; see accounts/oidc.py). It verifies no token itself: a session is only
    ever marked verified with it by the OIDC callback."""

    last_claims: models.CharField = models.CharField(
        _("last amr/acr claims"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("identity provider second factor")
        verbose_name_plural = _("identity provider second factors")

    def verify_token(self, token: str) -> bool:
        return False
