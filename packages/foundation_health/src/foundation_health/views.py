"""``/health/`` (liveness) and ``/ready/`` (readiness). Both answer JSON, whatever ``Accept`` says."""

from __future__ import annotations

import hmac
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import probes, runner
from .conf import get_config

LIVE = b'{"status": "ok"}'


@csrf_exempt
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database, cache, session, user or network."""
    response = HttpResponse(LIVE, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def authorised(request: HttpRequest) -> bool:
    """Details for: the bearer token, a staff user (when the session is loaded), or everyone if asked."""
    config = get_config()
    if config.public_details:
        return True
    header = request.headers.get("Authorization", "")
    if config.token and header.startswith("Bearer "):
        supplied = header[len("Bearer ") :].strip().encode()
        if hmac.compare_digest(supplied, config.token.encode()):
            return True
    user = getattr(request, "user", None)
    return bool(
        user is not None and getattr(user, "is_active", False) and getattr(user, "is_staff", False)
    )


def readiness(*, fresh: bool = False) -> runner.Report:
    config = get_config()
    checks = probes.current_selection()
    return runner.get_runner(config.workers).report(checks, config.cache_seconds, fresh=fresh)


def render(report: runner.Report, details: bool) -> dict[str, Any]:
    return {
        "status": report.status,
        "checks": {
            name: (r.private() if details else r.public()) for name, r in report.results.items()
        },
    }


@csrf_exempt
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when every critical check passes (warnings included), 503 otherwise."""
    report = readiness()
    return JsonResponse(render(report, authorised(request)), status=200 if report.ready else 503)
