"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ketenzicht.common.views import home

urlpatterns = [
    path("", home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("intake/", include("ketenzicht.intake.urls")),
    path("zaken/", include("ketenzicht.casework.urls")),
    path("koppelen/", include("ketenzicht.linkage.urls")),
    path("toezicht/", include("ketenzicht.audit.urls")),
    path("inzage/", include("ketenzicht.subject_access.urls")),
    path("beheer/", admin.site.urls),
]
