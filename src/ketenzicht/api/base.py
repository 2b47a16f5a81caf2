"""The reusable pieces every API view is made of.

- :class:`ApiView` / :class:`ApiListView`: token authentication (``authentication``), the scope
  of each method (``scopes = {"GET": Scope.REPORTS_READ}``; a method without one is refused),
  the per-client rate limit (``throttling``), the one error shape (``errors``) and the access
  log: every call, refused ones included, writes one access-log entry. A view that shows or
  changes personal data calls :meth:`ApiView.log_access` with the ids it touched (a service
  that writes records it inside its own transaction and the view calls :meth:`logged`); any
  other answer is logged in ``finalize_response`` (an error as DENIED, with its status).
- ``pagination.ApiPagination``: every list is paginated (``?page=``, ``?page_size=`` up to 200).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.api.authentication import ATTEMPTED_CLIENT, ApiTokenAuthentication
from ketenzicht.api.pagination import ApiPagination
from ketenzicht.api.permissions import ClientHasScope, request_client
from ketenzicht.api.throttling import ClientRateThrottle
from ketenzicht.audit.middleware import mark_logged
from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record


def client_label(request: Request | HttpRequest) -> str:
    """Who called, for the access log's detail: the client id, or the id a refused token gave."""
    client = request_client(request) if isinstance(request, Request) else None
    if client is not None:
        return client.client_id
    django_request = request._request if isinstance(request, Request) else request
    attempted = getattr(django_request, ATTEMPTED_CLIENT, "")
    return f"unknown:{attempted}" if attempted else "anonymous"


class AccessLoggedMixin:
    """Exactly one access-log entry per call (see the module's docstring)."""

    request: Request
    _access_logged = False

    def log_access(
        self,
        *,
        action: str,
        case_ids: Iterable[int] = (),
        person_ids: Iterable[int] = (),
        household_ids: Iterable[int] = (),
        detail: str = "",
    ) -> None:
        access_record(
            request=self.request._request,
            action=action,
            case_ids=case_ids,
            person_ids=person_ids,
            household_ids=household_ids,
            detail=f"api {client_label(self.request)} {detail}".strip(),
        )
        self.logged()

    def logged(self) -> None:
        """This call's entry is written (by a service, in its transaction)."""
        self._access_logged = True
        mark_logged(self.request._request)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if not self._access_logged:
            status = response.status_code
            self.log_access(
                action=AccessAction.DENIED if status >= 400 else AccessAction.VIEW,
                detail=f"{'refused' if status >= 400 else 'answered'} ({status}) "
                f"{request.method} {type(self).__name__}",
            )
        return response


class ApiView(AccessLoggedMixin, APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [ClientHasScope]
    throttle_classes = [ClientRateThrottle]
    scopes: dict[str, str] = {}
    # Field names of a domain service's ValidationError -> the API's field paths (errors.py).
    service_fields: dict[str, str] = {}


class ApiListView(AccessLoggedMixin, GenericAPIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [ClientHasScope]
    throttle_classes = [ClientRateThrottle]
    pagination_class = ApiPagination
    scopes: dict[str, str] = {}
    service_fields: dict[str, str] = {}
