"""``/health/`` (liveness) and ``/ready/`` (readiness). Both answer JSON, whatever ``Accept`` says."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import service


@csrf_exempt
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database, cache, session, user or network."""
    return service.liveness_response()


@csrf_exempt
def ready(request: HttpRequest) -> HttpResponse:
    """Readiness over the configured checks."""
    return service.readiness_response(request)
