"""Django system checks for unsafe production configuration (``manage.py check --deploy``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
MASK_FILTER = "foundation_settings.logs.SecretMaskFilter"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def check_env_finished(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    from . import env

    current = env.current()
    if current is None or current.finished or not current.problems:
        return []
    names = ", ".join(sorted({p.name for p in current.problems}))
    return [
        Error(
            f"The settings read variables with problems that were never reported: {names}.",
            hint="Call env.finish() at the end of the settings module: it raises one error listing them.",
            id="foundation_settings.E001",
        )
    ]


def check_production(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    checks = (_cors, _shared_redis_database, _databases, _insecure_origins, _secret_key, _logs)
    return [message for check in checks for message in check()]


def _cors() -> Iterator[CheckMessage]:
    allow_all = getattr(
        settings, "CORS_ALLOW_ALL_ORIGINS", getattr(settings, "CORS_ORIGIN_ALLOW_ALL", False)
    )
    if allow_all:
        credentials = getattr(settings, "CORS_ALLOW_CREDENTIALS", False)
        yield Warning(
            "CORS_ALLOW_ALL_ORIGINS is True: every website may call this site"
            + (" with the user's cookies (CORS_ALLOW_CREDENTIALS)." if credentials else "."),
            hint="List the origins in CORS_ALLOWED_ORIGINS (CORS_ORIGINS in the environment).",
            id="foundation_settings.W001",
        )
    middleware = list(getattr(settings, "MIDDLEWARE", []))
    if "corsheaders" not in getattr(settings, "INSTALLED_APPS", []):
        if getattr(settings, "CORS_ALLOWED_ORIGINS", None):
            yield Warning(
                "CORS_ALLOWED_ORIGINS is set, but django-cors-headers is not in INSTALLED_APPS: "
                "no response carries CORS headers.",
                hint="pip install 'foundation-settings[cors]' and add 'corsheaders' and its middleware.",
                id="foundation_settings.W010",
            )
    elif CORS_MIDDLEWARE not in middleware:
        yield Warning(
            "django-cors-headers is installed but its middleware is not in MIDDLEWARE.",
            hint=f"Add {CORS_MIDDLEWARE!r} above CommonMiddleware.",
            id="foundation_settings.W002",
        )
    else:
        position = middleware.index(CORS_MIDDLEWARE)
        earlier = [
            m
            for m in middleware[:position]
            if m.endswith(("CommonMiddleware", "WhiteNoiseMiddleware"))
        ]
        if earlier:
            yield Warning(
                f"{CORS_MIDDLEWARE} comes after {earlier[0]}: responses that one returns early carry no CORS headers.",
                hint="Move CorsMiddleware above it.",
                id="foundation_settings.W009",
            )


def _redis_location(url: Any) -> tuple[str, int, int] | None:
    if not isinstance(url, str) or not url.startswith(("redis://", "rediss://")):
        return None
    try:
        parts = urlsplit(url)
        db = int(parts.path.strip("/") or 0)
        return (parts.hostname or "", parts.port or 6379, db)
    except ValueError:
        return None


def _shared_redis_database() -> Iterator[CheckMessage]:
    broker = _redis_location(getattr(settings, "CELERY_BROKER_URL", None))
    if broker is None:
        return
    for alias, config in getattr(settings, "CACHES", {}).items():
        locations = config.get("LOCATION", [])
        for location in [locations] if isinstance(locations, str) else locations:
            if _redis_location(location) == broker:
                yield Warning(
                    f"The cache {alias!r} and Celery's broker use the same Redis database: "
                    "cache.clear() (FLUSHDB) would delete queued tasks.",
                    hint="Give each its own database number, as foundation_settings.redis() does.",
                    id="foundation_settings.W003",
                )
                return


def _databases() -> Iterator[CheckMessage]:
    databases = getattr(settings, "DATABASES", {})
    if databases.get("default", {}).get("ENGINE", "").endswith("sqlite3"):
        yield Warning(
            "The default database is SQLite.",
            hint="Set DATABASE_URL to a PostgreSQL or MySQL database in production.",
            id="foundation_settings.W004",
        )
    for alias, config in databases.items():
        if config.get("CONN_MAX_AGE") and not config.get("CONN_HEALTH_CHECKS"):
            yield Warning(
                f"DATABASES[{alias!r}] keeps connections open (CONN_MAX_AGE) without CONN_HEALTH_CHECKS.",
                hint="A connection the server dropped is then reused and fails; add ?conn_health_checks=true.",
                id="foundation_settings.W005",
            )


def _insecure_origins() -> Iterator[CheckMessage]:
    insecure = []
    for name in ("CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"):
        for origin in getattr(settings, name, []) or []:
            try:
                parts = urlsplit(origin)
            except ValueError:
                continue
            if parts.scheme == "http" and (parts.hostname or "") not in LOCAL_HOSTS:
                insecure.append(f"{name}: {origin}")
    if insecure:
        yield Warning(
            "Origins over plain http are trusted: " + ", ".join(insecure) + ".",
            hint="Use https:// origins in production.",
            id="foundation_settings.W006",
        )


def _secret_key() -> Iterator[CheckMessage]:
    from .parsers import weak_key_reason  # here, not above: ready() imports this module

    key = getattr(settings, "SECRET_KEY", "")
    reason = weak_key_reason(key) if isinstance(key, str) and key else "is empty"
    if reason is not None:
        yield Warning(
            f"SECRET_KEY {reason}.",
            hint='Generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"',
            id="foundation_settings.W007",
        )


def _logs() -> Iterator[CheckMessage]:
    logging_config = getattr(settings, "LOGGING", {}) or {}
    masking = {
        name
        for name, spec in logging_config.get("filters", {}).items()
        if isinstance(spec, dict) and spec.get("()") == MASK_FILTER
    }
    handlers = logging_config.get("handlers", {})
    unmasked = [
        name for name, spec in handlers.items() if not masking & set(spec.get("filters", []))
    ]
    if unmasked or not handlers:
        yield Warning(
            "Log handlers without the secret-masking filter: "
            + (", ".join(unmasked) or "no LOGGING handlers")
            + ".",
            hint="Build LOGGING with foundation_settings.logging_config(), or add its SecretMaskFilter to each handler.",
            id="foundation_settings.W008",
        )
