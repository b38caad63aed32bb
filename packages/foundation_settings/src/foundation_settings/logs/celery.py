"""Carry the request context into Celery tasks, and name the task in every line it logs.

Connected by the app's ``ready()`` when Celery is already imported (a site that uses Celery imports
its app in the project package, so it is); nothing here imports Celery otherwise.
"""

from __future__ import annotations

from contextvars import Token
from typing import Any

from . import context

REQUEST_HEADER = "foundation_request_id"
USER_HEADER = "foundation_user_id"
_tokens: dict[str, list[tuple[Any, Token[Any]]]] = {}


def _before_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is None:
        return
    rid = context.request_id.get()
    if rid:
        headers.setdefault(REQUEST_HEADER, rid)
    uid = context.current_user_id()
    if uid is not None:
        headers.setdefault(USER_HEADER, uid)


def _prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if task_id is None:
        return
    request = getattr(task, "request", None)
    rid = getattr(request, REQUEST_HEADER, None) or context.request_id.get() or task_id
    uid = getattr(request, USER_HEADER, None)
    if uid is None:
        uid = context.current_user_id()
    _tokens[task_id] = [
        (context.request_id, context.request_id.set(rid)),
        (context.user_id, context.user_id.set(uid)),
        (context.action, context.action.set(getattr(task, "name", None))),
        (context.task_id, context.task_id.set(task_id)),
    ]


def _postrun(task_id: str | None = None, **_: Any) -> None:
    for var, token in reversed(_tokens.pop(task_id or "", [])):
        try:
            var.reset(token)
        except ValueError:  # set in another context (a thread pool); drop it
            var.set(None)


def uses_our_logging() -> bool:
    """Whether the site's LOGGING is foundation-settings' (built by logging_config())."""
    from django.conf import settings

    filters = (getattr(settings, "LOGGING", None) or {}).get("filters", {})
    return any(
        isinstance(spec, dict) and str(spec.get("()", "")).startswith("foundation_settings.")
        for spec in filters.values()
    )


def _keep_django_logging(**_: Any) -> None:
    """Celery's ``setup_logging``: apply Django's LOGGING instead of Celery's own formatting.

    Without this receiver a worker replaces the root logger's handlers, and its lines lose the JSON
    format and the request id, user id and action this package adds.
    """
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def connect() -> bool:
    import sys

    if "celery" not in sys.modules:
        return False
    from celery import signals

    signals.before_task_publish.connect(
        _before_publish, weak=False, dispatch_uid="foundation_settings.publish"
    )
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="foundation_settings.prerun")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="foundation_settings.postrun")
    if uses_our_logging():
        signals.setup_logging.connect(
            _keep_django_logging, weak=False, dispatch_uid="foundation_settings.logging"
        )
    return True
