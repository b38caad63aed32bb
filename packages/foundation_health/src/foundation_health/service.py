"""Readiness as a service: the report, who may see its details, and the HTTP answers.

The views, the probe middleware and ``manage.py health`` all go through here.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from .conf import conf
from .runner import Report
from .state import state

LIVE = b'{"status": "ok"}'


def readiness(*, fresh: bool = False, deadline: float | None = None) -> Report:
    return state.report(fresh=fresh, deadline=deadline)


def render(report: Report, details: bool) -> dict[str, Any]:
    return {
        "status": report.status,
        "checks": {
            name: (r.private() if details else r.public()) for name, r in report.results.items()
        },
    }


def authorised(request: HttpRequest) -> bool:
    """Details for: the bearer token, a staff user (when the session is loaded), or everyone if
    asked. The scheme is case-insensitive (RFC 9110), so ``bearer`` works too."""
    if conf.public_details:
        return True
    token = conf.token
    scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
    if (
        token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(supplied.strip().encode(), token.encode())
    ):
        return True
    user = getattr(request, "user", None)
    return bool(
        user is not None and getattr(user, "is_active", False) and getattr(user, "is_staff", False)
    )


def liveness_response() -> HttpResponse:
    response = HttpResponse(LIVE, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def readiness_response(request: HttpRequest) -> HttpResponse:
    """200 when every critical check passes (warnings included), 503 otherwise."""
    report = readiness()
    response = JsonResponse(
        render(report, authorised(request)), status=200 if report.ready else 503
    )
    response["Cache-Control"] = "no-store"
    if not report.ready:
        # Django logs every 5xx at ERROR through django.request, which mails the admins on each
        # probe. A failing check is already logged once, at WARNING, by the runner; Django has
        # no public way to mark a response as handled, so use the flag its own handlers set.
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response
