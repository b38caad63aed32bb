"""One log line per failed login (JSON in production), with what an operator needs to see an attack:
the account (only when it exists: a mistyped password often lands in the username field), the
client's address, the failures so far and whether the login is now locked out. Never a password:
Django's ``user_login_failed`` already hands over the credentials with the password starred out,
and this reads only the username from them.

django-axes' receiver runs first (axes is installed before accounts), so the request carries its
count and lockout decision by then.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def log_failed_login(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user_model = get_user_model()
    username = credentials.get(user_model.USERNAME_FIELD)
    known = (
        isinstance(username, str)
        and user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).exists()
    )
    locked_out = bool(getattr(request, "axes_locked_out", False))
    logger.log(
        logging.WARNING if locked_out else logging.INFO,
        "login failed, locked out" if locked_out else "login failed",
        extra={
            "action": "login.locked_out" if locked_out else "login.failed",
            "username": username if known else None,
            "username_known": known,
            "client_ip": getattr(request, "axes_ip_address", None),
            "failures": getattr(request, "axes_failures_since_start", None),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )
