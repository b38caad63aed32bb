"""Env-driven Django settings that fail fast, name every problem and ship safe production defaults."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
