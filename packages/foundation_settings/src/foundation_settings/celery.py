"""Celery task context for logs: task id and task name (as the action) on every log line of a task,
and the request id carried from the request that queued it. No import of Celery at module level."""

from __future__ import annotations

import sys
from typing import Any

from . import context

__all__ = ["connect_celery_signals"]

_HEADER = "foundation_request_id"
_connected = False
_tokens: dict[str, list[Any]] = {}


def _before_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    rid = context.request_id.get()
    if headers is not None and rid:
        headers.setdefault(_HEADER, rid)


def _prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    request = getattr(task, "request", None)
    upstream = getattr(request, _HEADER, None) if request is not None else None
    rid = (
        context.sane_request_id(upstream if isinstance(upstream, str) else None)
        or context.request_id.get()
        or task_id
    )
    _tokens[task_id or ""] = [
        (context.task_id, context.task_id.set(task_id)),
        (context.action, context.action.set(getattr(task, "name", None))),
        (context.request_id, context.request_id.set(rid)),
    ]


def _postrun(task_id: str | None = None, **_: Any) -> None:
    for var, token in reversed(_tokens.pop(task_id or "", [])):
        try:
            var.reset(token)
        except ValueError:  # reset from another context: fall back to clearing
            var.set(None)


def connect_celery_signals(*, only_if_imported: bool = False) -> bool:
    """Connect the log-context receivers to `celery.signals`. Returns whether they are connected.

    With `only_if_imported`, do nothing unless Celery is already imported (what `AppConfig.ready` does,
    so a web process that never loads Celery does not pay for importing it).
    """
    global _connected
    if _connected:
        return True
    if only_if_imported and "celery" not in sys.modules:
        return False
    try:
        from celery import signals  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return False
    signals.before_task_publish.connect(_before_publish, weak=False)
    signals.task_prerun.connect(_prerun, weak=False)
    signals.task_postrun.connect(_postrun, weak=False)
    _connected = True
    return True
