"""Settings for the example site's own test suite (profile "test": a per-process secret key)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

env.seal()
