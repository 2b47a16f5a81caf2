"""The strict Content-Security-Policy and the other security headers; no inline script or
style anywhere in our templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


def test_every_page_gets_the_strict_csp_and_security_headers(client, vt_worker):
    client.force_login(vt_worker)
    for url in (reverse("login"), reverse("casework:queue")):
        response = client.get(url)
        assert directives(response["Content-Security-Policy"]) == directives(CSP), url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_the_session_and_csrf_cookies_are_http_only(client, vt_worker, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert "HttpOnly" in client.get(reverse("login")).cookies["csrftoken"].output()
    vt_worker.set_password("Een-lang-test-wachtwoord-2026")
    vt_worker.save(update_fields=["password"])
    response = client.post(
        reverse("login"), {"username": "vtworker", "password": "Een-lang-test-wachtwoord-2026"}
    )
    assert response.status_code == 302
    assert "HttpOnly" in response.cookies["sessionid"].output()
    assert "SameSite=Lax" in response.cookies["sessionid"].output()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\bhx-on", re.I), "hx-on handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"hx-vals\s*=\s*['\"]\s*js:", re.I), "evaluated hx-vals"),
]


def test_no_template_has_inline_script_style_or_handlers():
    """Every page template; PDF templates (``*_pdf.html``) are rendered by WeasyPrint on the
    server, never sent to a browser, and may hold their print stylesheet."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.name.endswith("_pdf.html"):
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_htmx_is_told_not_to_inject_styles_nor_evaluate_code():
    base = (TEMPLATES / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert '"allowEval": false' in base
