"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ketenzicht.accounts import views as accounts_views
from ketenzicht.accounts.oidc import OIDCAuthenticateView, OIDCCallbackView
from ketenzicht.common.views import home

# A 400 raised by Django (oversized or malformed request) is a refusal for the access log.
handler400 = "ketenzicht.audit.middleware.bad_request"

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", accounts_views.login_view, name="login"),
    path("", include("ketenzicht.accounts.urls")),
    path("oidc/authenticate/", OIDCAuthenticateView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("intake/", include("ketenzicht.intake.urls")),
    path("zaken/", include("ketenzicht.casework.urls")),
    path("plannen/", include("ketenzicht.plans.urls")),
    path("opschaling/", include("ketenzicht.escalation.urls")),
    path("mda/", include("ketenzicht.mda.urls")),
    path("koppelen/", include("ketenzicht.linkage.urls")),
    path("toezicht/", include("ketenzicht.audit.urls")),
    path("inzage/", include("ketenzicht.subject_access.urls")),
    path("bewaren/", include("ketenzicht.retention.urls")),
    path("stuurinformatie/", include("ketenzicht.reporting.urls")),
    path("begroting/", include("ketenzicht.finance.urls")),
    path("actieprogramma/", include("ketenzicht.programme.urls")),
    path("externe-cijfers/", include("ketenzicht.external.urls")),
    path("webhooks/", include("ketenzicht.hooks.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("ketenzicht.api.urls")),
]
