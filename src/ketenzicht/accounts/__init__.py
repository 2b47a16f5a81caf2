"""Authentication and session security: the two login steps (password, then a TOTP code or a
recovery code), enrolment of the authenticator app, login throttling (django-axes), the idle
session timeout, the security headers and OpenID Connect login (mozilla-django-oidc)."""
