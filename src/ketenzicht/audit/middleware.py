"""The access log's middleware: the request for services' entries, and refused requests.

A request by a signed-in user that is *refused* is recorded as DENIED, with its path and, where
the URL names one, the case or person id it asked for:

- 403 and 404: a page outside the role, a wrong-organisation id in a URL, a failed CSRF check;
- 400 only when it is a refusal of the request itself: Django's ``SuspiciousOperation`` or
  ``BadRequest`` (an oversized upload, too many fields, a forged host), which reach
  :func:`bad_request` (``handler400``), or a view's own answer to tampered input marked with
  :func:`refused` (an export format or form prefix no page offers).

An ordinary 400 is not a refusal: a wrong second-factor code (logged as LOGIN_FAILED already) or
an export too large to make. Forms with errors answer 422 and are never logged as DENIED.
With ``DEBUG`` on, Django shows its debug page instead of calling ``handler400``; a view's own
``SuspiciousOperation`` is then still caught by ``process_exception``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record, current_request

REFUSED = frozenset({403, 404})
R = TypeVar("R", bound=HttpResponse)
_MARK = "kz_refused"
_LOGGED = "kz_access_logged"


def refused(response: R) -> R:
    """Mark a view's 400 answer as the refusal of a tampered request (logged as DENIED)."""
    setattr(response, _MARK, True)
    return response


def mark_logged(request: HttpRequest) -> None:
    """The view wrote this request's access-log entry itself (the API logs every call, refused
    ones too): the middleware writes no second one."""
    setattr(request, _LOGGED, True)


def is_refusal(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 400 and (
        getattr(response, _MARK, False) or getattr(request, _MARK, False)
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: Django's own 400 page, marked as a refusal."""
    return refused(defaults.bad_request(request, exception))


# URL names whose ``pk`` is a case id or a person id (the rest are named in the detail only).
CASE_URLS = frozenset(
    {
        "casework:detail",
        "casework:assign",
        "casework:assessment",
        "casework:review",
        "casework:vv_complete",
        "casework:investigation_start",
        "casework:investigation_conclude",
        "casework:handover_offer",
        "casework:reassess",
        "casework:monitoring",
        "casework:close",
        "casework:reopen",
        "casework:restraining_order",
        "retention:request_new",
    }
)
PERSON_URLS = frozenset(
    {
        "linkage:person",
        "linkage:person_merge",
        "subject_access:person",
        "subject_access:json",
        "subject_access:pdf",
    }
)


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, _LOGGED, False)
            and is_refusal(request, response)
        ):
            denied_record(request=request, status=response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, SuspiciousOperation | BadRequest):
            setattr(request, _MARK, True)


def denied_record(*, request: HttpRequest, status: int) -> None:
    match = request.resolver_match
    name = match.view_name if match is not None else ""
    kwargs = match.kwargs if match is not None else {}
    pk = kwargs.get("pk")
    object_id = pk if isinstance(pk, int) and pk > 0 else None
    detail = f"refused ({status})"
    if name:
        detail += f" {name}" + "".join(f" {key}={value}" for key, value in kwargs.items())
    access_record(
        request=request,
        action=AccessAction.DENIED,
        case_ids=(object_id,) if object_id and name in CASE_URLS else (),
        person_ids=(object_id,) if object_id and name in PERSON_URLS else (),
        detail=detail,
    )
