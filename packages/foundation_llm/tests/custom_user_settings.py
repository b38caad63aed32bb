"""foundation_llm's tests' settings with a custom user model (``AUTH_USER_MODEL``), for the
processes test_custom_user.py starts: a SQLite file and the fake Ollama from the environment."""

from __future__ import annotations

import os

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.custom_user"]
AUTH_USER_MODEL = "custom_user.Member"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["TEST_CUSTOM_USER_DB"]}
}
FOUNDATION_LLM = {"default": {"HOST": os.environ["TEST_OLLAMA_URL"], "MODEL": "llama3.2"}}
