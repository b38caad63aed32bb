"""System checks for unsafe configuration: foundation_settings.W001 and up, each with a hint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.checks import CheckMessage, Warning, register

from .env import DEV_KEY_PREFIX

ID = "foundation_settings.W{:03d}"

# id -> (message, hint); tests assert every id is unique and reachable.
MESSAGES: dict[int, tuple[str, str]] = {
    1: (
        "CORS_ALLOW_ALL_ORIGINS is True in production.",
        "List the origins in CORS_ALLOWED_ORIGINS (CORS_ORIGINS).",
    ),
    2: (
        "CORS allows every origin together with credentials: any site can read your users' data.",
        "Set CORS_ALLOW_ALL_ORIGINS = False and list the origins.",
    ),
    3: (
        "corsheaders.middleware.CorsMiddleware is missing or below CommonMiddleware.",
        "Put CorsMiddleware above django.middleware.common.CommonMiddleware in MIDDLEWARE.",
    ),
    4: (
        "A plain http:// origin is trusted in production.",
        "Use https:// origins in CORS_ORIGINS.",
    ),
    5: (
        "The default database is SQLite in production.",
        "Set DATABASE_URL to a PostgreSQL or MySQL URL.",
    ),
    6: (
        "A database asks for a connection pool together with CONN_MAX_AGE != 0, or has a non-boolean option.",
        "With OPTIONS['pool'], set CONN_MAX_AGE = 0; CONN_HEALTH_CHECKS and pool must be real booleans.",
    ),
    7: (
        "The Redis cache and the Celery broker share one database: cache.clear() would delete queued tasks.",
        "Use foundation_settings.redis_db_url() to give each its own database.",
    ),
    8: (
        "SECURE_SSL_REDIRECT is on but SECURE_PROXY_SSL_HEADER is not set.",
        "Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER, or requests loop on redirects.",
    ),
    9: ("SECRET_KEY is a development key in production.", "Generate a new key for production."),
    10: (
        "No LOGGING handler uses foundation_settings.logging.SecretMaskFilter.",
        "Build LOGGING with foundation_settings.logging_config().",
    ),
    11: (
        "ALLOWED_HOSTS allows every host in production.",
        "List the host names in ALLOWED_HOSTS.",
    ),
    12: (
        "CSRF_COOKIE_HTTPONLY is True while CORS origins are allowed: a front-end there cannot read the token.",
        "Leave CSRF_COOKIE_HTTPONLY = False.",
    ),
    13: (
        "No Content Security Policy is configured.",
        "Set SECURE_CSP (Django 6.0+) or django-csp's CONTENT_SECURITY_POLICY from content_security_policy().",
    ),
}


def _warn(number: int) -> CheckMessage:
    message, hint = MESSAGES[number]
    return Warning(message, hint=hint, id=ID.format(number))


def _origins() -> list[str]:
    return [
        *getattr(settings, "CORS_ALLOWED_ORIGINS", []),
        *getattr(settings, "CSRF_TRUSTED_ORIGINS", []),
    ]


@register(checks.Tags.security)
def check_cors(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    out = []
    allow_all = bool(getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False))
    if allow_all and getattr(settings, "CORS_ALLOW_CREDENTIALS", False):
        out.append(_warn(2))
    uses_cors = allow_all or bool(getattr(settings, "CORS_ALLOWED_ORIGINS", None))
    if uses_cors:
        middleware = list(settings.MIDDLEWARE)
        cors = "corsheaders.middleware.CorsMiddleware"
        common = "django.middleware.common.CommonMiddleware"
        if cors not in middleware or (
            common in middleware and middleware.index(cors) > middleware.index(common)
        ):
            out.append(_warn(3))
        if getattr(settings, "CSRF_COOKIE_HTTPONLY", False):
            out.append(_warn(12))
    return out


@register(checks.Tags.security, deploy=True)
def check_cors_deploy(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    out = []
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        out.append(_warn(1))
    if any(origin.startswith("http://") for origin in _origins()):
        out.append(_warn(4))
    return out


@register("foundation_settings")
def check_database_options(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    for config in settings.DATABASES.values():
        options = config.get("OPTIONS", {}) or {}
        pool = options.get("pool")
        if pool and config.get("CONN_MAX_AGE", 0) != 0:
            return [_warn(6)]
        if isinstance(pool, str) or not isinstance(config.get("CONN_HEALTH_CHECKS", False), bool):
            return [_warn(6)]
    return []


@register(checks.Tags.security, deploy=True)
def check_database_deploy(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    engine = settings.DATABASES.get("default", {}).get("ENGINE", "")
    return [_warn(5)] if engine.endswith("sqlite3") else []


def _redis_target(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (f"{parts.hostname}:{parts.port or 6379}", parts.path.strip("/") or "0")


@register(checks.Tags.caches)
def check_redis_sharing(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    broker = getattr(settings, "CELERY_BROKER_URL", None)
    if not isinstance(broker, str) or not broker.startswith(("redis://", "rediss://")):
        return []
    for cache in settings.CACHES.values():
        locations = cache.get("LOCATION", [])
        for location in [locations] if isinstance(locations, str) else locations:
            if location.startswith(("redis://", "rediss://")) and _redis_target(
                location
            ) == _redis_target(broker):
                return [_warn(7)]
    return []


@register(checks.Tags.security, deploy=True)
def check_security_deploy(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    out = []
    if getattr(settings, "SECURE_SSL_REDIRECT", False) and not getattr(
        settings, "SECURE_PROXY_SSL_HEADER", None
    ):
        out.append(_warn(8))
    key = getattr(settings, "SECRET_KEY", "")
    if isinstance(key, str) and key.startswith(DEV_KEY_PREFIX):
        out.append(_warn(9))
    if "*" in settings.ALLOWED_HOSTS:
        out.append(_warn(11))
    if not getattr(settings, "SECURE_CSP", None) and not getattr(
        settings, "CONTENT_SECURITY_POLICY", None
    ):
        out.append(_warn(13))
    return out


@register(deploy=True)
def check_logging_deploy(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    logging = getattr(settings, "LOGGING", {}) or {}
    filters = logging.get("filters", {})
    masking = {
        name
        for name, spec in filters.items()
        if str(spec.get("()", "")).endswith("SecretMaskFilter")
    }
    for handler in logging.get("handlers", {}).values():
        if masking & set(handler.get("filters", [])):
            return []
    return [_warn(10)]
