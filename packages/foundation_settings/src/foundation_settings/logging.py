"""Log formatting: one JSON object per line (production) or a readable console line (development),
a filter adding the request/task context, and a filter masking secrets."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from . import context
from .masking import MASK, is_secret_name, mask_text

__all__ = ["ConsoleFormatter", "JsonFormatter", "RequestContextFilter", "SecretMaskFilter"]

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "user_id",
    "action",
    "task_id",
    "request",
    "event",
}
_PRIMITIVES = (str, int, float, bool, type(None))


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id, action and task_id to each record (an explicit `extra` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = context.get_context()
        for key in ("request_id", "user_id", "task_id"):
            if not hasattr(record, key):
                setattr(record, key, ctx[key])
        if not hasattr(record, "action"):
            event = getattr(record, "event", None)
            record.action = (
                event if isinstance(event, str) else (ctx["action"] or str(record.msg)[:120])
            )
        return True


def _mask_value(key: str, value: Any) -> Any:
    if is_secret_name(key) and value not in (None, ""):
        return MASK
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_value(key, v) for v in value]
    return value


class SecretMaskFilter(logging.Filter):
    """Masks known secret values, URL passwords and `password=...` pairs in the message,
    its arguments, the exception text, and secret-named extras."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep it visible, masked
            message = f"{record.msg} {record.args}"
        record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD:
                record.__dict__[key] = _mask_value(key, value)
        return True


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, request_id,
    user_id, action, task_id when in a task, extras of plain JSON types, and the exception text."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "timestamp": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_text(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "action": _mask_value("action", getattr(record, "action", None)),
        }
        task = getattr(record, "task_id", None)
        if task:
            payload["task_id"] = task
        for key, value in record.__dict__.items():
            if (
                key not in _STANDARD
                and key not in payload
                and isinstance(value, (*_PRIMITIVES, list, dict))
            ):
                payload[key] = _mask_value(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            payload["exception"] = mask_text(record.exc_text)
        if record.stack_info:
            payload["stack"] = mask_text(record.stack_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


class ConsoleFormatter(logging.Formatter):
    """`12:00:01 INFO  django.request [req 1a2b3c4d] message` for development."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s%(ctx)s %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        tid = getattr(record, "task_id", None)
        record.ctx = f" [req {rid[:8]}]" if rid else (f" [task {tid[:8]}]" if tid else "")
        return super().format(record)
