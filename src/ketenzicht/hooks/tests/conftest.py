"""Fixtures of the notification tests: a real HTTP receiver on a free local port, managers of
subscriptions, and subscriptions made through the service."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from ketenzicht.hooks.services import subscription_create
from ketenzicht.organisations.models import Role
from ketenzicht.organisations.tests.factories import UserFactory


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A local HTTP server that records every POST and answers with ``status`` (or sleeps
    ``delay`` seconds first, to provoke the sender's timeout)."""

    port: int
    status: int = 200
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(port=0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.requests.append(
                Received(path=self.path, headers=dict(self.headers.items()), body=body)
            )
            if state.delay:
                time.sleep(state.delay)
            try:
                self.send_response(state.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _hook_settings(settings: Any) -> None:
    """http:// to 127.0.0.1 allowed (the test receiver); short timeout; no jitter by default."""
    settings.KZ_HOOKS_ALLOW_LOCAL_HTTP = True
    settings.KZ_HOOKS_TIMEOUT_SECONDS = 1
    settings.KZ_HOOKS_MAX_ATTEMPTS = 4
    settings.KZ_HOOKS_BACKOFF_BASE_SECONDS = 30
    settings.KZ_HOOKS_BACKOFF_CAP_SECONDS = 3600
    settings.KZ_HOOKS_BACKOFF_JITTER_PERCENT = 0
    settings.KZ_PUBLIC_BASE_URL = "https://ketenzicht.example.nl"


@pytest.fixture
def admin_a(local_team_a):
    """The administrator of local team A (manages its subscriptions)."""
    return UserFactory(username="admin_a", organisation=local_team_a, role=Role.ADMINISTRATOR)


@pytest.fixture
def admin_b(local_team_b):
    return UserFactory(username="admin_b", organisation=local_team_b, role=Role.ADMINISTRATOR)


@pytest.fixture
def police_admin(police_org):
    return UserFactory(username="admin_police", organisation=police_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def subscribe() -> Callable[..., Any]:
    """``subscribe(actor, url, types=all)``: a subscription of the actor's organisation."""

    def make(actor: Any, url: str, types: list[str] | None = None) -> Any:
        return subscription_create(
            organisation=actor.organisation,
            actor=actor,
            target_url=url,
            event_types=types or ["report.received", "decision.taken", "handover.offered"],
        )

    return make
