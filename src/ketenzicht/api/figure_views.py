"""/api/v1/figures: the steering tables of the dashboard, aggregates only (scope figures:read)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from ketenzicht.api.base import ApiView
from ketenzicht.api.figure_serializers import (
    FigureCatalogueSerializer,
    FigureQuerySerializer,
    FigureTableSerializer,
)
from ketenzicht.api.figures import (
    FigureScope,
    OutOfScope,
    catalogue,
    figure_scope_of,
    figure_table,
    figures_build,
)
from ketenzicht.api.permissions import request_client
from ketenzicht.api.scopes import Scope
from ketenzicht.audit.models import AccessAction
from ketenzicht.reporting.disclosure import DisclosurePolicy
from ketenzicht.reporting.figures import period_key
from ketenzicht.reporting.selectors import periods_with_data

# The keys of the dashboard's tables (``reporting.dashboard.build``), for the schema.
TABLE_KEYS = [
    "reports",
    "advice",
    "reports_year",
    "kinds",
    "reporters",
    "decisions",
    "outcomes",
    "restraining",
    "states",
    "assessment",
    "investigation",
    "vv",
    "police",
    "repeat",
    "during_open",
    "waiting",
]


def _place(code: str, name: str) -> dict[str, str]:
    return {"code": code, "name": name}


class _FiguresView(ApiView):
    scopes = {"GET": Scope.FIGURES_READ}

    def scope(self, request: Request) -> FigureScope:
        client = request_client(request)
        assert client is not None  # ClientHasScope let the request through
        scope = figure_scope_of(client.organisation)
        if scope is None:
            raise exceptions.PermissionDenied(
                _("Steering figures are for municipalities, local teams and Veilig Thuis.")
            )
        return scope

    def build(self, request: Request, scope: FigureScope) -> Any:
        query = FigureQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            return figures_build(
                scope,
                municipality=data["municipality"],
                whole_region=data["region"],
                period=data["period"],
            )
        except OutOfScope:
            raise exceptions.PermissionDenied(
                _("These figures are outside this client's municipality or region.")
            ) from None

    def log(self, detail: str) -> None:
        self.log_access(action=AccessAction.VIEW, detail=f"{detail} (aggregates only)")


class FiguresView(_FiguresView):
    @extend_schema(
        operation_id="figures_catalogue",
        summary="The steering tables and periods the client may read (scope figures:read)",
        description=(
            "The municipalities (and whether the region) this client may ask for, the "
            "half-years with figures, the rules of the disclosure control and the tables, with "
            "their titles for the chosen municipality, region and period. A municipality sees "
            "its own municipality (the region's centre municipality also the region and each of "
            "its municipalities, as on the dashboard); Veilig Thuis its region; a local team its "
            "municipality; other organisations no figures (403)."
        ),
        parameters=[FigureQuerySerializer],
        responses={200: FigureCatalogueSerializer},
    )
    def get(self, request: Request) -> Response:
        scope = self.scope(request)
        dash = self.build(request, scope)
        policy = DisclosurePolicy.from_settings()
        own = scope.own
        body = {
            "region": _place(scope.region.code, scope.region.name),
            "region_allowed": scope.region_allowed,
            "own": _place(own.code, own.name) if own is not None else None,
            "municipalities": [_place(m.code, m.name) for m in scope.municipalities],
            "periods": [period_key(p) for p in periods_with_data(scope.region)],
            "latest": period_key(dash.period),
            "disclosure": {"rounding_base": policy.rounding_base, "threshold": policy.threshold},
            "tables": catalogue(dash),
        }
        self.log(f"figures catalogue {dash.title}")
        return Response(FigureCatalogueSerializer(body).data)


class FigureTableView(_FiguresView):
    @extend_schema(
        operation_id="figures_retrieve",
        summary="One steering table, through the dashboard's disclosure control (figures:read)",
        description=(
            "The table exactly as the dashboard shows it: counts rounded to multiples of 5, "
            "counts from 1 to 9 and any figure from which one could be derived not shown "
            '(value null, label "·"), shares and lead times not shown on fewer than 10. '
            "kind tells the shape: counts (municipalities down, periods or categories across), "
            "shares (percent per half-year, with lead times) or waiting (the waiting list at "
            "each month end)."
        ),
        parameters=[
            OpenApiParameter("table", str, OpenApiParameter.PATH, enum=TABLE_KEYS),
            FigureQuerySerializer,
        ],
        responses={200: FigureTableSerializer},
    )
    def get(self, request: Request, table: str) -> Response:
        scope = self.scope(request)
        if table not in TABLE_KEYS:
            raise exceptions.NotFound(_("There is no steering table with this key."))
        dash = self.build(request, scope)
        body = figure_table(dash, table, scope)
        if body is None:
            raise exceptions.NotFound(_("There is no steering table with this key."))
        self.log(f"figures {table} {dash.title} {body['period']}")
        return Response(body)
