"""Settings for the example site's own test suite."""

from __future__ import annotations

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
