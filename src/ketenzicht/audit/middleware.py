"""The access log's middleware: the request for services' entries, and refused requests.

Every request by a signed-in user that ends in 400, 403 or 404 (a wrong-organisation id in a
URL, a forged form, a page outside the role) is recorded as DENIED, with its path and, where
the URL names one, the case or person id it asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record, current_request

REFUSED = frozenset({400, 403, 404})

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
        if response.status_code in REFUSED and user is not None and user.is_authenticated:
            denied_record(request=request, status=response.status_code)
        return response


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
