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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .env import MISSING, Env, profile_from_settings_module
    from .logs import logging_config
    from .masking import mask_text, mask_value, register_secret
    from .parsers import Email, Redis, generate_secret_key

# Each name loads its module on first use: Django imports this package for INSTALLED_APPS in
# every process, and a process that never reads a setting through Env should not pay for it.
_SOURCES = {
    "MISSING": "env",
    "Env": "env",
    "profile_from_settings_module": "env",
    "logging_config": "logs",
    "mask_text": "masking",
    "mask_value": "masking",
    "register_secret": "masking",
    "Email": "parsers",
    "Redis": "parsers",
    "generate_secret_key": "parsers",
}


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_SOURCES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_SOURCES])


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
