"""foundation-ui's one setting, ``FOUNDATION_UI``, read at access with its documented defaults.

``from foundation_ui.conf import conf`` then ``conf.TOAST_SECONDS``: each property reads the setting
when it is used, so ``override_settings`` works without a cache or a ``setting_changed`` receiver.
"""

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


class Settings:
    """``FOUNDATION_UI``'s keys, each falling back to its default (see ``DEFAULTS``)."""

    def _get(self, key: str) -> Any:
        configured = getattr(settings, "FOUNDATION_UI", None)
        if not isinstance(configured, dict):  # unset, or wrong (system check E002 says so)
            return DEFAULTS[key]
        return configured.get(key, DEFAULTS[key])

    @property
    def STYLESHEET(self) -> str:
        value: str = self._get("STYLESHEET")
        return value

    @property
    def TOAST_SECONDS(self) -> float:
        value: float = self._get("TOAST_SECONDS")
        return value


conf = Settings()
