"""The request context every log line carries: request id, user id and action.

Held in context variables, so it follows a request through threads started with
``contextvars.copy_context()`` and asyncio tasks, and is set for Celery tasks from the message.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str | None] = ContextVar("foundation_request_id", default=None)
user_id: ContextVar[Any] = ContextVar("foundation_user_id", default=None)
action: ContextVar[str | None] = ContextVar("foundation_action", default=None)
task_id: ContextVar[str | None] = ContextVar("foundation_task_id", default=None)

# An upstream X-Request-ID is kept only when it cannot inject anything into a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    return value if value and SANE_REQUEST_ID.fullmatch(value) else None


def current_user_id() -> Any:
    """The user id bound to the context; a lazily bound user is read only once it is loaded."""
    value = user_id.get()
    resolve = getattr(value, "resolve", None)
    return resolve() if callable(resolve) else value


def snapshot() -> dict[str, Any]:
    return {
        "request_id": request_id.get(),
        "user_id": current_user_id(),
        "action": action.get(),
        "task_id": task_id.get(),
    }


@contextmanager
def bound(
    *,
    request: str | None = None,
    user: Any = None,
    act: str | None = None,
    task: str | None = None,
) -> Iterator[None]:
    """Set the context for the duration of a block (a management command, a script, a test)."""
    tokens = [
        (request_id, request_id.set(request)),
        (user_id, user_id.set(user)),
        (action, action.set(act)),
        (task_id, task_id.set(task)),
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
