from django.urls import path

from ketenzicht.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.home, name="home"),
    path("persoon/", views.person_search, name="person_search"),
    path("persoon/<int:pk>/", views.person_log, name="person_log"),
    path("medewerker/", views.user_log, name="user_log"),
    path("ongebruikelijk/", views.unusual, name="unusual"),
]
