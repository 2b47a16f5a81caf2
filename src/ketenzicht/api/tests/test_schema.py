from __future__ import annotations

import re

import pytest

from ketenzicht.api.openapi import REGENERATE, SCHEMA_FILE, schema_yaml


def test_the_committed_schema_is_the_generated_one(db):
    committed = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""

    assert committed == schema_yaml(), (
        f"{SCHEMA_FILE} differs from the API's schema: run `{REGENERATE}` and commit it."
    )


def test_the_schema_is_served_without_a_token(client):
    response = client.get("/api/v1/schema", headers={"Accept": "application/vnd.oai.openapi+json"})

    assert response.status_code == 200
    assert "/api/v1/reports" in response.content.decode()


def test_the_docs_page_loads_only_its_own_assets_under_the_csp(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in html  # nothing inline
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source


@pytest.mark.parametrize("path", ["/api/v1/schema", "/api/v1/docs/"])
def test_schema_and_docs_pages_need_no_login(client, path):
    assert client.get(path).status_code == 200
