"""Liveness and readiness endpoints for Django that stay fast, bounded and discreet when dependencies fail."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
