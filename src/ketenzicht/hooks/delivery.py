"""The sender: post due deliveries, signed, and log every attempt.

A delivery is *claimed* with a conditional update that moves its ``next_attempt_at`` to the
end of a lease (timeout + 30 s), so two senders (the command in a loop, a task) never post the
same delivery at once, and no database transaction or lock is held while the receiver is
waited for. A sender that dies mid-post leaves the delivery due again when the lease ends: the
receiver may then see an event twice, which the event id (``Idempotency-Key``) lets it ignore
(at-least-once delivery).

Each attempt is one ``DeliveryAttempt`` row. A 2xx answer delivers; anything else (another
status, a timeout, a refused connection) is retried after ``backoff.retry_delay`` until
``KZ_HOOKS_MAX_ATTEMPTS`` attempts were made, then the delivery is ``failed``. Redirects are
not followed (a 3xx is a failure): the signed body goes only to the registered address.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ketenzicht.hooks.backoff import RetryPolicy, retry_delay
from ketenzicht.hooks.fields import SecretKeyError
from ketenzicht.hooks.models import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from ketenzicht.hooks.signing import HEADER, signature_header

USER_AGENT = "Ketenzicht-Webhooks/1"
LEASE_MARGIN_SECONDS = 30


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        base_seconds=float(settings.KZ_HOOKS_BACKOFF_BASE_SECONDS),
        cap_seconds=float(settings.KZ_HOOKS_BACKOFF_CAP_SECONDS),
        jitter=settings.KZ_HOOKS_BACKOFF_JITTER_PERCENT / 100,
        max_attempts=int(settings.KZ_HOOKS_MAX_ATTEMPTS),
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx then surfaces as an HTTPError


# No proxy from the environment and no redirects: the body goes to the registered address only.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class PostResult:
    status_code: int | None
    duration_ms: int
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post_signed(
    url: str, body: bytes, *, secret: str, headers: dict[str, str], timeout: float
) -> PostResult:
    """POST ``body`` to ``url`` with the signature header; never raises for network trouble."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in headers.items():
        request.add_header(name, value)
    request.add_header(HEADER, signature_header(secret, int(time.time()), body))
    started = time.monotonic()
    status: int | None = None
    error = ""
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(1024)
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        error = f"HTTP {exc.code}"
        exc.close()
    except TimeoutError:
        error = f"timeout after {timeout:g} s"
    except urllib.error.URLError as exc:
        reason = exc.reason
        error = (
            f"timeout after {timeout:g} s"
            if isinstance(reason, TimeoutError)
            else f"connection failed: {reason}"
        )
    except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, malformed answer
        error = f"connection failed: {exc}"
    duration = int((time.monotonic() - started) * 1000)
    return PostResult(status_code=status, duration_ms=duration, error=error[:300])


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def _claim(delivery_id: int, *, timeout: float) -> bool:
    now = timezone.now()
    lease_end = now + timedelta(seconds=timeout + LEASE_MARGIN_SECONDS)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease_end)
    return claimed == 1


def delivery_attempt(
    delivery_id: int, *, manual: bool = False, rand: Callable[[], float] = random.random
) -> DeliveryAttempt | None:
    """Try one due delivery once; None when it was not due or another sender has it."""
    timeout = float(settings.KZ_HOOKS_TIMEOUT_SECONDS)
    if not _claim(delivery_id, timeout=timeout):
        return None
    at = timezone.now()
    try:
        delivery = WebhookDelivery.objects.select_related("event", "subscription").get(
            pk=delivery_id
        )
    except SecretKeyError as exc:  # logged as a failed attempt, retried like any other
        result = PostResult(status_code=None, duration_ms=0, error=str(exc)[:300])
    else:
        subscription, event = delivery.subscription, delivery.event
        if not subscription.active:
            WebhookDelivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.CANCELLED, next_attempt_at=None
            )
            return None
        result = post_signed(
            subscription.target_url,
            body_of(event.payload),
            secret=subscription.secret,
            headers={
                "X-Ketenzicht-Event": event.type,
                "X-Ketenzicht-Event-Id": str(event.pk),
                "Idempotency-Key": str(event.pk),
                "X-Ketenzicht-Delivery": str(delivery_id),
            },
            timeout=timeout,
        )
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        locked.attempts += 1
        attempt = DeliveryAttempt.objects.create(
            delivery=locked,
            number=locked.attempts,
            at=at,
            status_code=result.status_code,
            duration_ms=result.duration_ms,
            error=result.error,
            manual=manual,
        )
        locked.last_status_code = result.status_code
        finished = timezone.now()
        if result.ok:
            locked.status = DeliveryStatus.DELIVERED
            locked.delivered_at = finished
            locked.next_attempt_at = None
        else:
            delay = retry_delay(locked.attempts, retry_policy(), rand=rand())
            if locked.status != DeliveryStatus.PENDING:  # cancelled while the post was out
                locked.next_attempt_at = None
            elif delay is None:
                locked.status = DeliveryStatus.FAILED
                locked.next_attempt_at = None
            else:
                locked.next_attempt_at = finished + timedelta(seconds=delay)
        locked.save(
            update_fields=[
                "attempts",
                "last_status_code",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
    return attempt


def due_delivery_ids(*, limit: int) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


@dataclass
class SendSummary:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


def deliveries_send_due(
    *,
    limit: int = 500,
    progress: Callable[[Iterable[int], int], Iterable[int]] | None = None,
    rand: Callable[[], float] = random.random,
) -> SendSummary:
    """Try every due delivery once (oldest due first, at most ``limit``)."""
    ids = due_delivery_ids(limit=limit)
    summary = SendSummary()
    for delivery_id in progress(ids, len(ids)) if progress else ids:
        attempt = delivery_attempt(delivery_id, rand=rand)
        if attempt is None:
            summary.skipped += 1
        elif attempt.succeeded:
            summary.delivered += 1
        else:
            status = (
                WebhookDelivery.objects.filter(pk=delivery_id)
                .values_list("status", flat=True)
                .get()
            )
            if status == DeliveryStatus.FAILED:
                summary.failed += 1
            else:
                summary.retrying += 1
    return summary
