"""Production: everything required comes from the environment; safe defaults; fail fast.

Refuses DEBUG=true; requires SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS; every missing or invalid
variable is listed in one error at startup. Passes `manage.py check --deploy --fail-level WARNING`.
"""

from __future__ import annotations

import django

from foundation_settings import content_security_policy

from .base import *  # noqa: F403
from .base import DEBUG, MIDDLEWARE, env

env.check(not DEBUG, "DEBUG", "DEBUG=true is refused in production: unset DEBUG or set it to false")

# HTTPS everywhere. Behind a TLS-terminating proxy (the usual case), Django learns the original scheme
# from X-Forwarded-Proto; set BEHIND_TLS_PROXY=false when Django itself terminates TLS, or the header
# could be forged by clients talking to it directly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
if env.bool("BEHIND_TLS_PROXY", True, help="a proxy in front sets X-Forwarded-Proto"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", 31_536_000, min=0, help="start low (60) on a new domain"
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# CSRF_COOKIE_HTTPONLY stays False so a front-end on an allowed origin can read the token.

# Content Security Policy: Django's own (6.0+), django-csp below it.
if django.VERSION >= (6, 0):
    SECURE_CSP = content_security_policy()
    MIDDLEWARE = [*MIDDLEWARE, "django.middleware.csp.ContentSecurityPolicyMiddleware"]
else:  # pragma: no cover - the example runs on Django 6.x
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": content_security_policy()}
    MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware"]

env.seal()
