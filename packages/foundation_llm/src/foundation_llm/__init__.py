"""An Ollama client for Django with deadlines, retries, clear errors, a Celery task and a fake Ollama server for tests."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
