"""Webhook subscriptions of receiving organisations, and the transactional outbox.

``WebhookEvent`` rows are written by ``services.event_emit`` inside the transaction of the state
change they announce (a report registered, a decision taken, a handover offered), together with
one ``WebhookDelivery`` per subscription allowed to see the event. A rolled-back change leaves
no event; a committed change always leaves one, however the sender fares. The sender
(``delivery.py``) posts pending deliveries and writes a ``DeliveryAttempt`` per try.

Nothing here holds personal data: an event names a report reference or a handover id and the
API address where an authorised client reads the details.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.hooks.fields import EncryptedSecretField
from ketenzicht.organisations.models import Organisation


class EventType(models.TextChoices):
    REPORT_RECEIVED = "report.received", _("Report received")
    DECISION_TAKEN = "decision.taken", _("Decision taken")
    HANDOVER_OFFERED = "handover.offered", _("Handover offered")


class WebhookSubscription(models.Model):
    """An organisation's address for notifications of the chosen event types."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        verbose_name=_("organisation"),
    )
    target_url = models.URLField(_("target URL"), max_length=500)
    event_types = models.JSONField(_("event types"), default=list)
    secret = EncryptedSecretField(_("signing secret"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        "organisations.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        "organisations.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deactivated by"),
    )

    class Meta:
        ordering = ["-active", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "active"], name="hook_sub_org_active")]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.target_url}"

    def event_type_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(t, t)) for t in self.event_types]


class WebhookEvent(models.Model):
    """One outbox entry: what happened, when, and where its details can be read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("event type"), max_length=40, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    subject = models.CharField(_("subject"), max_length=40)  # report reference or handover id
    payload = models.JSONField(_("payload"))

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} {self.subject}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class WebhookDelivery(models.Model):
    """One event for one subscription, tried until delivered or out of attempts."""

    event = models.ForeignKey(
        WebhookEvent, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("event")
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Due time of the next attempt; while an attempt is under way, the end of its lease.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="hook_delivery_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="hook_delivery_due")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.subscription_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """The log of one try: when, how long, and what the receiver answered (or what failed)."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempt_log",
        verbose_name=_("delivery"),
    )
    number = models.PositiveIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    error = models.CharField(_("error"), max_length=300, blank=True)
    manual = models.BooleanField(_("retried by hand"), default=False)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="hook_attempt_once")
        ]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
