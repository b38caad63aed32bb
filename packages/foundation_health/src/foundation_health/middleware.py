"""Answer the probe paths before anything validates the host, redirects or loads a session.

Put it first in ``MIDDLEWARE``. Kubernetes probes a pod by its IP address, which ``ALLOWED_HOSTS``
rightly rejects; this middleware answers ``GET``/``HEAD`` on ``HEALTH_PATH`` and ``READY_PATH``
itself, so the site need not open ``ALLOWED_HOSTS``. Every other path goes through the normal
stack, host check included. A request that carries a session cookie also goes through the stack,
so a staff user's browser sees ``/ready/`` with details.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import views
from .conf import get_config


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"GET", "HEAD"}:
            config = get_config()
            path = request.path_info
            if path == config.health_path:
                return views.health(request)
            if path == config.ready_path and settings.SESSION_COOKIE_NAME not in request.COOKIES:
                return views.ready(request)
        return self.get_response(request)
