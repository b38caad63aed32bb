"""Env-driven Django settings that fail fast, name every problem and ship safe production defaults.

A settings module::

    from foundation_settings import Env, database, hosts, secret_key

    env = Env(base_dir=BASE_DIR)           # profile from the settings module's name
    DEBUG = env.bool("DEBUG", default=False)
    SECRET_KEY = secret_key(env)
    ALLOWED_HOSTS = hosts(env)
    DATABASES = {"default": database(env)}
    env.finish()                           # one ImproperlyConfigured listing every problem
"""

from __future__ import annotations

from .env import MISSING, Env, profile_from_settings_module
from .logs import logging_config
from .masking import mask_text, mask_value, register_secret
from .services import (
    Email,
    Redis,
    database,
    email,
    generate_secret_key,
    hosts,
    locmem_caches,
    origin,
    origins,
    redis,
    secret_key,
)

__version__ = "0.1.0"

__all__ = [
    "MISSING",
    "Email",
    "Env",
    "Redis",
    "__version__",
    "database",
    "email",
    "generate_secret_key",
    "hosts",
    "locmem_caches",
    "logging_config",
    "mask_text",
    "mask_value",
    "origin",
    "origins",
    "profile_from_settings_module",
    "redis",
    "register_secret",
    "secret_key",
]
