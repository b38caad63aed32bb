"""Helpers that turn read values into plain Django settings values."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import django

__all__ = ["cache_settings", "content_security_policy", "logging_config", "redis_db_url"]


def redis_db_url(url: str, offset: int) -> str:
    """The Redis URL pointing at database (the URL's database + offset).

    Cache, Celery broker and result backend each get their own database, so `cache.clear()` (FLUSHDB)
    never wipes queued tasks: broker offset 0, results 1, cache 2.
    """
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return url
    base = parts.path.strip("/")
    number = int(base) if base.isdigit() else 0
    return parts._replace(path=f"/{number + offset}").geturl()


def cache_settings(
    redis_url: str | None, *, offset: int = 2, key_prefix: str = ""
) -> dict[str, Any]:
    """CACHES: Django's own Redis backend when a URL is given, else the local-memory cache."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_db_url(redis_url, offset),
                "KEY_PREFIX": key_prefix,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def content_security_policy(**overrides: Any) -> dict[str, Any]:
    """A strict Content Security Policy as a directives dict, for `SECURE_CSP` (Django 6.0+)
    or django-csp's `CONTENT_SECURITY_POLICY["DIRECTIVES"]` below 6.0."""
    self_ = "'self'"
    if django.VERSION >= (6, 0):
        from django.utils.csp import CSP

        self_ = CSP.SELF
    policy: dict[str, Any] = {
        "default-src": [self_],
        "script-src": [self_],
        "style-src": [self_],
        "img-src": [self_, "data:"],
        "font-src": [self_],
        "connect-src": [self_],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": [self_],
    }
    policy.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return policy


def logging_config(
    *, json: bool, level: str = "INFO", loggers: dict[str, Any] | None = None
) -> dict[str, Any]:
    """LOGGING: JSON lines (production) or a readable console format, both with the request context
    and secret masking filters on the one handler."""
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_context": {"()": "foundation_settings.logging.RequestContextFilter"},
            "mask_secrets": {"()": "foundation_settings.logging.SecretMaskFilter"},
        },
        "formatters": {
            "json": {"()": "foundation_settings.logging.JsonFormatter"},
            "console": {"()": "foundation_settings.logging.ConsoleFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json else "console",
                "filters": ["request_context", "mask_secrets"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"level": level, "propagate": True},
            "django.server": {"level": level, "propagate": True},
            **(loggers or {}),
        },
    }
    return config
