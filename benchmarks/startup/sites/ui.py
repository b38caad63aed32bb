"""The bare site plus foundation-ui alone."""

from __future__ import annotations

from sites._apps import site
from sites.bare import *  # noqa: F403
from sites.bare import home  # noqa: F401

ROOT_URLCONF = __name__
site(["ui"], globals())
