"""Request context for logs: a request id (an upstream ``X-Request-ID`` when sane), the user id and
the action ``METHOD /path``; one access log line per request; the id returned in the response."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from . import context

logger = logging.getLogger("foundation_settings.request")
HEADER = "X-Request-ID"


def _user_id(request: HttpRequest, *, resolve: bool) -> Any:
    """The user's primary key, or None; only touches the session when ``resolve`` is true."""
    if not resolve and not hasattr(request, "_cached_user"):
        return None
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "pk", None)


class RequestContextMiddleware:
    """Put it right after ``AuthenticationMiddleware``: every line the view logs then carries the
    user id (one session lookup, which an authenticated page makes anyway; none for a visitor
    without a session). Placed earlier, the user id appears once something has loaded the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = context.sane_request_id(request.headers.get(HEADER)) or context.new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        tokens = (
            context.request_id.set(rid),
            context.user_id.set(None),
            context.action.set(f"{request.method} {request.path}"),
        )
        started = time.perf_counter()
        try:
            if hasattr(request, "user"):
                context.user_id.set(_user_id(request, resolve=True))
            else:
                context.user_id.set(_LazyUser(request))
            response = self.get_response(request)
            context.user_id.set(_user_id(request, resolve=True))
            response[HEADER] = rid
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            context.request_id.reset(tokens[0])
            context.user_id.reset(tokens[1])
            context.action.reset(tokens[2])


class _LazyUser:
    """Stands for the user id until the request's user has been loaded; never loads it itself."""

    __slots__ = ("request",)

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def resolve(self) -> Any:
        return _user_id(self.request, resolve=False)
