"""The sender against a real HTTP server on a free local port: 200, 500, a timeout."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ketenzicht.hooks.delivery import deliveries_send_due, delivery_attempt
from ketenzicht.hooks.models import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from ketenzicht.hooks.signing import signature_verify


@pytest.fixture
def pending(subscribe, team_lead, make_case, receiver):
    """One pending delivery of a report.received to the local receiver."""
    created = subscribe(team_lead, receiver.url)
    case = make_case()
    delivery = WebhookDelivery.objects.get()
    return {"delivery": delivery, "secret": created.secret, "case": case}


def test_a_200_delivers_and_logs_the_attempt(pending, receiver):
    summary = deliveries_send_due()
    assert (summary.delivered, summary.retrying, summary.failed) == (1, 0, 0)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.duration_ms >= 0
    assert len(receiver.requests) == 1
    assert deliveries_send_due().delivered == 0  # nothing is sent twice


def test_the_receiver_can_verify_the_signature_with_its_secret(pending, receiver):
    deliveries_send_due()
    request = receiver.requests[0]
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert signature_verify(
        pending["secret"], headers["x-ketenzicht-signature"], request.body, now=time.time()
    )
    assert not signature_verify(
        "kzwh_wrong", headers["x-ketenzicht-signature"], request.body, now=time.time()
    )
    event = pending["delivery"].event
    assert headers["x-ketenzicht-event-id"] == str(event.pk)
    assert headers["idempotency-key"] == str(event.pk)
    assert headers["x-ketenzicht-event"] == "report.received"
    assert headers["content-type"] == "application/json"
    body = json.loads(request.body)
    assert body["id"] == str(event.pk)
    assert body["data"]["report"] == pending["case"].report.reference


def test_a_500_is_retried_with_backoff_until_it_fails(pending, receiver, time_machine):
    """Attempt n failed -> next at 30 s * 2^n (no jitter in the tests); 4 attempts, then failed."""
    receiver.status = 500
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    expected_waits = [60, 120, 240]
    for number, wait in enumerate(expected_waits, start=1):
        assert deliveries_send_due().retrying == 1
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.attempts == number and delivery.last_status_code == 500
        assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=wait)
        time_machine.move_to(timezone.now() + timedelta(seconds=wait - 1), tick=False)
        assert deliveries_send_due().skipped == 0 and len(receiver.requests) == number
        time_machine.move_to(timezone.now() + timedelta(seconds=1), tick=False)
    assert deliveries_send_due().failed == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    attempts = list(DeliveryAttempt.objects.values_list("number", "status_code", "error"))
    assert attempts == [(n, 500, "HTTP 500") for n in (1, 2, 3, 4)]
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    assert deliveries_send_due().failed == 0 and len(receiver.requests) == 4


def test_the_jitter_takes_off_at_most_its_share(pending, receiver, settings, time_machine):
    settings.KZ_HOOKS_BACKOFF_JITTER_PERCENT = 20
    receiver.status = 503
    time_machine.move_to(timezone.now(), tick=False)
    delivery_attempt(pending["delivery"].pk, rand=lambda: 0.5)
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=60 * 0.9)


def test_a_timeout_is_logged_and_retried(pending, receiver):
    receiver.delay = 2.5  # the tests' timeout is 1 s
    started = time.monotonic()
    assert deliveries_send_due().retrying == 1
    assert time.monotonic() - started < 2.4
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("timeout")
    assert 900 <= attempt.duration_ms < 2400
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_a_refused_connection_is_logged_and_retried(subscribe, team_lead, make_case, receiver):
    subscribe(team_lead, "http://127.0.0.1:1/hook")  # nothing listens on port 1
    make_case()
    assert deliveries_send_due().retrying == 1
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None and attempt.error.startswith("connection failed")


def test_a_redirect_is_not_followed(pending, receiver):
    receiver.status = 307
    assert deliveries_send_due().retrying == 1
    assert DeliveryAttempt.objects.get().status_code == 307
    assert len(receiver.requests) == 1


def test_a_delivery_another_sender_holds_is_skipped(pending, receiver):
    delivery = pending["delivery"]
    later = timezone.now() + timedelta(minutes=1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=later)  # leased
    assert delivery_attempt(delivery.pk) is None
    assert not receiver.requests


def test_a_deactivated_subscription_is_not_sent_to(pending, receiver, team_lead):
    from ketenzicht.hooks.services import subscription_deactivate

    subscription_deactivate(subscription=pending["delivery"].subscription, actor=team_lead)
    assert deliveries_send_due().delivered == 0
    assert WebhookDelivery.objects.get().status == DeliveryStatus.CANCELLED
    assert not receiver.requests


def test_the_command_sends_and_prints_counts(pending, receiver, capsys):
    call_command("hooks_deliver", "--no-progress")
    assert "delivered 1, retrying 0, failed 0" in capsys.readouterr().out
    assert len(receiver.requests) == 1


def test_the_command_loops_for_the_given_rounds(pending, receiver, capsys):
    receiver.status = 500
    call_command("hooks_deliver", "--loop", "--rounds", "2", "--interval", "0.1", "--no-progress")
    assert "retrying 1" in capsys.readouterr().out
    assert len(receiver.requests) == 1  # the retry is not yet due in the second round


def test_the_task_runs_through_django_tasks(pending, receiver):
    from ketenzicht.hooks.tasks import hooks_deliver_task

    result = hooks_deliver_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"delivered": 1, "retrying": 0, "failed": 0, "skipped": 0}


def test_an_unreadable_secret_is_logged_as_a_failed_attempt_not_a_crash(
    pending, receiver, settings
):
    settings.SECRET_KEY = "another-key-" + "x" * 40  # the old key is not in the fallbacks
    settings.SECRET_KEY_FALLBACKS = []
    assert deliveries_send_due().retrying == 1
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None and "cannot be decrypted" in attempt.error
    assert not receiver.requests


def test_a_secret_stays_readable_after_a_key_rotation_with_the_old_key_as_fallback(
    pending, receiver, settings
):
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert deliveries_send_due().delivered == 1
    request = receiver.requests[0]
    header = {k.lower(): v for k, v in request.headers.items()}["x-ketenzicht-signature"]
    assert signature_verify(pending["secret"], header, request.body, now=time.time())


def test_the_verification_example_in_the_receivers_docs_accepts_a_real_delivery(pending, receiver):
    from pathlib import Path

    docs = Path(__file__).resolve().parents[4] / "docs" / "webhooks.md"
    code = docs.read_text().split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, str(docs), "exec"), namespace)
    verify = namespace["verify"]
    deliveries_send_due()
    request = receiver.requests[0]
    header = {k.lower(): v for k, v in request.headers.items()}["x-ketenzicht-signature"]
    assert verify(pending["secret"], header, request.body) is True
    assert verify(pending["secret"], header, request.body + b"x") is False
    assert verify("kzwh_other", header, request.body) is False
