"""Liveness and readiness endpoints for Django that stay fast, bounded and discreet when
dependencies fail.

Other apps add readiness checks from their ``AppConfig.ready()``::

    import foundation_health
    foundation_health.register("search", ping_search, critical=False, timeout=0.5)
"""

from __future__ import annotations

from .base import Check, CheckFailed, CheckWarning
from .registry import register, unregister

__version__ = "0.1.0"

__all__ = ["Check", "CheckFailed", "CheckWarning", "__version__", "register", "unregister"]
