"""Request context: request id (from a sane `X-Request-ID` or generated), user id and action
bound for every log line of the request, the id returned in the response header, and one log line
per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase

from . import context

__all__ = ["RequestContextMiddleware"]

logger = logging.getLogger("foundation_settings.request")
HEADER = "X-Request-ID"


def _user_id(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestContextMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def _start(self, request: HttpRequest) -> tuple[list[Any], float]:
        rid = context.sane_request_id(request.headers.get(HEADER)) or context.new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        tokens = [
            (context.request_id, context.request_id.set(rid)),
            (context.action, context.action.set(f"{request.method} {request.path}")),
            (context.user_id, context.user_id.set(None)),
            (context.current_request, context.current_request.set(request)),
        ]
        return tokens, time.monotonic()

    def _finish(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        tokens: list[Any],
        started: float,
        *,
        load_user: bool,
    ) -> None:
        try:
            if load_user:  # bound again at response time, after any authentication the view did
                context.user_id.set(_user_id(request))
            response[HEADER] = request.request_id  # type: ignore[attr-defined]
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
        finally:
            for var, token in reversed(tokens):
                var.reset(token)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        tokens, started = self._start(request)
        try:
            response = self.get_response(request)
        except BaseException:
            for var, token in reversed(tokens):
                var.reset(token)
            raise
        self._finish(request, response, tokens, started, load_user=True)
        return response

    async def __acall__(self, request: HttpRequest) -> Any:
        tokens, started = self._start(request)
        try:
            response = await cast_awaitable(self.get_response(request))
        except BaseException:
            for var, token in reversed(tokens):
                var.reset(token)
            raise
        self._finish(request, response, tokens, started, load_user=False)
        return response


async def cast_awaitable(value: Awaitable[HttpResponseBase]) -> HttpResponseBase:
    return await value
