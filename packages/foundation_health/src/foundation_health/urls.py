"""The probe paths for sites that route them (``include("foundation_health.urls")``).

Each path of ``LIVENESS_PATHS`` and ``READINESS_PATHS`` (read when the URLconf loads) is routed
with and without its trailing slash, so neither form is redirected. The first path of each list,
as written, is named ``health`` and ``ready`` for ``reverse()``.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, re_path

from . import views
from .conf import conf


def _patterns() -> list[URLPattern]:
    patterns = []
    for paths, view, name in (
        (conf.liveness_paths, views.health, "health"),
        (conf.readiness_paths, views.ready, "ready"),
    ):
        for i, path in enumerate(paths):
            route = path.lstrip("/")
            other = route.rstrip("/") if route.endswith("/") else route + "/"
            patterns.append(re_path(rf"^{re.escape(route)}$", view, name=name if i == 0 else None))
            patterns.append(re_path(rf"^{re.escape(other)}$", view))
    return patterns


urlpatterns = _patterns()
