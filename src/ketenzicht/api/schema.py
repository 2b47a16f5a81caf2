"""OpenAPI: the error shape on every operation, and the token as the security scheme."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Errors",
    fields={
        "errors": serializers.ListField(
            child=inline_serializer(
                name="Error",
                fields={
                    "field": serializers.CharField(
                        allow_null=True,
                        help_text="Dotted path of the input field (people.0.surname), or null "
                        "when the error is about the request as a whole.",
                    ),
                    "code": serializers.CharField(help_text="Stable code for programs."),
                    "message": serializers.CharField(help_text="Text for people (Dutch)."),
                },
            )
        )
    },
)

ERROR_STATUSES = {
    "400": "Invalid input (validation) or a malformed request.",
    "401": "No token, or an invalid or inactive one.",
    "403": "The client lacks the scope for this call.",
    "404": "Not found (or not the client's own).",
    "405": "The method is not allowed on this path (see Allow).",
    "406": "The Accept header asks for something other than JSON.",
    "413": "The body is larger than the server accepts.",
    "415": "The body is not JSON (Content-Type: application/json).",
    "429": "Too many calls: wait for the seconds in Retry-After.",
    "500": "An error on the server.",
}


class ApiAutoSchema(AutoSchema):
    """Adds the documented error answers to every operation of the API."""

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if not self.view.__module__.startswith("ketenzicht.api"):
            return responses
        error = self._get_response_for_code(ErrorSerializer, "400", direction=direction)
        for code, description in ERROR_STATUSES.items():
            if code not in responses:
                responses[code] = {**error, "description": description}
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "ketenzicht.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer <client_id>.<secret> "
            "(or: Token <client_id>.<secret>).",
        }


def strict_request_bodies(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the request components forbid fields they do not declare, as the
    serializers do (``serializers.StrictSerializer``)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
