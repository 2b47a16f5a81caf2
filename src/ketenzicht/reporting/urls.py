from django.urls import path

from ketenzicht.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("halfjaarrapportage/", views.halfyear_start, name="halfyear_start"),
    path("halfjaarrapportage/<int:pk>/", views.halfyear_job, name="halfyear_job"),
    path("halfjaarrapportage/<int:pk>/pdf/", views.halfyear_download, name="halfyear_download"),
]
