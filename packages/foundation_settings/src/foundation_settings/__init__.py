"""Env-driven Django settings on django-environ that fail fast, name every problem and never
print a secret; and the logging half: JSON lines with the request context, secrets masked.

A settings module::

    from foundation_settings import Env

    env = Env(base_dir=BASE_DIR)           # profile from the settings module's name
    DEBUG = env.bool("DEBUG", default=False)
    SECRET_KEY = env.secret_key()
    ALLOWED_HOSTS = env.hosts()
    DATABASES = {"default": env.database()}
    env.finish()                           # one ImproperlyConfigured listing every problem
"""

from __future__ import annotations

from .env import MISSING, Env, profile_from_settings_module
from .logs import logging_config
from .masking import mask_text, mask_value, register_secret
from .parsers import Email, Redis, generate_secret_key

__version__ = "0.1.0"

__all__ = [
    "MISSING",
    "Email",
    "Env",
    "Redis",
    "__version__",
    "generate_secret_key",
    "logging_config",
    "mask_text",
    "mask_value",
    "profile_from_settings_module",
    "register_secret",
]
