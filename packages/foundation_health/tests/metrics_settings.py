"""The test site with request metrics on, as a site enables them; served by gunicorn in the
multiprocess test."""

from __future__ import annotations

from .settings import *  # noqa: F403
from .settings import MIDDLEWARE

ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
MIDDLEWARE = [MIDDLEWARE[0], "foundation_health.metrics.MetricsMiddleware", *MIDDLEWARE[1:]]
ROOT_URLCONF = "tests.metrics_urls"
