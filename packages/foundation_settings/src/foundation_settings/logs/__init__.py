"""Logging: one JSON object per line in production, a readable line in development, and never a
secret in either.

``logging_config()`` returns a plain ``LOGGING`` dict. Every handler it builds carries two filters:
:class:`ContextFilter` adds ``request_id``, ``user_id`` and ``action`` to each record, and
:class:`SecretMaskFilter` masks secret values in the message, the arguments, the exception text and
the extra fields.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from typing import Any

from .. import masking
from . import context

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_CONTEXT_FIELDS = ("request_id", "user_id", "action", "task_id")
# Never serialise these extras whole: Django passes the request object to its loggers.
_DROPPED_EXTRAS = {"request", "server_time", "exc_info_text"}


class ContextFilter(logging.Filter):
    """Add ``request_id``, ``user_id``, ``action`` (and ``task_id``) from the current context."""

    def filter(self, record: logging.LogRecord) -> bool:
        values = context.snapshot()
        for name, value in values.items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        if getattr(record, "action", None) is None and values.get("task_id") is None:
            record.action = record.getMessage()[:80] if record.name.startswith("celery") else None
        return True


class SecretMaskFilter(logging.Filter):
    """Mask secrets wherever they would appear in a log line, exception text included.

    What counts as secret: every value the settings readers marked as secret, every password in a
    URL, query parameters such as ``token=``, extras named like a secret, and (read once, lazily)
    the values of Django settings whose names look secret.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._settings_loaded = False

    def _load_settings_secrets(self) -> None:
        self._settings_loaded = True
        try:
            from django.conf import settings

            if settings.configured:
                masking.register_secret(*masking.secrets_in_settings(settings, dir(settings)))
        except Exception:  # logging must never fail because settings could not be read
            self._settings_loaded = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._settings_loaded:
            self._load_settings_secrets()
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = masking.mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = masking.mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = masking.mask_text(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or key in {"request_id", "user_id", "task_id"}:
                continue
            if masking.is_secret_name(key) and isinstance(value, (str, bytes)):
                record.__dict__[key] = masking.MASK
            elif isinstance(value, str):
                record.__dict__[key] = masking.mask_text(value)
        return True


def _utc_timestamp(created: float) -> str:
    return (
        dt.datetime.fromtimestamp(created, tz=dt.timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return masking.mask_text(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, request_id,
    user_id, action, then the record's extra fields and the exception text, if any."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "timestamp": _utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "action": getattr(record, "action", None),
        }
        task = getattr(record, "task_id", None)
        if task:
            payload["task_id"] = task
        for key, value in record.__dict__.items():
            if (
                key in _STANDARD
                or key in payload
                or key in _CONTEXT_FIELDS
                or key in _DROPPED_EXTRAS
                or key.startswith("_")
            ):
                continue
            payload[key] = _jsonable(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            payload["exception"] = record.exc_text
        if record.stack_info:
            payload["stack"] = record.stack_info
        return json.dumps(payload, ensure_ascii=False, default=str)


class ConsoleFormatter(logging.Formatter):
    """``HH:MM:SS LEVEL logger [request user] message`` for a developer's terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s %(context)s%(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        parts = []
        request = getattr(record, "request_id", None)
        if request:
            parts.append(f"req={str(request)[:8]}")
        user = getattr(record, "user_id", None)
        if user is not None:
            parts.append(f"user={user}")
        task = getattr(record, "task_id", None)
        if task:
            parts.append(f"task={str(task)[:8]}")
        record.context = f"[{' '.join(parts)}] " if parts else ""
        return super().format(record)


def logging_config(
    *,
    json: bool,
    level: str = "INFO",
    loggers: dict[str, Any] | None = None,
    stream: str = "ext://sys.stderr",
) -> dict[str, Any]:
    """A complete ``LOGGING`` dict: JSON lines when ``json`` is true, readable lines otherwise.

    Django's own loggers keep working (``disable_existing_loggers`` is false); ``loggers`` adds or
    overrides entries, e.g. ``{"myapp": {"level": "DEBUG"}}``.
    """
    level = level.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError(f"LOG_LEVEL {level!r} is not a level: use DEBUG, INFO, WARNING or ERROR")
    config_loggers: dict[str, Any] = {
        "django": {"level": level, "handlers": ["console"], "propagate": False},
        # Requests are logged once, by the request context middleware, with their context.
        "django.server": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "celery": {"level": level, "handlers": ["console"], "propagate": False},
    }
    config_loggers.update(loggers or {})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "foundation_settings.logs.ContextFilter"},
            "mask_secrets": {"()": "foundation_settings.logs.SecretMaskFilter"},
        },
        "formatters": {
            "json": {"()": "foundation_settings.logs.JsonFormatter"},
            "console": {"()": "foundation_settings.logs.ConsoleFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": stream,
                "formatter": "json" if json else "console",
                "filters": ["context", "mask_secrets"],
            }
        },
        "root": {"level": level, "handlers": ["console"]},
        "loggers": config_loggers,
    }
