"""shadcn-style components for Django templates on django-cotton, with Tailwind CSS shipped prebuilt."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
