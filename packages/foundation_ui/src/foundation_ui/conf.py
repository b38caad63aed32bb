"""foundation-ui's one setting, ``FOUNDATION_UI``, with its defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The stylesheet base.html links, as a static path. Point it at the file
    # `manage.py foundation_ui_css` builds for your site.
    "STYLESHEET": "foundation_ui/foundation-ui.css",
    # Seconds before a toast that is not an error hides itself; 0 keeps every toast until dismissed.
    "TOAST_SECONDS": 6,
}


def ui_settings() -> dict[str, Any]:
    """FOUNDATION_UI merged over the defaults (read each time, so override_settings works)."""
    configured = getattr(settings, "FOUNDATION_UI", None) or {}
    return {**DEFAULTS, **configured}
