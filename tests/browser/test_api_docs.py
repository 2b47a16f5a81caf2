"""The REST API's docs page (Swagger UI from the sidecar) in a real browser: every operation is
shown and the strict CSP is not violated once.

Run with ``pytest -m browser -p no:xdist tests/browser/test_api_docs.py``.
"""

from __future__ import annotations

import pytest
from test_security import CSP_LISTENER, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_shows_every_operation_within_the_csp(page):
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.add_init_script(CSP_LISTENER)

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)

    assert page.locator(".opblock").count() == 3
    assert csp_violations(page) == []
    assert [line for line in console if line.startswith("error")] == []
