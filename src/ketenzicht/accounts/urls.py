from django.urls import path

from ketenzicht.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/tweede-stap/", views.second_factor, name="second_factor"),
    path("inloggen/app-koppelen/", views.enrol, name="enrol"),
    path("sessie/", views.session_status, name="session_status"),
    path("sessie/verlengen/", views.session_keepalive, name="session_keepalive"),
]
