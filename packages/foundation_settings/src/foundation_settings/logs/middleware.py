"""Request context for logs: a request id (an upstream ``X-Request-ID`` when sane), the user id and
the action; one access log line per request; the id returned in the response, on a 500 as well.

The action is ``METHOD /route`` once the URL resolved (``GET /reset/<uidb64>/<token>/``), so a
token in the path never reaches a log line; before that, or for a 404, the path with anything
token-like masked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from .. import masking
from . import context

logger = logging.getLogger("foundation_settings.request")
HEADER = "X-Request-ID"


def action(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", None)
    where = (
        "/" + route.lstrip("^/")
        if isinstance(route, str) and route
        else masking.mask_path(request.path)
    )
    return f"{request.method} {where}"


class _LazyUser:
    """Stands for the user id until something loaded the request's user; never loads it itself
    (a session or database lookup here would fail the request when the database is down)."""

    __slots__ = ("request",)

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def resolve(self) -> Any:
        user = getattr(self.request, "_cached_user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return getattr(user, "pk", None)


class RequestContextMiddleware:
    """Put it first in ``MIDDLEWARE`` (after a health-probe middleware): every line logged below
    it, Django's own "Internal Server Error" included, then carries the request id, and every
    response carries ``X-Request-ID``. Lines logged before the view carry the user id once
    something has loaded the user; the view's lines and the access line carry it."""

    sync_capable = True
    async_capable = True

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]
    ) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        with self._context(request) as finish:
            try:
                response = self.get_response(request)
            except Exception as exc:  # Django converts what the layers below raise; not all of it
                response = response_for_exception(request, exc)
            return finish(response)  # type: ignore[arg-type]

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        with self._context(request) as finish:
            try:
                response = await self.get_response(request)  # type: ignore[misc]
            except Exception as exc:
                response = response_for_exception(request, exc)
            return finish(response)

    @contextmanager
    def _context(self, request: HttpRequest) -> Iterator[Callable[[HttpResponse], HttpResponse]]:
        rid = context.sane_request_id(request.headers.get(HEADER)) or context.new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.perf_counter()
        tokens = (
            context.request_id.set(rid),
            context.user_id.set(_LazyUser(request)),
            context.action.set(action(request)),
        )

        def finish(response: HttpResponse) -> HttpResponse:
            context.action.set(action(request))
            response[HEADER] = rid
            status = response.status_code
            if status >= 400:  # Django logs it after the middleware, outside the request context
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
            logger.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s",
                context.action.get(),
                status,
                extra={
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response

        try:
            yield finish
        finally:
            context.request_id.reset(tokens[0])
            context.user_id.reset(tokens[1])
            context.action.reset(tokens[2])

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        """Every middleware has run and the URL resolved: the lines the view logs carry its
        route as the action and the user id (one session lookup, which an authenticated page
        makes anyway; if it fails, say with the database down, the view meets the error)."""
        context.action.set(action(request))
        try:
            user = getattr(request, "user", None)
            authenticated = bool(getattr(user, "is_authenticated", False))
        except Exception:  # logging context must never be what fails a request
            return
        context.user_id.set(getattr(user, "pk", None) if authenticated else None)
