"""The one error shape of the API, for every refusal and failure::

    {"errors": [{"field": "people.0.surname", "code": "required", "message": "..."}]}

``field`` is the dotted path of the input field (list items by index), or null when the error is
about the request as a whole (authentication, permission, not found, throttled, server error).
``code`` is stable and meant for programs; ``message`` is for people (Dutch by default).

:func:`exception_handler` is DRF's ``EXCEPTION_HANDLER``: it turns DRF's exceptions, Django's
``ValidationError`` raised by a domain service, ``Http404``, ``PermissionDenied``, a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413), and any unexpected exception (a 500, logged with its
traceback) into that shape.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger("ketenzicht.api")

Error = dict[str, Any]


def error(code: str, message: str, field: str | None = None) -> Error:
    return {"field": field, "code": code, "message": str(message)}


def _flatten(detail: Any, path: str | None) -> Iterator[Error]:
    """The ``(field, code, message)`` triples of a DRF error detail, however nested."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = None if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            child = name if path is None else (path if name is None else f"{path}.{name}")
            yield from _flatten(value, child)
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            for item in detail:
                yield error(getattr(item, "code", None) or "invalid", item, path)
        else:
            for index, item in enumerate(detail):
                if item:  # a list of nested objects: the valid ones are empty
                    yield from _flatten(item, f"{path}.{index}" if path else str(index))
    else:
        yield error(getattr(detail, "code", None) or "invalid", str(detail), path)


_SERVICE_KEY = re.compile(r"^(?P<head>[a-z_]+)-(?:(?P<index>\d+)-)?(?P<field>[a-z_]+)$")


def service_field(key: str, renames: Mapping[str, str]) -> str | None:
    """The API's field path for a key of a domain service's ``ValidationError``.

    The services name fields as their forms do (``people-0-surname``, ``household-postcode``);
    ``renames`` maps the remaining names to the API's (``reporter_name`` -> ``reporter.name``).
    """
    if key == "__all__":
        return None
    if key in renames:
        return renames[key]
    match = _SERVICE_KEY.match(key)
    if match is None:
        return key
    head, index, field = match["head"], match["index"], match["field"]
    path = f"{head}.{index}" if index is not None else head
    if index is not None and f"{head}.*.{field}" in renames:
        return f"{path}.{renames[f'{head}.*.{field}']}"
    return f"{path}.{field}"


def service_errors(exc: DjangoValidationError, renames: Mapping[str, str]) -> list[Error]:
    if hasattr(exc, "error_dict"):
        return [
            error(item.code or "invalid", message, service_field(key, renames))
            for key, items in exc.error_dict.items()
            for item in items
            for message in item.messages
        ]
    return [
        error(item.code or "invalid", message)
        for item in exc.error_list
        for message in item.messages
    ]


def error_response(errors: list[Error], status_code: int, **headers: str) -> Response:
    response = Response({"errors": errors}, status=status_code)
    for name, value in headers.items():
        response[name] = value
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    view = context.get("view")
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        renames = getattr(view, "service_fields", {})
        return error_response(service_errors(exc, renames), status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        set_rollback()
        return error_response(
            [
                error(
                    "request_too_large",
                    _("The request is larger than this server accepts (%(bytes)s bytes).")
                    % {"bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
                )
            ],
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        logger.exception("Unexpected error in the API", exc_info=exc)
        set_rollback()
        return error_response(
            [error("server_error", _("Something went wrong on our side; try again later."))],
            status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = {"errors": list(_flatten(exc.detail, None))}
    return response
