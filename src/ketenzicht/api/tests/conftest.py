"""Fixtures of the API's tests: clients with tokens, a valid submission, an HTTP caller."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from ketenzicht.api.services import api_client_create
from ketenzicht.hooks.models import EventType, WebhookSubscription

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(in_english: None) -> None:
    """The tests read the English messages."""


@pytest.fixture
def police_client(police_org, vt_org):
    client, token = api_client_create(
        name="Politie CORV",
        organisation=police_org,
        client_id="politie",
        scopes=["reports:create", "reports:read"],
    )
    client.token = token
    return client


@pytest.fixture
def team_client(local_team_a, vt_org):
    client, token = api_client_create(
        name="Wijkteam Dordrecht",
        organisation=local_team_a,
        client_id="wijkteam",
        scopes=["reports:create", "reports:read"],
    )
    client.token = token
    return client


@pytest.fixture
def reader_client(police_org, vt_org):
    """A client that may follow reports but not submit them."""
    client, token = api_client_create(
        name="Alleen lezen", organisation=police_org, client_id="lezer", scopes=["reports:read"]
    )
    client.token = token
    return client


@pytest.fixture
def police_subscription(police_client):
    """The police client's organisation subscribed to report.received."""
    return WebhookSubscription.objects.create(
        organisation=police_client.organisation,
        target_url="https://politie.example/hooks",
        event_types=[EventType.REPORT_RECEIVED],
        secret="s" * 32,
        created_at=timezone.now(),
        created_by=police_client.user,
    )


def submission(**overrides: Any) -> dict[str, Any]:
    """A valid police zorgmelding as JSON; ``overrides`` replace top-level fields."""
    data: dict[str, Any] = {
        "message_id": f"corv-{next(_ids):06d}",
        "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "municipality": "GM0505",
        "reporter": {
            "role": "police",
            "name": "Brigadier De Vries",
            "organisation": "Politie Dordrecht",
            "phone": "0900-8844",
        },
        "household": {
            "street": "Voorstraat",
            "house_number": "12",
            "postcode": "3311 AB",
            "city": "Dordrecht",
        },
        "people": [
            {"surname": "Jansen", "first_names": "Anna", "role": "victim", "sex": "F"},
            {"surname": "Jansen", "first_names": "Piet", "role": "alleged_perpetrator"},
        ],
        "kinds": ["partner_violence"],
        "urgency": "regular",
        "summary": "Huiselijk geweld na een ruzie; buren belden de politie.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def call(client: Client) -> Callable[..., Any]:
    """``call(method, path, token=None, data=None, scheme="Bearer")``: an HTTP call to the API."""

    def _call(
        method: str, path: str, *, token: str | None = None, data: Any = None, scheme="Bearer"
    ) -> Any:
        headers = {"Authorization": f"{scheme} {token}"} if token else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method.lower())(path, **kwargs)

    return _call
