"""Readiness checks that other apps register from their ``AppConfig.ready()``."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .base import Check, CheckFunc, FunctionCheck

_lock = threading.Lock()
_registered: dict[str, Check] = {}


def register(
    name: str,
    check: CheckFunc | Check,
    *,
    critical: bool = True,
    timeout: float | None = None,
    prepare: Callable[[], object] | None = None,
) -> None:
    """Register a readiness check; no I/O happens here.

    ``check`` is a function (passes by returning, fails by raising) or a :class:`Check`.
    ``prepare``, for a function, is called once before the check's first timed run: import the
    client library there, so that importing it never counts against the timeout.
    """
    if isinstance(check, Check):
        if check.name != name:
            raise ValueError(f"health check {check.name!r} registered under another name {name!r}")
        if prepare is not None:
            raise TypeError("give a Check object its own prepare() method")
        entry = check
    else:
        entry = FunctionCheck(name, check, critical=critical, timeout=timeout, prepare=prepare)
    with _lock:
        _registered[name] = entry


def unregister(name: str) -> None:
    with _lock:
        _registered.pop(name, None)


def registered() -> dict[str, Check]:
    with _lock:
        return dict(_registered)
