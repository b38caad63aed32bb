"""The settings mypy's django-stubs plugin loads to learn the models: Django's contrib apps and the
four packages, nothing else."""

from __future__ import annotations

SECRET_KEY = "type-checking-only"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_cotton",
    "foundation_settings",
    "foundation_health",
    "foundation_llm",
    "foundation_ui",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
