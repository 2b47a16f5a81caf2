"""The REST API's docs page (Swagger UI from the sidecar) in a real browser: every operation is
shown and the strict CSP is not violated once.

Run with ``pytest -m browser -p no:xdist tests/browser/test_api_docs.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_security import CSP_LISTENER, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def operations_in_the_schema() -> int:
    paths = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["paths"]
    return sum(1 for item in paths.values() for method in item if method in METHODS)


def test_the_api_docs_page_shows_every_operation_within_the_csp(page):
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.add_init_script(CSP_LISTENER)

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)

    expected = operations_in_the_schema()
    assert expected >= 10  # reports (3), handovers (5), figures (2)
    assert page.locator(".opblock").count() == expected
    assert csp_violations(page) == []
    assert [line for line in console if line.startswith("error")] == []
