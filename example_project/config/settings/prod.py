"""Production: every machine-specific value from the environment, safe defaults, fail fast.

Required: SECRET_KEY (50+ random characters), DATABASE_URL (not SQLite), ALLOWED_HOSTS, REDIS_URL.
Refused: DEBUG=true.
With these set, `manage.py check --deploy --fail-level WARNING` reports no issue.
"""

from __future__ import annotations

import django

from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES, TEMPLATES, env

if DEBUG:  # noqa: F405
    env.problem("DEBUG", "is true: production refuses DEBUG=true (unset it or set DEBUG=false)")

# HTTPS. Behind a proxy that terminates TLS (the usual case), the proxy must set
# X-Forwarded-Proto; set BEHIND_PROXY=false when Django itself receives HTTPS.
if BEHIND_PROXY:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True, help="redirect http to https")
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]  # probes speak plain http inside the cluster
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000, min=0, help="HSTS max-age")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is hard to undo: set SECURE_HSTS_PRELOAD=false until every subdomain is on HTTPS.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: secure, HttpOnly session, and the __Secure- prefix browsers enforce.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Secure-csrftoken"

# Content Security Policy: Django's own from 6.0, django-csp before it. Scripts only from this
# site or with the per-request nonce (the theme script of foundation_ui carries it). Its middleware
# goes right after SecurityMiddleware, wherever that sits in the base list.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
if django.VERSION >= (6, 0):
    from django.utils.csp import CSP

    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
        "form-action": [CSP.SELF],
    }
    MIDDLEWARE.insert(_after_security, "django.middleware.csp.ContentSecurityPolicyMiddleware")
    TEMPLATES[0]["OPTIONS"]["context_processors"].append("django.template.context_processors.csp")
else:
    from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:"],
            "object-src": [NONE],
            "base-uri": [SELF],
            "frame-ancestors": [NONE],
            "form-action": [SELF],
        }
    }
    MIDDLEWARE.insert(_after_security, "csp.middleware.CSPMiddleware")
    TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")

# Static files served by WhiteNoise, compressed and with hashed names.
STORAGES = {
    "default": STORAGES["default"],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: SMTP from EMAIL_URL (smtp://user:password@host:587?tls=true).
EMAIL = env.mail()
if django.VERSION >= (6, 1):
    MAILERS = {"default": EMAIL.mailer()}
else:
    EMAIL_BACKEND = EMAIL.backend
    EMAIL_HOST = EMAIL.host
    EMAIL_PORT = EMAIL.port
    EMAIL_HOST_USER = EMAIL.username
    EMAIL_HOST_PASSWORD = EMAIL.password
    EMAIL_USE_TLS = EMAIL.use_tls
    EMAIL_USE_SSL = EMAIL.use_ssl

env.finish()
