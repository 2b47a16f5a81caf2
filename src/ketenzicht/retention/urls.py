from django.urls import path

from ketenzicht.retention import views

app_name = "retention"
urlpatterns = [
    path("verzoeken/", views.request_list, name="requests"),
    path("verzoeken/<int:pk>/", views.request_detail, name="request_detail"),
    path("zaak/<int:pk>/verzoek/", views.request_new, name="request_new"),
    path("vernietigd/", views.tombstone_list, name="tombstones"),
    path("noodtoegang/", views.break_glass, name="break_glass"),
    path("noodtoegang/meldingen/", views.break_glass_report_view, name="break_glass_report"),
]
