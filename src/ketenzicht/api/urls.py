"""/api/v1/: the versioned REST API, its OpenAPI schema and its docs page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ketenzicht.api import views

app_name = "api"

urlpatterns = [
    path("reports", views.ReportsView.as_view(), name="reports"),
    path("reports/<str:reference>", views.ReportView.as_view(), name="report"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not_found"),
]
