"""Env-driven Django settings that fail fast, name every problem and ship safe production defaults."""

from __future__ import annotations

from .env import Env
from .helpers import cache_settings, content_security_policy, logging_config, redis_db_url
from .masking import mask_text, register_secret

__version__ = "0.1.0"

__all__ = [
    "Env",
    "__version__",
    "cache_settings",
    "content_security_policy",
    "logging_config",
    "mask_text",
    "redis_db_url",
    "register_secret",
]
