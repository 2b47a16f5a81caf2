from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ketenzicht.api import tokens
from ketenzicht.api.models import ApiClient

pytestmark = pytest.mark.django_db


def test_api_client_create_prints_a_working_token_once(call, police_org, vt_org):
    out = StringIO()
    call_command(
        "api_client_create",
        "--organisation",
        str(police_org.pk),
        "--client-id",
        "politie-corv",
        "--scopes",
        "reports:create",
        "reports:read",
        stdout=out,
    )

    token = out.getvalue().strip().splitlines()[-1]
    client = ApiClient.objects.get(client_id="politie-corv")
    assert client.scopes == ["reports:create", "reports:read"]
    assert tokens.token_split(token) is not None
    assert token.split(".", 1)[1] not in client.secret_digest
    assert call("GET", "/api/v1/reports", token=token).status_code == 200


def test_api_client_create_refuses_a_taken_client_id(police_client, police_org):
    with pytest.raises(CommandError, match="taken"):
        call_command(
            "api_client_create",
            "--organisation",
            police_org.name,
            "--client-id",
            police_client.client_id,
            "--scopes",
            "reports:read",
            stdout=StringIO(),
        )


def test_api_client_create_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError):
        call_command(
            "api_client_create",
            "--organisation",
            "Nergens",
            "--client-id",
            "x-y",
            "--scopes",
            "reports:read",
            stdout=StringIO(),
        )
