"""One site serving a bare view, foundation-health, django-health-check and django-watchman, all
checking the same PostgreSQL database, the same Redis cache and (where they can) the same Redis."""

from __future__ import annotations

import os

REDIS_URL = os.environ["BENCH_REDIS_URL"]
SECRET_KEY = "benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "watchman",
    "foundation_health",
]
MIDDLEWARE = [
    "foundation_health.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bench_site.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": 5, "socket_connect_timeout": 5},
    }
}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WATCHMAN_CHECKS = ("watchman.checks.caches", "watchman.checks.databases")
FOUNDATION_HEALTH = {
    "CHECKS": ["database", "cache", "redis"],
    "REDIS_URL": REDIS_URL,
    "TIMEOUT": 0.5,  # within foundation-health's 0.9 s DEADLINE
    "CACHE_SECONDS": float(os.environ.get("BENCH_CACHE_SECONDS", "1.0")),
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "CRITICAL"},
}
