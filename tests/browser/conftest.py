"""Real-browser tests: Playwright's sync API driving Debian's Chromium against ``live_server``.

- Chromium comes from ``KZ_CHROMIUM``, ``/usr/bin/chromium`` or ``/usr/bin/chromium-browser``
  (``playwright install`` cannot download here). Without it the browser tests skip, unless
  ``KZ_REQUIRE_BROWSER=1`` (CI), where they fail.
- Personas are the fixtures of ``src/ketenzicht/conftest.py`` (re-exported below, since that
  conftest only reaches tests under ``src/ketenzicht``); they get a known password here so the
  tests log in through the real login page.
- ``a11y`` runs axe-core (shipped by ``axe_playwright_python``) on a page and collects every
  WCAG 2.0/2.1 A/AA violation of impact "serious" or "critical".
- Visible texts are looked up through Django's own translation catalogue (``t(...)``), so the
  assertions hold in whatever Dutch the templates are translated into.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

# The persona fixtures (and the fixtures they depend on), re-exported for tests/browser.
from ketenzicht.conftest import (  # noqa: F401
    intake_worker,
    local_team_a,
    make_case,
    municipality_a,
    pro_a,
    region,
    second_team_lead,
    team_lead,
    vt_org,
    vt_worker,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
PASSWORD = "Browser-test-wachtwoord-2026"
LANGUAGE = "nl"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


# --- texts as the user sees them --------------------------------------------------------------


def t(msgid: str, **values: Any) -> str:
    """``msgid`` as the (Dutch) user interface shows it, with ``%(name)s`` values filled in."""
    with translation.override(LANGUAGE):
        text = gettext(msgid)
    return text % values if values else text


def t_pattern(msgid: str) -> re.Pattern[str]:
    """A pattern for ``msgid`` as shown, with any ``%(name)s`` placeholder matching anything."""
    parts = re.split(r"%\([a-z_]+\)s", t(msgid))
    return re.compile(".+?".join(re.escape(part) for part in parts))


def label(choice: Any) -> str:
    """The shown label of a ``TextChoices`` member (or any lazy string)."""
    with translation.override(LANGUAGE):
        return str(getattr(choice, "label", choice))


# --- the browser ------------------------------------------------------------------------------


def _require_browser() -> bool:
    return os.environ.get("KZ_REQUIRE_BROWSER", "") == "1"


def _unavailable(message: str) -> None:
    if _require_browser():
        pytest.fail(f"{message} (KZ_REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    """The same candidates as scripts/ensure-chromium.sh, in the same order."""
    for candidate in (
        os.environ.get("KZ_CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        _unavailable(
            "Chromium not found (set KZ_CHROMIUM or install Debian's chromium: "
            "`make browser` or `sudo apt-get install chromium`); browser tests skipped"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("The playwright package is not installed; browser tests skipped")
    # Playwright's sync API keeps an event loop running in this thread; Django would then refuse
    # the ORM calls the tests make (fixtures, database assertions) as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any, settings: Any) -> Any:
    """A fresh browser context (no cookies) on the live server, speaking Dutch."""
    # Logging in several times per test: a fast hasher for the test users' passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


def set_password(*users: Any) -> None:
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def log_in(page: Any, user: Any, a11y: Any = None) -> None:
    """Log in through the real login page (and check that page when ``a11y`` is given)."""
    page.goto("/inloggen/")
    if a11y is not None:
        a11y.check(page, "login")
    from playwright.sync_api import expect

    device = authenticator(user)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=t("Log in"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/tweede-stap/"))
    second_step(page, device)

    expect(page.get_by_role("button", name=t("Log out"), exact=True)).to_be_visible()


def authenticator(user: Any) -> Any:
    """The user's authenticator app (a confirmed TOTP device), ready for a fresh code."""
    from ketenzicht.accounts.testing import totp_device_for

    device = totp_device_for(user)
    # django-otp accepts each code once; a test logs the same user in again within 30 s.
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    return device


def second_step(page: Any, device: Any) -> None:
    """Step two of the real login: the code the user's authenticator app shows now."""
    from ketenzicht.accounts.services import totp_current_code

    page.locator("#id_token").fill(totp_current_code(device))
    page.get_by_role("button", name=t("Confirm"), exact=True).click()
    page.wait_for_load_state()


def log_out(page: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name=t("Log out"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/"))


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- accessibility ----------------------------------------------------------------------------


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


class A11y:
    """Runs axe-core on pages and keeps the serious/critical WCAG A/AA violations per page."""

    def __init__(self) -> None:
        self.source = _axe_source()
        self.checked: list[str] = []
        self.blocking: list[str] = []
        self.minor: list[str] = []

    def check(self, page: Any, name: str) -> None:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        self.checked.append(name)
        for violation in result["violations"]:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
            line = (
                f"[{name}] {violation['impact']}: {violation['id']} — {violation['help']} "
                f"({violation['helpUrl']})\n    " + "\n    ".join(targets)
            )
            if violation["impact"] in BLOCKING_IMPACTS:
                self.blocking.append(line)
            else:
                self.minor.append(line)

    def assert_clean(self) -> None:
        if self.minor:
            print("Minor/moderate axe findings (not failing):\n" + "\n".join(self.minor))
        assert not self.blocking, (
            f"axe-core found serious/critical WCAG 2.1 A/AA violations on "
            f"{len(self.blocking)} rule/page combinations:\n" + "\n".join(self.blocking)
        )


@pytest.fixture
def a11y() -> A11y:
    return A11y()
