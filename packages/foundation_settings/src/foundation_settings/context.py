"""The request/task context carried into every log line (contextvars: thread and asyncio safe)."""

from __future__ import annotations

import contextvars
import re
import uuid
from typing import Any

__all__ = [
    "action",
    "current_request",
    "get_context",
    "new_request_id",
    "request_id",
    "sane_request_id",
    "task_id",
    "user_id",
]

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "foundation_request_id", default=None
)
user_id: contextvars.ContextVar[Any] = contextvars.ContextVar("foundation_user_id", default=None)
action: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "foundation_action", default=None
)
task_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "foundation_task_id", default=None
)
current_request: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "foundation_request", default=None
)

_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """An upstream id when it is short and made of safe characters (blocks log injection), else None."""
    if value and _SANE.fullmatch(value):
        return value
    return None


def _cached_user_id() -> Any:
    # Only a user the request already loaded: a log call never triggers a database query.
    request = current_request.get()
    user = getattr(request, "_cached_user", None) if request is not None else None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def get_context() -> dict[str, Any]:
    uid = user_id.get()
    return {
        "request_id": request_id.get(),
        "user_id": uid if uid is not None else _cached_user_id(),
        "action": action.get(),
        "task_id": task_id.get(),
    }
