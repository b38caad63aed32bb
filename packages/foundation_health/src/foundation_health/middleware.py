"""Answer the probe paths before anything validates the host, redirects or loads a session.

Put it first in ``MIDDLEWARE``. Kubernetes probes a pod by its IP address, which ``ALLOWED_HOSTS``
rightly rejects; this middleware answers ``GET``/``HEAD`` on ``LIVENESS_PATHS`` and
``READINESS_PATHS`` itself, with and without the trailing slash, so the site need not open
``ALLOWED_HOSTS`` and no probe is redirected. Every other path goes through the normal stack,
host check included. A readiness request that carries a session cookie also goes through the
stack, so a staff user's browser sees the details.

Its answers carry the CORS headers django-cors-headers would add for the same request, read from
that package's settings when it is installed, so a page on another allowed origin (a Vite dev
server) can read them. Sync and async: under ASGI, liveness never leaves the event loop.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers

from . import service
from .conf import conf


class HealthProbeMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(
        self,
        get_response: Callable[[HttpRequest], HttpResponseBase]
        | Callable[[HttpRequest], Awaitable[HttpResponseBase]],
    ) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.async_mode:
            return self.__acall__(request)
        probe = _probe(request)
        if probe == "liveness":
            return _with_cors(request, service.liveness_response())
        if probe == "readiness":
            return _with_cors(request, service.readiness_response(request))
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        probe = _probe(request)
        if probe == "liveness":
            return _with_cors(request, service.liveness_response())
        if probe == "readiness":
            # It waits on the check pool, bounded by the deadline: not on the event loop.
            respond = sync_to_async(service.readiness_response, thread_sensitive=False)
            return _with_cors(request, await respond(request))
        response = self.get_response(request)
        assert not isinstance(response, HttpResponseBase)  # async mode
        return await response


def _probe(request: HttpRequest) -> str | None:
    if request.method not in {"GET", "HEAD"}:
        return None
    probe = conf.probe(request.path_info)
    if probe == "readiness" and settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # through the stack, where the session says whether the user is staff
    return probe


def _with_cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The headers django-cors-headers adds to a simple request from an allowed origin."""
    origin = request.headers.get("Origin")
    if not origin or not apps.is_installed("corsheaders"):
        return response
    if not re.match(getattr(settings, "CORS_URLS_REGEX", r"^.*$"), request.path_info):
        return response
    patch_vary_headers(response, ("origin",))
    allow_all = getattr(
        settings, "CORS_ALLOW_ALL_ORIGINS", getattr(settings, "CORS_ORIGIN_ALLOW_ALL", False)
    )
    credentials = getattr(settings, "CORS_ALLOW_CREDENTIALS", False)
    if not (allow_all or _origin_allowed(origin)):
        return response
    response["Access-Control-Allow-Origin"] = "*" if allow_all and not credentials else origin
    if credentials:
        response["Access-Control-Allow-Credentials"] = "true"
    expose = getattr(settings, "CORS_EXPOSE_HEADERS", ())
    if expose:
        response["Access-Control-Expose-Headers"] = ", ".join(expose)
    return response


def _origin_allowed(origin: str) -> bool:
    allowed = getattr(
        settings, "CORS_ALLOWED_ORIGINS", getattr(settings, "CORS_ORIGIN_WHITELIST", ())
    )
    if origin == "null":
        return "null" in allowed
    url = urlsplit(origin)
    for candidate in allowed:
        other = urlsplit(candidate)
        if (other.scheme, other.netloc) == (url.scheme, url.netloc):
            return True
    regexes = getattr(
        settings,
        "CORS_ALLOWED_ORIGIN_REGEXES",
        getattr(settings, "CORS_ORIGIN_REGEX_WHITELIST", ()),
    )
    return any(re.match(pattern, origin) for pattern in regexes)
