"""Development: runs with nothing set. SQLite, local-memory cache, tasks in-process, a secret key
generated once for this checkout (kept in .foundation/, which git ignores)."""

from __future__ import annotations

import logging
import os

# Django 6.1 configures email through MAILERS; before it, EMAIL_BACKEND.
import django

from .base import *  # noqa: F403
from .base import LOGGING, env

# runserver's autoreloader starts the site again in a child process (RUN_MAIN=true), which would
# repeat foundation_settings' startup notices ("REDIS_URL is not set...") a second after the parent
# printed them. Only that logger's own records are dropped there; request lines still show.
if os.environ.get("RUN_MAIN") == "true":
    LOGGING["filters"]["said_by_the_parent"] = {
        "()": "django.utils.log.CallbackFilter",
        "callback": lambda record: record.levelno > logging.INFO,
    }
    LOGGING["loggers"]["foundation_settings"] = {"filters": ["said_by_the_parent"]}

if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

env.finish()
