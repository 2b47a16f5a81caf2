"""Writes of the notifications domain: the outbox emitter and the subscriptions.

``event_emit`` is called by the casework services inside their own transaction, so an event
exists exactly when the change it announces was committed (a transactional outbox; no signals:
the service that makes the change decides what is announced). Each subscription of an
organisation in the event's *audience* that asked for the type gets a pending delivery; the
caller decides the audience, because only it knows who may see the subject.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.inserts import insert_all
from ketenzicht.common.validation import raise_if, require
from ketenzicht.hooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from ketenzicht.organisations.models import Organisation, Role, User

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: Where a receiver reads the details of a subject, below ``KZ_PUBLIC_BASE_URL``.
DETAIL_PATHS = {
    EventType.REPORT_RECEIVED: "/api/v1/reports/{subject}",
    EventType.DECISION_TAKEN: "/api/v1/reports/{subject}",
    EventType.HANDOVER_OFFERED: "/api/v1/handovers/{subject}",
}
SUBJECT_KEYS = {
    EventType.REPORT_RECEIVED: "report",
    EventType.DECISION_TAKEN: "report",
    EventType.HANDOVER_OFFERED: "handover",
}


# --- the outbox ------------------------------------------------------------------------------


def event_payload(
    *, event_id: uuid.UUID, event_type: str, occurred_at: datetime, subject: str
) -> dict[str, object]:
    """The body every subscriber receives: no personal data, only where to read more."""
    base = str(settings.KZ_PUBLIC_BASE_URL).rstrip("/")
    key = SUBJECT_KEYS[EventType(event_type)]
    return {
        "id": str(event_id),
        "type": event_type,
        "occurred_at": occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            key: int(subject) if key == "handover" else subject,
            "url": base + DETAIL_PATHS[EventType(event_type)].format(subject=subject),
        },
    }


@dataclass(frozen=True)
class Announcement:
    """One event to announce: its type, its subject (a reference) and the organisations allowed
    to see that subject."""

    event_type: str
    subject: str
    audience: tuple[int | None, ...]
    occurred_at: datetime


def event_emit(
    *,
    event_type: str,
    subject: str,
    audience: Iterable[int | None],
    occurred_at: datetime,
) -> WebhookEvent | None:
    """Write the event and a pending delivery for every subscription of the ``audience``
    (organisation ids allowed to see ``subject``) that asked for ``event_type``.

    Must run inside the caller's transaction. Returns None, writing nothing, when no
    subscription wants the event."""
    announcement = Announcement(event_type, subject, tuple(audience), occurred_at)
    return events_emit([announcement])[0]


def events_emit(announcements: Sequence[Announcement]) -> list[WebhookEvent | None]:
    """:func:`event_emit` for many events at once, in their order: one read of the
    subscriptions, one insert of the events, one of their deliveries."""
    if not connection.in_atomic_block:
        raise RuntimeError("event_emit must run in the transaction of the change it announces")
    for announcement in announcements:
        if announcement.event_type not in EventType.values:
            raise ValueError(f"unknown event type {announcement.event_type!r}")
        if timezone.is_naive(announcement.occurred_at):
            raise ValueError("occurred_at must be timezone-aware")
    organisation_ids = {pk for a in announcements for pk in a.audience if pk is not None}
    if not organisation_ids:
        return [None] * len(announcements)
    subscriptions = list(
        WebhookSubscription.objects.filter(active=True, organisation_id__in=organisation_ids).only(
            "pk", "organisation_id", "event_types"
        )
    )
    if not subscriptions:
        return [None] * len(announcements)
    result: list[WebhookEvent | None] = []
    deliveries: list[tuple[WebhookEvent, WebhookSubscription]] = []
    for a in announcements:
        wanted = [
            s
            for s in subscriptions
            if s.organisation_id in a.audience and a.event_type in s.event_types
        ]
        if not wanted:
            result.append(None)
            continue
        event_id = uuid.uuid4()
        event = WebhookEvent(
            id=event_id,
            type=a.event_type,
            occurred_at=a.occurred_at,
            subject=a.subject,
            payload=event_payload(
                event_id=event_id,
                event_type=a.event_type,
                occurred_at=a.occurred_at,
                subject=a.subject,
            ),
        )
        result.append(event)
        deliveries.extend((event, s) for s in wanted)
    insert_all([event for event in result if event is not None])
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, subscription=s, next_attempt_at=now, created_at=now)
        for event, s in deliveries
    )
    return result


# --- subscriptions ---------------------------------------------------------------------------


def can_manage_subscriptions(user: User) -> bool:
    """Who manages an organisation's subscriptions: its administrator, and for a Veilig Thuis
    also its team leads. Nobody manages another organisation's."""
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return user.role == Role.TEAM_LEAD and organisation.is_veilig_thuis


def _require_manager(actor: User, organisation: Organisation) -> None:
    if not can_manage_subscriptions(actor) or actor.organisation_id != organisation.pk:
        raise ValidationError(
            _("Only an administrator of this organisation manages its notifications.")
        )


def local_http_allowed() -> bool:
    return bool(settings.DEBUG or settings.KZ_HOOKS_ALLOW_LOCAL_HTTP)


def validate_target_url(url: str, errors: dict[str, list[str]]) -> None:
    """An https address (http only to this machine, in development and tests), without user
    name or password in it."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        errors.setdefault("target_url", []).append(_("Enter a full https:// address."))
        return
    if parts.scheme == "http" and not (host in LOCAL_HOSTS and local_http_allowed()):
        errors.setdefault("target_url", []).append(
            _("The address must start with https://: notifications are only sent encrypted.")
        )
    if parts.username or parts.password:
        errors.setdefault("target_url", []).append(
            _("Do not put a user name or password in the address.")
        )
    if parts.fragment:
        errors.setdefault("target_url", []).append(_("The address cannot contain a '#' part."))
    if len(url.strip()) > 500:
        errors.setdefault("target_url", []).append(_("The address is too long."))


@dataclass(frozen=True)
class CreatedSubscription:
    subscription: WebhookSubscription
    secret: str  # shown once, never again


@transaction.atomic
def subscription_create(
    *,
    organisation: Organisation,
    actor: User,
    target_url: str,
    event_types: list[str],
    description: str = "",
) -> CreatedSubscription:
    """A new subscription with a fresh signing secret, returned this once in plaintext."""
    _require_manager(actor, organisation)
    errors: dict[str, list[str]] = {}
    validate_target_url(target_url, errors)
    require(
        bool(event_types) and set(event_types) <= set(EventType.values),
        "event_types",
        _("Choose at least one event."),
        errors,
    )
    require(len(description) <= 200, "description", _("The description is too long."), errors)
    raise_if(errors)
    secret = "kzwh_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        organisation=organisation,
        target_url=target_url.strip(),
        event_types=[t for t in EventType.values if t in event_types],
        secret=secret,
        description=description.strip(),
        created_at=timezone.now(),
        created_by=actor,
    )
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=actor,
        detail=f"webhook_subscription_create {subscription.pk}",
    )
    return CreatedSubscription(subscription=subscription, secret=secret)


@transaction.atomic
def subscription_deactivate(
    *, subscription: WebhookSubscription, actor: User
) -> WebhookSubscription:
    """Stop a subscription: nothing more is sent, pending deliveries are cancelled."""
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    _require_manager(actor, locked.organisation)
    if not locked.active:
        raise ValidationError(_("This subscription is already inactive."))
    locked.active = False
    locked.deactivated_at = timezone.now()
    locked.deactivated_by = actor
    locked.save(update_fields=["active", "deactivated_at", "deactivated_by"])
    WebhookDelivery.objects.filter(subscription=locked, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, next_attempt_at=None
    )
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=actor,
        detail=f"webhook_subscription_deactivate {locked.pk}",
    )
    return locked


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Make a pending or failed delivery due now (one more attempt for a failed one)."""
    locked = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("subscription__organisation")
        .get(pk=delivery.pk)
    )
    _require_manager(actor, locked.subscription.organisation)
    if not locked.subscription.active:
        raise ValidationError(_("This subscription is inactive."))
    if locked.status not in (DeliveryStatus.PENDING, DeliveryStatus.FAILED):
        raise ValidationError(_("Only a pending or failed delivery can be retried."))
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "next_attempt_at"])
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=actor,
        detail=f"webhook_delivery_retry {locked.pk}",
    )
    return locked
