"""Role checks for views. Object-level scoping lives in each domain's selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ketenzicht.organisations.models import Region, Role, User

View = Callable[..., HttpResponse]


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind one of the role checks below: its user is a real User."""

    user: User


def roles_required(*roles: str) -> Callable[[View], View]:
    """Allow the view only to authenticated users with one of ``roles`` in an organisation."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if (
                not user.is_authenticated
                or getattr(user, "role", "") not in roles
                or getattr(user, "organisation_id", None) is None
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


vt_required = roles_required(Role.INTAKE_WORKER, Role.VT_WORKER, Role.TEAM_LEAD)
receiver_required = roles_required(Role.CHAIN_PROFESSIONAL)
policy_required = roles_required(Role.POLICY_OFFICER)


def region_of_member(user: object) -> Region | None:
    """The region of ``user``'s organisation, for any role: what every member of an organisation
    in the region may read of the region's own policy (its programme, its budget). None for an
    anonymous user, a user without a role or without an organisation."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "role", ""):
        return None
    organisation = getattr(user, "organisation", None)
    return organisation.region if organisation is not None else None


def member_required(view: View) -> View:
    """Allow the view to any role of an organisation (the view scopes to its region)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if region_of_member(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
