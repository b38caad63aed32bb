from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from health_check.checks import Cache, Database
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as AsyncRedis

REDIS_URL = os.environ["BENCH_REDIS_URL"]


def bare(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("bare/", bare),
    path("", include("foundation_health.urls")),
    path(
        "ht/",
        HealthCheckView.as_view(
            checks=[
                Database,
                Cache,
                (Redis, {"client_factory": lambda: AsyncRedis.from_url(REDIS_URL)}),
            ]
        ),
    ),
    path("watchman/", include("watchman.urls")),
]
