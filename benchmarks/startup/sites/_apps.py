"""Each foundation app with the least a site needs to install it, as its README shows."""

from __future__ import annotations

from typing import Any

from django.urls import include, path

APPS: dict[str, dict[str, Any]] = {
    "settings": {
        "apps": ["foundation_settings"],
        "middleware": ["foundation_settings.logs.middleware.RequestContextMiddleware"],
        "urls": [],
    },
    "health": {
        "apps": ["foundation_health"],
        "middleware_first": ["foundation_health.middleware.HealthProbeMiddleware"],
        "urls": [("", "foundation_health.urls")],
    },
    "llm": {"apps": ["foundation_llm"], "urls": []},
    "ui": {"apps": ["django_cotton", "foundation_ui"], "urls": []},
}


def site(names: list[str], namespace: dict[str, Any]) -> None:
    """Add the named apps to the bare site's settings held in `namespace`."""
    for name in names:
        spec = APPS[name]
        namespace["INSTALLED_APPS"] = namespace["INSTALLED_APPS"] + spec["apps"]
        namespace["MIDDLEWARE"] = (
            spec.get("middleware_first", []) + namespace["MIDDLEWARE"] + spec.get("middleware", [])
        )
        namespace["urlpatterns"] = namespace["urlpatterns"] + [
            path(prefix, include(module)) for prefix, module in spec["urls"]
        ]
