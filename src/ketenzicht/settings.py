"""The one settings module of Ketenzicht.

Every deployment value comes from the environment through the small typed helpers below, which
fail loudly on a malformed value. Each variable is documented where it is declared; the same list
is in README.md ("Configuration").
"""

from __future__ import annotations

import base64
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


# KZ_DATA_DIR: where the embedded SQLite database and the generated dev secret live.
DATA_DIR = Path(env_str("KZ_DATA_DIR", str(PROJECT_DIR / "data")))

# KZ_DEBUG: development mode (default off). `make demo` turns it on.
DEBUG = env_bool("KZ_DEBUG", False)


def _secret_key() -> str:
    """KZ_SECRET_KEY in production; in development a key generated once into the data folder."""
    key = os.environ.get("KZ_SECRET_KEY")
    if key:
        return key
    if not DEBUG and env_bool("KZ_PRODUCTION", False):
        raise ImproperlyConfigured("KZ_SECRET_KEY is required in production")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# KZ_SECRET_KEY: Django's signing key. Required when KZ_PRODUCTION=1; otherwise generated.
SECRET_KEY = _secret_key()

# KZ_ALLOWED_HOSTS: comma-separated host names this instance answers to.
ALLOWED_HOSTS = env_list("KZ_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# DATABASE_URL: e.g. postgres://user@host:5432/ketenzicht. Default: SQLite under KZ_DATA_DIR.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ketenzicht.sqlite3'}"),
        conn_max_age=env_int("KZ_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ketenzicht.common",
    "ketenzicht.organisations",
    "ketenzicht.audit",
    "ketenzicht.hooks",
    "ketenzicht.intake",
    "ketenzicht.linkage",
    "ketenzicht.casework",
    "ketenzicht.plans",
    "ketenzicht.escalation",
    "ketenzicht.mda",
    "ketenzicht.subject_access",
    "ketenzicht.retention",
    "ketenzicht.reporting",
    "ketenzicht.external",
    "ketenzicht.finance",
    "ketenzicht.programme",
    "ketenzicht.accounts",
    "ketenzicht.api",
    "ketenzicht.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ketenzicht.accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ketenzicht.common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: an idle session is ended (with a message) before any view runs.
    "ketenzicht.accounts.middleware.SessionIdleMiddleware",
    # Every page but the login steps needs a verified second factor.
    "ketenzicht.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The access log: the request for services' entries; refused requests (400/403/404).
    "ketenzicht.audit.middleware.AccessLogMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketenzicht.urls"
WSGI_APPLICATION = "ketenzicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketenzicht.organisations.context_processors.navigation",
                "ketenzicht.accounts.context_processors.session_timeout",
            ],
        },
    }
]

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Authentication and session security (ketenzicht.accounts; docs/architecture.md) ----------
# KZ_PRODUCTION: a production deployment (default off). It refuses DEBUG and every demo-only
# setting, and requires the secrets (KZ_SECRET_KEY, KZ_BSN_KEYS, KZ_BSN_INDEX_KEY).
PRODUCTION = env_bool("KZ_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KZ_DEBUG cannot be on in production (KZ_PRODUCTION=1)")

# Session and cookie security. KZ_SECURE_COOKIES=1 behind HTTPS (on by default in production).
SESSION_COOKIE_SECURE = env_bool("KZ_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# KZ_SESSION_IDLE_SECONDS: a session ends after this much inactivity (default 15 minutes). The
# last activity is kept in the session (accounts/middleware.py), which ends it with a message;
# the cookie and the stored session last five minutes longer, so the end is always that one.
KZ_SESSION_IDLE_SECONDS = env_int("KZ_SESSION_IDLE_SECONDS", 15 * 60)
# KZ_SESSION_WARNING_SECONDS: how long before the end a dialog offers to stay logged in.
KZ_SESSION_WARNING_SECONDS = env_int("KZ_SESSION_WARNING_SECONDS", 2 * 60)
if KZ_SESSION_IDLE_SECONDS < 60 and PRODUCTION:
    raise ImproperlyConfigured("KZ_SESSION_IDLE_SECONDS must be at least 60 in production")
if not 0 < KZ_SESSION_WARNING_SECONDS < KZ_SESSION_IDLE_SECONDS:
    raise ImproperlyConfigured(
        "KZ_SESSION_WARNING_SECONDS must be positive and less than KZ_SESSION_IDLE_SECONDS"
    )
SESSION_COOKIE_AGE = KZ_SESSION_IDLE_SECONDS + 5 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Security headers. HSTS, the HTTPS redirect and the proxy header in production only.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (accounts/middleware.py): no camera, microphone, location, payment, USB.
KZ_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KZ_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("KZ_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. htmx's own
# indicator styles are off (base.html, meta htmx-config); its CSS is in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Two factors (django-otp): a TOTP app, with single-use recovery codes (otp_static).
# KZ_OTP_ISSUER: the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("KZ_OTP_ISSUER", "Ketenzicht")
# KZ_RECOVERY_CODES: how many recovery codes a user gets at enrolment.
KZ_RECOVERY_CODES = env_int("KZ_RECOVERY_CODES", 10)
# KZ_DEMO_FIXED_OTP: demo only (`make demo` sets it): demo users get fixed TOTP secrets and
# `manage.py demo_otp <user>` prints the current code. Production refuses it.
KZ_DEMO_FIXED_OTP = env_bool("KZ_DEMO_FIXED_OTP", False)
if PRODUCTION and KZ_DEMO_FIXED_OTP:
    raise ImproperlyConfigured("KZ_DEMO_FIXED_OTP is a demo-only setting; production refuses it")

# Login throttling (django-axes): after KZ_LOGIN_FAILURE_LIMIT failed passwords or second-factor
# codes for one user name from one address, that combination is locked for
# KZ_LOGIN_LOCKOUT_MINUTES (default 5 attempts, 15 minutes).
AXES_FAILURE_LIMIT = env_int("KZ_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("KZ_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our own access log
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["token", "csrfmiddlewaretoken"]
AXES_LOCKOUT_CALLABLE = "ketenzicht.accounts.views.locked_out"
# KZ_TRUSTED_PROXY_COUNT: reverse proxies in front of the application whose X-Forwarded-For
# is trusted for the client address (default 0: the direct peer address is the client).
KZ_TRUSTED_PROXY_COUNT = env_int("KZ_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ketenzicht.audit.services.client_ip"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# OpenID Connect (mozilla-django-oidc), off unless KZ_OIDC_ENABLED=1. Users must already exist
# here (no user is ever created from a login); the identity provider's claim KZ_OIDC_CLAIM
# (default "email") is matched against the user field KZ_OIDC_USER_FIELD ("email" or
# "username"). The provider's MFA counts as the second factor only when the signed id_token's
# "amr" holds one of KZ_OIDC_MFA_AMR or its "acr" is one of KZ_OIDC_MFA_ACR; otherwise our TOTP
# step follows.
KZ_OIDC_ENABLED = env_bool("KZ_OIDC_ENABLED", False)
KZ_OIDC_CLAIM = env_str("KZ_OIDC_CLAIM", "email")
KZ_OIDC_USER_FIELD = env_str("KZ_OIDC_USER_FIELD", "email")
if KZ_OIDC_USER_FIELD not in {"email", "username"}:
    raise ImproperlyConfigured("KZ_OIDC_USER_FIELD must be 'email' or 'username'")
KZ_OIDC_MFA_AMR = env_list("KZ_OIDC_MFA_AMR", ["mfa"])
KZ_OIDC_MFA_ACR = env_list("KZ_OIDC_MFA_ACR", [])
# KZ_OIDC_PROVIDER_NAME: the name on the login button ("Log in with <name>").
KZ_OIDC_PROVIDER_NAME = env_str("KZ_OIDC_PROVIDER_NAME", "")
if KZ_OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("KZ_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("KZ_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("KZ_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("KZ_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("KZ_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("KZ_OIDC_JWKS_ENDPOINT")
    AUTHENTICATION_BACKENDS.append("ketenzicht.accounts.oidc.OIDCBackend")
# KZ_OIDC_SIGN_ALGO: the id_token's signature algorithm (default RS256).
OIDC_RP_SIGN_ALGO = env_str("KZ_OIDC_SIGN_ALGO", "RS256")
# KZ_OIDC_SCOPES: the scopes asked for (default "openid email").
OIDC_RP_SCOPES = env_str("KZ_OIDC_SCOPES", "openid email")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "ketenzicht.accounts.oidc.OIDCCallbackView"
OIDC_AUTHENTICATE_CLASS = "ketenzicht.accounts.oidc.OIDCAuthenticateView"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?oidc=mislukt"

# Request size limits: a larger request is refused with 400 before any view runs.
# KZ_MAX_REQUEST_BYTES: largest request body outside file uploads (default 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KZ_MAX_REQUEST_BYTES", 2_621_440)
# KZ_MAX_UPLOAD_MEMORY_BYTES: an upload larger than this is streamed to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("KZ_MAX_UPLOAD_MEMORY_BYTES", 2_621_440)
# KZ_MAX_FORM_FIELDS: most fields in one form post (a report with 20 people stays far below it).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("KZ_MAX_FORM_FIELDS", 1000)
# KZ_MAX_UPLOAD_FILES: most files in one post.
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("KZ_MAX_UPLOAD_FILES", 10)

# Steering information (ketenzicht.reporting). Every figure a policy officer, an export or a PDF
# gets passes the disclosure gate (reporting/disclosure.py).
# KZ_DISCLOSURE_ROUNDING: counts are rounded to multiples of this (default 5, as CBS).
KZ_DISCLOSURE_ROUNDING = env_int("KZ_DISCLOSURE_ROUNDING", 5)
# KZ_DISCLOSURE_THRESHOLD: counts from 1 up to this minus one are not shown (default 10), and
#   shares, medians and lead times over fewer items than this are not shown either.
KZ_DISCLOSURE_THRESHOLD = env_int("KZ_DISCLOSURE_THRESHOLD", 10)
# KZ_WAITING_LIST_TARGET: the target band of the waiting list, "low-high" (default "0-50").
KZ_WAITING_LIST_TARGET = env_str("KZ_WAITING_LIST_TARGET", "0-50")
if KZ_DISCLOSURE_ROUNDING <= 0 or KZ_DISCLOSURE_THRESHOLD <= 0:
    raise ImproperlyConfigured(
        "KZ_DISCLOSURE_ROUNDING and KZ_DISCLOSURE_THRESHOLD must be positive"
    )

# Retention and break-glass (ketenzicht.retention).
# KZ_RETENTION_YEARS: a closed case file is destroyed this many years after closure (default 20,
# the term of the Jeugdwet and the Wmo 2015 for Veilig Thuis files).
KZ_RETENTION_YEARS = env_int("KZ_RETENTION_YEARS", 20)
# KZ_BREAK_GLASS_MINUTES: how long an administrator's break-glass access to one case lasts.
KZ_BREAK_GLASS_MINUTES = env_int("KZ_BREAK_GLASS_MINUTES", 60)
# KZ_TASKS_BACKEND: the django-tasks backend for background work (the retention run). The
# default runs a task at once in the process that enqueues it; a database backend
# (django-tasks-db) with a worker is the next step when needed.
TASKS = {
    "default": {
        "BACKEND": env_str("KZ_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Notifications (ketenzicht.hooks; docs/webhooks.md).
# KZ_PUBLIC_BASE_URL: the address other systems reach this instance at; a webhook's payload
#   links to the API below it (default https://<first of KZ_ALLOWED_HOSTS> in production,
#   http://127.0.0.1:8000 otherwise).
KZ_PUBLIC_BASE_URL = env_str(
    "KZ_PUBLIC_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000",
)
# KZ_HOOKS_TIMEOUT_SECONDS: how long the sender waits for a receiver's answer (default 10).
KZ_HOOKS_TIMEOUT_SECONDS = env_int("KZ_HOOKS_TIMEOUT_SECONDS", 10)
# KZ_HOOKS_MAX_ATTEMPTS: attempts per delivery before it is marked failed (default 8).
KZ_HOOKS_MAX_ATTEMPTS = env_int("KZ_HOOKS_MAX_ATTEMPTS", 8)
# KZ_HOOKS_BACKOFF_BASE_SECONDS / KZ_HOOKS_BACKOFF_CAP_SECONDS: after the n-th failed attempt
#   the next waits base * 2^n seconds, at most the cap (defaults 30 and 21600, six hours).
KZ_HOOKS_BACKOFF_BASE_SECONDS = env_int("KZ_HOOKS_BACKOFF_BASE_SECONDS", 30)
KZ_HOOKS_BACKOFF_CAP_SECONDS = env_int("KZ_HOOKS_BACKOFF_CAP_SECONDS", 6 * 3600)
# KZ_HOOKS_BACKOFF_JITTER_PERCENT: up to this share of each wait is taken off at random, so
#   receivers that come back are not hit by every retry at once (default 20).
KZ_HOOKS_BACKOFF_JITTER_PERCENT = env_int("KZ_HOOKS_BACKOFF_JITTER_PERCENT", 20)
# KZ_HOOKS_ALLOW_LOCAL_HTTP: accept http:// subscriptions to localhost/127.0.0.1/::1 (default
#   off; on with KZ_DEBUG; refused in production). Every other address must be https://.
KZ_HOOKS_ALLOW_LOCAL_HTTP = env_bool("KZ_HOOKS_ALLOW_LOCAL_HTTP", False)
if PRODUCTION and KZ_HOOKS_ALLOW_LOCAL_HTTP:
    raise ImproperlyConfigured("KZ_HOOKS_ALLOW_LOCAL_HTTP is demo-only: not in production")
if KZ_HOOKS_TIMEOUT_SECONDS <= 0 or KZ_HOOKS_MAX_ATTEMPTS <= 0:
    raise ImproperlyConfigured(
        "KZ_HOOKS_TIMEOUT_SECONDS and KZ_HOOKS_MAX_ATTEMPTS must be positive"
    )
if not 0 < KZ_HOOKS_BACKOFF_BASE_SECONDS <= KZ_HOOKS_BACKOFF_CAP_SECONDS:
    raise ImproperlyConfigured(
        "need 0 < KZ_HOOKS_BACKOFF_BASE_SECONDS <= KZ_HOOKS_BACKOFF_CAP_SECONDS"
    )
if not 0 <= KZ_HOOKS_BACKOFF_JITTER_PERCENT <= 100:
    raise ImproperlyConfigured("KZ_HOOKS_BACKOFF_JITTER_PERCENT must lie between 0 and 100")

# External figures (ketenzicht.external): KZ_EXTERNAL_MAX_CSV_BYTES is the largest CSV of
# population figures or external series an import accepts (default 2 MB, about 50,000 rows).
KZ_EXTERNAL_MAX_CSV_BYTES = env_int("KZ_EXTERNAL_MAX_CSV_BYTES", 2_000_000)

# Unusual access (audit/rules.py): the privacy officer's page lists each hit with its rule.
# KZ_UNUSUAL_UNASSIGNED_CASES: a user opens more case files in a day that are not assigned to
#   them than this (default 10; team leads are left out).
KZ_UNUSUAL_UNASSIGNED_CASES = env_int("KZ_UNUSUAL_UNASSIGNED_CASES", 10)
# KZ_UNUSUAL_OFFICE_HOURS: office hours on working days, "07:00-19:00" (default); personal data
#   read or changed outside them, or on a day that is no working day, is listed.
KZ_UNUSUAL_OFFICE_HOURS = env_str("KZ_UNUSUAL_OFFICE_HOURS", "07:00-19:00")
# KZ_UNUSUAL_OFFICE_HOURS_EXEMPT: comma-separated user names on crisis duty (24-hour service).
KZ_UNUSUAL_OFFICE_HOURS_EXEMPT = env_list("KZ_UNUSUAL_OFFICE_HOURS_EXEMPT", [])
# KZ_UNUSUAL_RADAR_LOOKUPS / KZ_UNUSUAL_EXPORTS: more radar lookups (50) / exports (10) a day.
KZ_UNUSUAL_RADAR_LOOKUPS = env_int("KZ_UNUSUAL_RADAR_LOOKUPS", 50)
KZ_UNUSUAL_EXPORTS = env_int("KZ_UNUSUAL_EXPORTS", 10)
# KZ_UNUSUAL_DENIED: at least this many refused requests (403/404/400) in a day (default 5).
KZ_UNUSUAL_DENIED = env_int("KZ_UNUSUAL_DENIED", 5)

# --- The REST API (ketenzicht.api; docs/architecture.md "REST API") ---------------------------
# KZ_API_RATE: calls per client, e.g. "600/min" (default), "20/s", "10000/hour"; empty: no limit.
#   A fixed window per client, counted in the database (api.ApiRateWindow): shared by every process.
KZ_API_RATE = env_str("KZ_API_RATE", "600/min")
if KZ_API_RATE and not (
    KZ_API_RATE.partition("/")[0].isdigit()
    and KZ_API_RATE.partition("/")[2][:1] in {"s", "m", "h", "d"}
):
    raise ImproperlyConfigured(f"KZ_API_RATE must look like 600/min, not {KZ_API_RATE!r}")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ketenzicht.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ketenzicht.api.permissions.ClientHasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["ketenzicht.api.throttling.ClientRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "ketenzicht.api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "ketenzicht.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "ketenzicht.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ASCII JSON: an error that quotes the input can never fail to encode (lone surrogates).
    "UNICODE_JSON": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenzicht API",
    "DESCRIPTION": (
        "Reports in, status out, for the systems of the chain around Veilig Thuis. Every call "
        "needs a client token (`Authorization: Bearer <client_id>.<secret>`) with the scope the "
        "operation names, and is written to the access log. Errors always have the shape "
        '`{"errors": [{"field": ..., "code": ..., "message": ...}]}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Stable names for the choice sets several fields share a name with ("kind", "status",
    # "role"), so an added endpoint does not rename the components of the others.
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": ["feedback_decision", "feedback_investigation"],
        "StatusEnum": ["received", "assessing", "decided", "closed"],
        "PersonRoleEnum": "ketenzicht.intake.models.PersonRole",
        "HandoverStatusEnum": "ketenzicht.casework.models.HandoverStatus",
        "ParticipationKindEnum": "ketenzicht.plans.models.ParticipationKind",
        "FigureKindEnum": ["counts", "shares", "waiting"],
    },
    # The request bodies are strict: unknown fields are refused (additionalProperties: false).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ketenzicht.api.schema.strict_request_bodies",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KZ_LOG_LEVEL", "WARNING")},
}

# --- BSN at rest (common/crypto.py; docs/keys.md) ------------------------------------------------
# KZ_BSN_KEYS: comma-separated Fernet keys (32 url-safe base64 bytes each, make one with
#   `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
#   The first encrypts; every key decrypts, so an old key stays at the end until
#   `manage.py bsn_rotate_keys` has re-encrypted everything under the first.
# KZ_BSN_INDEX_KEY: the HMAC-SHA256 key of the BSN blind index (at least 32 characters, e.g.
#   `python -c "import secrets; print(secrets.token_urlsafe(32))"`); never one of KZ_BSN_KEYS.
# Both are required when KZ_PRODUCTION=1; otherwise generated once into the data folder.


def _generated_secret(name: str, make: Callable[[], str]) -> str:
    """A development secret, written once into the data folder (race-free between processes)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
    for _attempt in range(50):  # another process may be writing it this very moment
        value = path.read_text().strip()
        if value:
            return value
        time.sleep(0.02)
    raise ImproperlyConfigured(f"{path} is empty: remove it to have a new key generated")


def _bsn_keys() -> list[str]:
    keys = env_list("KZ_BSN_KEYS", [])
    if not keys:
        if PRODUCTION:
            raise ImproperlyConfigured("KZ_BSN_KEYS is required in production")
        keys = [
            _generated_secret(
                "dev-bsn-key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
            )
        ]
    for number, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"KZ_BSN_KEYS: key {number} is not a Fernet key (32 url-safe base64-encoded bytes)"
            )
    return keys


def _bsn_index_key() -> str:
    key = os.environ.get("KZ_BSN_INDEX_KEY", "")
    if not key:
        if PRODUCTION:
            raise ImproperlyConfigured("KZ_BSN_INDEX_KEY is required in production")
        key = _generated_secret("dev-bsn-index-key", lambda: secrets.token_urlsafe(32))
    if len(key) < 32:
        raise ImproperlyConfigured("KZ_BSN_INDEX_KEY must be at least 32 characters long")
    if key in BSN_KEYS:
        raise ImproperlyConfigured("KZ_BSN_INDEX_KEY must differ from every key in KZ_BSN_KEYS")
    return key


BSN_KEYS = _bsn_keys()
BSN_INDEX_KEY = _bsn_index_key()
