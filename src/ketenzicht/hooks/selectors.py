"""Reads of the notifications domain, scoped to the user's own organisation."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ketenzicht.hooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from ketenzicht.hooks.services import can_manage_subscriptions
from ketenzicht.organisations.models import User


def subscriptions_of(user: User) -> QuerySet[WebhookSubscription]:
    """The subscriptions of the user's organisation, for the people who manage them; none
    for anyone else."""
    if not can_manage_subscriptions(user) or user.organisation_id is None:
        return WebhookSubscription.objects.none()
    return WebhookSubscription.objects.filter(organisation_id=user.organisation_id).annotate(
        pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """A subscription's deliveries, newest first, with their event and attempt log."""
    return (
        WebhookDelivery.objects.filter(subscription=subscription)
        .select_related("event")
        .prefetch_related("attempt_log")
        .order_by("-created_at", "-pk")
    )


def delivery_of(user: User, pk: int) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        pk=pk, subscription__in=subscriptions_of(user).values("pk")
    )
