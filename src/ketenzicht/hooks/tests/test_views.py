"""The subscription pages: need-to-know access, the secret shown once, deactivate, retry now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.hooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

URL = "https://receiver.example.nl/hook"


@pytest.fixture(autouse=True)
def _english(in_english):
    pass


def denied(user, path_end: str) -> bool:
    return AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, user_id=user.pk, path__endswith=path_end
    ).exists()


@pytest.mark.parametrize("persona", ["admin_a", "team_lead"])
def test_the_organisations_manager_sees_the_page_and_the_menu_item(db, client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("hooks:list"))
    assert response.status_code == 200
    assert f'href="{reverse("hooks:list")}"' in response.content.decode()


@pytest.mark.parametrize(
    "persona",
    [
        "intake_worker",
        "vt_worker",
        "pro_a",
        "policy_officer",
        "privacy_officer",
        "administrator",  # the platform's superuser belongs to no organisation
        "outsider",
    ],
)
def test_every_other_role_gets_403_logged_and_no_menu_item(db, client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for name in ("hooks:list", "hooks:new"):
        assert client.get(reverse(name)).status_code == 403
    assert denied(user, "/webhooks/")
    home = client.get("/", follow=True)
    assert f'href="{reverse("hooks:list")}"' not in home.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("hooks:list"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_subscription_of_another_organisation_is_404_and_logged(
    client, subscribe, admin_a, admin_b, make_case, team_lead
):
    theirs = subscribe(admin_b, URL).subscription
    vt = subscribe(team_lead, URL).subscription
    make_case()
    delivery = WebhookDelivery.objects.get(subscription=vt)
    client.force_login(admin_a)
    assert client.get(reverse("hooks:detail", args=[theirs.pk])).status_code == 404
    assert denied(admin_a, f"/webhooks/{theirs.pk}/")
    assert client.post(reverse("hooks:deactivate", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("hooks:retry", args=[delivery.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
    list_page = client.get(reverse("hooks:list"))
    assert URL not in list_page.content.decode()


def test_creating_shows_the_secret_once_and_never_again(client, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("hooks:new"),
        {"target_url": URL, "event_types": ["handover.offered"], "description": "Wijkteam-app"},
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    subscription = WebhookSubscription.objects.get()
    assert subscription.event_types == ["handover.offered"]
    for page in (reverse("hooks:list"), reverse("hooks:detail", args=[subscription.pk])):
        assert secret not in client.get(page).content.decode()


def test_a_bad_address_answers_422_and_saves_nothing(client, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("hooks:new"),
        {"target_url": "http://receiver.example.nl/", "event_types": ["report.received"]},
    )
    assert response.status_code == 422
    assert "https://" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_forged_event_type_answers_400_logged_as_denied(client, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("hooks:new"), {"target_url": URL, "event_types": ["x.y"]})
    assert response.status_code == 400
    assert denied(admin_a, "/webhooks/nieuw/")
    assert not WebhookSubscription.objects.exists()


def test_deactivating_through_the_page(client, subscribe, admin_a):
    subscription = subscribe(admin_a, URL).subscription
    client.force_login(admin_a)
    url = reverse("hooks:deactivate", args=[subscription.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "nothing more is sent" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.active


def test_retry_now_sends_at_once_and_shows_the_log(
    client, subscribe, team_lead, make_case, receiver
):
    subscription = subscribe(team_lead, receiver.url).subscription
    case = make_case()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=4, next_attempt_at=None
    )
    client.force_login(team_lead)
    response = client.post(reverse("hooks:retry", args=[delivery.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The notification was delivered." in page
    assert case.report.reference in page and "retried by hand" in page
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 5
    assert len(receiver.requests) == 1
    assert response.redirect_chain[-1][0] == reverse("hooks:detail", args=[subscription.pk])


def test_retry_now_against_a_failing_receiver_says_so(
    client, subscribe, team_lead, make_case, receiver
):
    receiver.status = 500
    subscribe(team_lead, receiver.url)
    make_case()
    delivery = WebhookDelivery.objects.get()
    client.force_login(team_lead)
    response = client.post(reverse("hooks:retry", args=[delivery.pk]), follow=True)
    assert "did not accept" in response.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_the_log_page_costs_the_same_for_3_or_12_deliveries(
    client, subscribe, team_lead, make_case, django_assert_max_num_queries
):
    subscription = subscribe(team_lead, URL).subscription
    client.force_login(team_lead)
    url = reverse("hooks:detail", args=[subscription.pk])
    counts = []
    for total in (3, 12):
        while WebhookDelivery.objects.count() < total:
            make_case()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
