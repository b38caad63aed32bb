from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

logger = logging.getLogger("tests.views")


def hello(request: HttpRequest) -> HttpResponse:
    logger.info("saying hello", extra={"password": "hunter2-extra"})
    return JsonResponse({"user": request.user.pk if request.user.is_authenticated else None})


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("connecting to postgres://app:s3cret-pass@db/app failed")


urlpatterns = [path("hello/", hello), path("boom/", boom)]
