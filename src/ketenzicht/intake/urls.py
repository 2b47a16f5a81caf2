from django.urls import path

from ketenzicht.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="start"),
    path("adviesvraag/nieuw/", views.advice_new, name="advice_new"),
    path("adviesvragen/", views.advice_list, name="advice_list"),
    path("adviesvragen/<int:pk>/", views.advice_detail, name="advice_detail"),
    path("adviesvragen/<int:pk>/omzetten/", views.advice_convert, name="advice_convert"),
    path("melding/nieuw/", views.report_new, name="report_new"),
    path("melding/kandidaten/", views.person_candidates, name="person_candidates"),
]
