"""Readiness checks: the built-in ones and those other apps register.

A check is a callable with no arguments. It passes by returning (a returned string or dict is
shown to authorised callers as its detail) and fails by raising. Raise :class:`CheckFailed` or
:class:`CheckWarning` with a message meant for people; any other exception is reported by its class
name only, so no host name, path or credential can reach a response.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

CheckFunc = Callable[[], object]


class CheckFailed(Exception):
    """The dependency is not usable; the message is safe to show to authorised callers."""


class CheckWarning(Exception):
    """Degraded but usable: reported as ``warn``, never fails readiness."""


@dataclass(frozen=True)
class Check:
    name: str
    func: CheckFunc
    critical: bool = True
    timeout: float | None = None


_lock = threading.Lock()
_registered: dict[str, Check] = {}


def register(
    name: str,
    check: CheckFunc,
    *,
    critical: bool = True,
    timeout: float | None = None,
) -> None:
    """Register a readiness check (call from your ``AppConfig.ready()``; no I/O happens here)."""
    if not name or not isinstance(name, str):
        raise ValueError("a health check needs a non-empty name")
    if not callable(check):
        raise TypeError(f"health check {name!r} is not callable")
    if timeout is not None and timeout <= 0:
        raise ValueError(f"health check {name!r}: timeout must be positive")
    with _lock:
        _registered[name] = Check(name, check, critical, timeout)
    from . import runner

    runner.reset()


def unregister(name: str) -> None:
    with _lock:
        _registered.pop(name, None)
    from . import runner

    runner.reset()


def registered() -> dict[str, Check]:
    with _lock:
        return dict(_registered)
