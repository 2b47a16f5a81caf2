"""/api/v1/: the versioned REST API, its OpenAPI schema and its docs page."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ketenzicht.api import figure_views, handover_views, views

app_name = "api"

# Swagger UI (drf-spectacular-sidecar, served from here) with its script in a file of its own;
# the one inline style it sets is allowed by its hash, nothing else inline.
SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
docs = csp_update({"style-src": [SWAGGER_UI_STYLE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("reports", views.ReportsView.as_view(), name="reports"),
    path("reports/batch", views.ReportBatchView.as_view(), name="reports_batch"),
    path("reports/<str:reference>", views.ReportView.as_view(), name="report"),
    path("handovers", handover_views.HandoversView.as_view(), name="handovers"),
    path("handovers/<int:handover_id>", handover_views.HandoverView.as_view(), name="handover"),
    path(
        "handovers/<int:handover_id>/accept",
        handover_views.HandoverAcceptView.as_view(),
        name="handover_accept",
    ),
    path(
        "handovers/<int:handover_id>/refuse",
        handover_views.HandoverRefuseView.as_view(),
        name="handover_refuse",
    ),
    path(
        "handovers/<int:handover_id>/participation",
        handover_views.HandoverParticipationView.as_view(),
        name="handover_participation",
    ),
    path("figures", figure_views.FiguresView.as_view(), name="figures"),
    path("figures/<str:table>", figure_views.FigureTableView.as_view(), name="figure_table"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not_found"),
]
