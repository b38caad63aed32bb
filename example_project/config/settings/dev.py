"""Development: embedded defaults, nothing to install (SQLite, local-memory cache, eager tasks)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

env.seal()
