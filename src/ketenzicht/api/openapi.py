"""The committed OpenAPI schema (``docs/openapi.yaml``) and the check that it is current.

Generated in English (the lazy texts of DRF's pagination and the enum labels would otherwise
follow the active language); the live schema at /api/v1/schema follows the request's language.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

SCHEMA_FILE = Path(settings.PROJECT_DIR) / "docs" / "openapi.yaml"
REGENERATE = "make openapi"


def schema_yaml() -> str:
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={}).decode("utf-8")
