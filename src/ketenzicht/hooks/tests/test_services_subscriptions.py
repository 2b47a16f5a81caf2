"""Subscriptions: who manages them, which addresses are accepted, the secret at rest."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.hooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from ketenzicht.hooks.services import (
    delivery_retry,
    subscription_create,
    subscription_deactivate,
)

ALL = ["report.received", "decision.taken", "handover.offered"]


@pytest.fixture(autouse=True)
def _english(in_english):
    pass


def create(actor, url="https://receiver.example.nl/hook", types=None, organisation=None):
    return subscription_create(
        organisation=organisation or actor.organisation,
        actor=actor,
        target_url=url,
        event_types=ALL if types is None else types,
    )


def test_an_administrator_creates_one_for_their_organisation_and_sees_the_secret_once(admin_a):
    created = create(admin_a)
    assert created.secret.startswith("kzwh_") and len(created.secret) > 40
    stored = WebhookSubscription.objects.get()
    assert stored.organisation == admin_a.organisation and stored.active
    assert stored.event_types == ALL
    assert stored.secret == created.secret  # readable by the sender...
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM hooks_webhooksubscription")
        (raw,) = cursor.fetchone()
    assert created.secret not in raw and raw.startswith("gAAAA")  # ...a Fernet token at rest
    entry = AccessLogEntry.objects.get(action=AccessAction.EDIT)
    assert entry.user_id == admin_a.pk and "webhook_subscription_create" in entry.detail


def test_two_subscriptions_get_different_secrets(admin_a):
    assert create(admin_a).secret != create(admin_a).secret


def test_a_vt_team_lead_manages_the_vt_subscriptions(team_lead):
    assert create(team_lead).subscription.organisation == team_lead.organisation


@pytest.mark.parametrize("persona", ["vt_worker", "intake_worker", "pro_a", "policy_officer"])
def test_other_roles_cannot_create_one(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(ValidationError, match="Only an administrator"):
        create(user)
    assert not WebhookSubscription.objects.exists()


def test_nobody_creates_one_for_another_organisation(admin_a, local_team_b):
    with pytest.raises(ValidationError):
        create(admin_a, organisation=local_team_b)
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://receiver.example.nl/hook", "must start with https://"),
        ("ftp://receiver.example.nl/hook", "full https:// address"),
        ("receiver.example.nl/hook", "full https:// address"),
        ("https://user:pw@receiver.example.nl/hook", "user name or password"),
        ("https://receiver.example.nl/hook#x", "'#'"),
        ("https://receiver.example.nl/" + "x" * 500, "too long"),
    ],
)
def test_a_bad_address_is_refused_and_nothing_is_written(admin_a, url, message):
    with pytest.raises(ValidationError, match=message):
        create(admin_a, url=url)
    assert not WebhookSubscription.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_http_to_this_machine_only_in_development_or_tests(admin_a, settings):
    settings.KZ_HOOKS_ALLOW_LOCAL_HTTP = False
    settings.DEBUG = False
    with pytest.raises(ValidationError, match="https://"):
        create(admin_a, url="http://127.0.0.1:9000/hook")
    settings.KZ_HOOKS_ALLOW_LOCAL_HTTP = True
    assert create(admin_a, url="http://127.0.0.1:9000/hook").subscription.pk
    assert create(admin_a, url="http://localhost:9000/hook").subscription.pk
    with pytest.raises(ValidationError, match="https://"):
        create(admin_a, url="http://10.0.0.1:9000/hook")


@pytest.mark.parametrize("types", [[], ["report.deleted"], ["report.received", "x"]])
def test_the_event_types_must_be_known_and_at_least_one(admin_a, types):
    with pytest.raises(ValidationError, match="at least one event"):
        create(admin_a, types=types)


def test_deactivating_cancels_what_is_still_pending(team_lead, make_case, vt_worker):
    subscription = create(team_lead).subscription
    make_case()
    with pytest.raises(ValidationError):
        subscription_deactivate(subscription=subscription, actor=vt_worker)
    subscription_deactivate(subscription=subscription, actor=team_lead)
    subscription.refresh_from_db()
    assert not subscription.active and subscription.deactivated_by == team_lead
    assert WebhookDelivery.objects.get().status == DeliveryStatus.CANCELLED
    with pytest.raises(ValidationError, match="already inactive"):
        subscription_deactivate(subscription=subscription, actor=team_lead)


def test_a_failed_delivery_can_be_made_due_again_by_its_own_organisation_only(
    team_lead, make_case, admin_a
):
    create(team_lead)
    make_case()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, attempts=4
    )
    with pytest.raises(ValidationError):
        delivery_retry(delivery=delivery, actor=admin_a)
    retried = delivery_retry(delivery=delivery, actor=team_lead)
    assert retried.status == DeliveryStatus.PENDING and retried.next_attempt_at is not None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.DELIVERED)
    with pytest.raises(ValidationError, match="pending or failed"):
        delivery_retry(delivery=delivery, actor=team_lead)
