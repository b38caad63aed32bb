"""Development: runs with nothing set. SQLite, local-memory cache, tasks in-process, a secret key
generated once for this checkout (kept in .foundation/, which git ignores)."""

from __future__ import annotations

# Django 6.1 configures email through MAILERS; before it, EMAIL_BACKEND.
import django

from .base import *  # noqa: F403
from .base import env

if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

env.finish()
