"""The bare site plus the four foundation apps."""

from __future__ import annotations

from sites._apps import site
from sites.bare import *  # noqa: F403
from sites.bare import home  # noqa: F401

ROOT_URLCONF = __name__
site(["settings", "health", "llm", "ui"], globals())
