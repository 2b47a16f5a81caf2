"""API clients (other systems with a token and scopes) and the reports they submitted."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.models import Report
from ketenzicht.organisations.models import Organisation

client_id_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,62}$",
    _("A client id has 2 to 63 lower-case letters, digits and hyphens."),
)
message_id_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$",
    _("A message id has 1 to 100 letters, digits and . _ : @ / - (first a letter or digit)."),
)


class ApiClient(models.Model):
    """Another system that calls the API: a police unit's CORV link, a local team's case system.

    Its token is ``<client_id>.<secret>``; only the secret's SHA-256 digest is kept (``tokens``).
    ``user`` is the client's own account (no password, inactive, no role): the access log names
    it and its organisation for every call the client makes.
    """

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    client_id = models.CharField(
        _("client id"), max_length=63, unique=True, validators=[client_id_validator]
    )
    secret_digest = models.CharField(_("secret digest"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("account in the access log"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["client_id"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.client_id

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiReport(models.Model):
    """A report a client submitted, under the client's own message id (idempotency key)."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="reports", verbose_name=_("API client")
    )
    message_id = models.CharField(
        _("message id"), max_length=100, validators=[message_id_validator]
    )
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, related_name="api_submission", verbose_name=_("report")
    )
    # SHA-256 of the submitted content: a resend must carry the same content.
    content_digest = models.CharField(_("content digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report submitted through the API")
        verbose_name_plural = _("reports submitted through the API")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "message_id"], name="api_report_message_once_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.message_id}"


class ApiRateWindow(models.Model):
    """The calls one client made in one fixed window of ``KZ_API_RATE`` (``throttling``).

    Counted in the database, not in a process's memory: every server process (and every server)
    counts the same calls, so the limit holds however the API is deployed. One row per client
    and window; a client's older windows are removed when its next window starts.
    """

    client = models.ForeignKey(
        ApiClient,
        on_delete=models.CASCADE,
        related_name="rate_windows",
        verbose_name=_("client"),
    )
    window_start = models.BigIntegerField(_("window start (seconds since 1970)"))
    calls = models.PositiveIntegerField(_("calls"), default=0)

    class Meta:
        verbose_name = _("API rate window")
        verbose_name_plural = _("API rate windows")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window_start"], name="api_rate_window_once_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} @ {self.window_start}: {self.calls}"
