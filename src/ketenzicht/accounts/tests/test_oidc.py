"""OpenID Connect login against a small local provider: a real HTTP server in a thread serving
authorize, token, JWKS and userinfo, with an RS256-signed id_token; the real callback view."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from ketenzicht.organisations.models import User

pytestmark = pytest.mark.django_db

CLIENT_ID = "ketenzicht-test"
CLIENT_SECRET = "stub-secret"


class Provider:
    """The identity provider's state: its key, the user it logs in, the codes it handed out."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "stub-key-1"
        self.claims: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.url = ""

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def id_token(self, nonce: str, claims: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **{k: v for k, v in claims.items() if k in {"sub", "email", "amr", "acr"}},
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})


def handler_for(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, body: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                assert query["client_id"] == CLIENT_ID
                assert query["code_challenge_method"] == "S256"
                code = secrets.token_urlsafe(8)
                provider.codes[code] = {"nonce": query["nonce"], "claims": dict(provider.claims)}
                target = (
                    f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif url.path == "/jwks":
                self._json(provider.jwks())
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.tokens:
                    self._json({"error": "invalid_token"}, 401)
                    return
                self._json(provider.tokens[token])
            else:
                self._json({"error": "not found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path != "/token":
                self._json({"error": "not found"}, 404)
                return
            grant = provider.codes.pop(form.get("code", ""), None)
            if (
                grant is None
                or form.get("client_secret") != CLIENT_SECRET
                or not form.get("code_verifier")
            ):
                self._json({"error": "invalid_grant"}, 400)
                return
            access = secrets.token_urlsafe(12)
            provider.tokens[access] = grant["claims"]
            self._json(
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant["nonce"], grant["claims"]),
                }
            )

    return Handler


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    state = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KZ_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{state.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{state.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{state.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{state.url}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "ketenzicht.accounts.oidc.OIDCBackend",
    ]
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def oidc_login(client: Any, provider: Provider, **claims: Any) -> Any:
    """Start at our login button, let the provider answer, and come back to our callback."""
    provider.claims = claims
    start = client.get(reverse("oidc_authentication_init") + "?next=/zaken/")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.url}/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    callback = urlparse(answer.headers["Location"])
    assert callback.path == reverse("oidc_authentication_callback")
    return client.get(f"{callback.path}?{callback.query}")


def test_a_provider_login_with_mfa_in_amr_lets_a_known_user_in(client, provider, vt_worker):
    response = oidc_login(
        client, provider, sub="abc-1", email="VTWORKER@example.invalid", amr=["pwd", "mfa"]
    )
    assert response.status_code == 302
    assert response["Location"] == "/zaken/"
    assert client.get(reverse("casework:queue")).status_code == 200  # verified: no TOTP step


def test_without_mfa_in_the_id_token_our_second_step_follows(client, provider, vt_worker):
    response = oidc_login(client, provider, sub="abc-1", email=vt_worker.email, amr=["pwd"])
    assert response.status_code == 302
    page = client.get(reverse("casework:queue"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:enrol"))  # no app yet: enrolment


def test_an_accepted_acr_counts_as_the_second_factor(client, provider, vt_worker, settings):
    settings.KZ_OIDC_MFA_ACR = ["urn:example:loa:high"]
    oidc_login(client, provider, sub="abc-1", email=vt_worker.email, acr="urn:example:loa:high")
    assert client.get(reverse("casework:queue")).status_code == 200


def test_an_unknown_user_is_never_created(client, provider, vt_worker):
    before = User.objects.count()
    response = oidc_login(
        client, provider, sub="zzz", email="stranger@example.invalid", amr=["mfa"]
    )
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?oidc=mislukt"
    assert User.objects.count() == before
    assert client.get(reverse("casework:queue"))["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "account van uw organisatie" in page.content.decode()


def test_an_unverified_email_is_refused(client, provider, vt_worker):
    response = oidc_login(
        client, provider, sub="abc-1", email=vt_worker.email, email_verified=False, amr=["mfa"]
    )
    assert response["Location"] == "/inloggen/?oidc=mislukt"


def test_users_can_be_matched_on_the_sub_claim_by_username(client, provider, vt_worker, settings):
    settings.KZ_OIDC_CLAIM = "sub"
    settings.KZ_OIDC_USER_FIELD = "username"
    settings.OIDC_RP_SCOPES = "openid"
    oidc_login(client, provider, sub="vtworker", amr=["mfa"])
    assert client.get(reverse("casework:queue")).status_code == 200


def test_the_oidc_pages_do_not_exist_when_switched_off(client, settings):
    settings.KZ_OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert "oidc" not in client.get(reverse("login")).content.decode()
