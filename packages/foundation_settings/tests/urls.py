from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

logger = logging.getLogger("tests.views")


def hello(request: HttpRequest) -> HttpResponse:
    logger.info("saying hello", extra={"password": "hunter2-extra"})
    return JsonResponse({"user": request.user.pk if request.user.is_authenticated else None})


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("connecting to postgres://app:s3cret-pass@db/app failed")


def reset(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    logger.info("checking a reset link")
    return HttpResponse("ok")


class FailingMiddleware:
    """Raises inside the middleware stack, as a broken dependency would."""

    sync_capable, async_capable = True, False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/fail-in-middleware/":
            raise RuntimeError("a middleware failed")
        return self.get_response(request)


urlpatterns = [
    path("hello/", hello),
    path("boom/", boom),
    path("reset/<uidb64>/<token>/", reset),
]
