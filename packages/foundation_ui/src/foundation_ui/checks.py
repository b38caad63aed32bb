"""System checks for foundation-ui's setup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error

from foundation_ui.conf import DEFAULTS


def check_setup(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if "django_cotton" not in settings.INSTALLED_APPS and not any(
        app.startswith("django_cotton.") for app in settings.INSTALLED_APPS
    ):
        errors.append(
            Error(
                "foundation_ui's components need django-cotton, which is not in INSTALLED_APPS.",
                hint='Add "django_cotton" to INSTALLED_APPS.',
                id="foundation_ui.E001",
            )
        )
    configured = getattr(settings, "FOUNDATION_UI", None)
    if configured is not None and not isinstance(configured, dict):
        errors.append(
            Error(
                f"FOUNDATION_UI must be a dict, not {type(configured).__name__}.",
                id="foundation_ui.E002",
            )
        )
    elif configured:
        unknown = sorted(set(configured) - set(DEFAULTS))
        if unknown:
            errors.append(
                Error(
                    f"FOUNDATION_UI has unknown keys: {', '.join(unknown)}.",
                    hint=f"The keys are {', '.join(DEFAULTS)}.",
                    id="foundation_ui.E003",
                )
            )
        seconds = configured.get("TOAST_SECONDS", 0)
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            errors.append(
                Error(
                    "FOUNDATION_UI['TOAST_SECONDS'] must be a number of seconds, 0 or more.",
                    id="foundation_ui.E004",
                )
            )
        stylesheet = configured.get("STYLESHEET", DEFAULTS["STYLESHEET"])
        if not isinstance(stylesheet, str) or not stylesheet:
            errors.append(
                Error(
                    "FOUNDATION_UI['STYLESHEET'] must be a static path such as 'css/site.css'.",
                    id="foundation_ui.E005",
                )
            )
    return errors
