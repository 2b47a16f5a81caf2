"""Login and session security in a real browser: first login with enrolment of the app, the
strict CSP without a single violation on the main pages, and the idle-session warning.

Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PASSWORD, log_in, screenshot, set_password, t
from playwright.sync_api import expect

from ketenzicht.accounts.services import totp_current_code
from ketenzicht.organisations.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects every CSP violation of the page (the init script runs outside the page's CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
    ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def csp_violations(page: Any) -> list[str]:
    return list(page.evaluate("() => window.__cspViolations || []"))


def test_first_login_enrols_the_app_and_no_page_breaks_the_csp(page, a11y, vt_worker, make_case):
    set_password(vt_worker)
    case = make_case(assign_to=vt_worker)
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.add_init_script(CSP_LISTENER)
    seen: list[str] = []

    page.goto("/inloggen/")
    page.locator("#id_username").fill(vt_worker.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=t("Log in"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/app-koppelen/"))
    expect(page.get_by_role("img", name=t("QR code for your authenticator app"))).to_be_visible()
    a11y.check(page, "enrol")
    seen += csp_violations(page)
    screenshot(page, "security-enrol")

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=vt_worker, confirmed=False)
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    assert secret and len(secret) == 32
    page.locator("#id_token").fill(totp_current_code(device))
    page.get_by_role("button", name=t("Confirm"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Your recovery codes"))).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    a11y.check(page, "recovery codes")
    seen += csp_violations(page)
    page.get_by_role("link", name=t("I have saved them, continue")).click()
    expect(page.get_by_role("button", name=t("Log out"), exact=True)).to_be_visible()

    for name, url in [
        ("queue", "/zaken/"),
        ("case", f"/zaken/{case.pk}/"),
        ("new contact", "/intake/"),
        ("report form", "/intake/melding/nieuw/"),
        ("advice requests", "/intake/adviesvragen/"),
        ("duplicates", "/koppelen/"),
    ]:
        response = page.goto(url)
        assert response is not None and response.status in (200, 302), (name, response)
        page.wait_for_load_state("networkidle")
        seen += [f"[{name}] {v}" for v in csp_violations(page)]

    # The second login asks for the code only (no enrolment), and breaks no rule either.
    page.get_by_role("button", name=t("Log out"), exact=True).click()
    log_in(page, User.objects.get(pk=vt_worker.pk))
    seen += csp_violations(page)

    csp_console = [line for line in console if "Content Security Policy" in line]
    assert not seen, "\n".join(seen)
    assert not csp_console, "\n".join(csp_console)
    a11y.assert_clean()


def test_the_idle_warning_offers_to_stay_and_logs_out_at_the_end(page, a11y, vt_worker, settings):
    settings.KZ_SESSION_IDLE_SECONDS = 8
    settings.KZ_SESSION_WARNING_SECONDS = 5
    set_password(vt_worker)
    log_in(page, vt_worker)

    dialog = page.get_by_role("alertdialog", name=t("You will be logged out soon"))
    expect(dialog).to_be_visible(timeout=6_000)
    stay = dialog.get_by_role("button", name=t("Stay logged in"))
    expect(stay).to_be_focused()
    a11y.check(page, "idle warning")
    screenshot(page, "security-idle-warning")
    stay.click()
    expect(dialog).to_be_hidden()

    # It comes back, and without an answer the session ends and the login page says why.
    expect(dialog).to_be_visible(timeout=6_000)
    expect(page).to_have_url(re.compile(r"/inloggen/\?verlopen=1"), timeout=10_000)
    expect(
        page.get_by_text(t("You were logged out because you were inactive for a while."))
    ).to_be_visible()
    page.goto("/zaken/")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    a11y.assert_clean()
