"""The benchmark's site: one JSON view, both apps installed; run.py picks the middleware."""

from __future__ import annotations

SECRET_KEY = "benchmark-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = ["django_prometheus", "foundation_health"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "site_urls"
DATABASES: dict[str, object] = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FOUNDATION_HEALTH = {"CHECKS": ["cache"], "TOKEN": "benchmark-token-0123456789", "CACHE_SECONDS": 5}
