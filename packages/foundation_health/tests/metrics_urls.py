"""The test site's URLs plus pages the metrics tests count: a route with a parameter, and one
that names the worker process that answered."""

from __future__ import annotations

import os
import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path


def item(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"item {pk}")


def worker(request: HttpRequest) -> HttpResponse:
    # Long enough that concurrent requests spread over every gunicorn worker.
    time.sleep(float(request.GET.get("sleep", "0")))
    return JsonResponse({"pid": os.getpid()})


async def async_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("an async page")


urlpatterns = [
    path("items/<int:pk>/", item, name="item"),
    path("worker/", worker),
    path("async/", async_page),
    path("", include("tests.urls")),
]
