"""Django system checks for ``FOUNDATION_HEALTH``. Readiness checks live in ``builtin_checks``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, Warning

from .builtin_checks import BUILTINS
from .conf import DEFAULTS, conf
from .registry import registered


def _seconds(value: object, *, zero: bool = False) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and (value > 0 or (zero and value == 0))
    )


def check_settings(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    values = conf.raw()
    messages: list[CheckMessage] = []
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        return [
            Error(
                f"FOUNDATION_HEALTH has unknown keys: {', '.join(sorted(unknown))}.",
                hint=f"Known keys: {', '.join(sorted(DEFAULTS))}.",
                id="foundation_health.E001",
            )
        ]
    for key in ("TIMEOUT", "DEADLINE", "CACHE_SECONDS"):
        if not _seconds(values[key], zero=key == "CACHE_SECONDS"):
            messages.append(
                Error(
                    f"FOUNDATION_HEALTH['{key}'] must be a positive number of seconds, "
                    f"not {values[key]!r}.",
                    hint="For example 0.5.",
                    id="foundation_health.E002",
                )
            )
    bad_timeouts = {k: v for k, v in dict(values["TIMEOUTS"]).items() if not _seconds(v)}
    if bad_timeouts:
        messages.append(
            Error(
                f"FOUNDATION_HEALTH['TIMEOUTS'] has non-positive timeouts: {bad_timeouts!r}.",
                hint="Each timeout is a positive number of seconds.",
                id="foundation_health.E002",
            )
        )
    if messages:
        return messages
    checks = values["CHECKS"]
    if checks is not None:
        known = set(BUILTINS) | set(registered())
        unknown_checks = [name for name in checks if name not in known]
        if unknown_checks:
            messages.append(
                Error(
                    f"FOUNDATION_HEALTH['CHECKS'] names unknown checks: {', '.join(unknown_checks)}.",
                    hint=f"Known checks: {', '.join(sorted(known))}.",
                    id="foundation_health.E003",
                )
            )
        if "redis" in checks and conf.redis_url is None:
            messages.append(
                Error(
                    "The readiness check redis has no Redis to ask.",
                    hint="Set FOUNDATION_HEALTH['REDIS_URL'] or configure a Redis cache.",
                    id="foundation_health.E004",
                )
            )
    for key in ("LIVENESS_PATHS", "READINESS_PATHS"):
        bad = [
            p for p in values[key] if not isinstance(p, str) or not p.startswith("/") or p == "/"
        ]
        if bad:
            messages.append(
                Error(
                    f"FOUNDATION_HEALTH['{key}'] has paths that are not absolute or are the root: "
                    f"{bad!r}.",
                    hint="Write each path from the root, e.g. '/livez'.",
                    id="foundation_health.E005",
                )
            )
    if values["PUBLIC_DETAILS"] and not values["TOKEN"]:
        messages.append(
            Warning(
                "FOUNDATION_HEALTH['PUBLIC_DETAILS'] shows check errors and timings to every caller.",
                hint="Keep it off and give monitoring a FOUNDATION_HEALTH['TOKEN'] instead.",
                id="foundation_health.W001",
            )
        )
    token = values["TOKEN"]
    if token and len(str(token)) < 16:
        messages.append(
            Warning(
                "FOUNDATION_HEALTH['TOKEN'] is shorter than 16 characters.",
                hint='Use a long random token, e.g. python -c "import secrets; print(secrets.token_urlsafe(32))".',
                id="foundation_health.W002",
            )
        )
    slow = {
        name: seconds
        for name, seconds in {"TIMEOUT": values["TIMEOUT"], **dict(values["TIMEOUTS"])}.items()
        if seconds > values["DEADLINE"]
    }
    if slow:
        messages.append(
            Warning(
                f"Readiness timeouts above FOUNDATION_HEALTH['DEADLINE'] ({values['DEADLINE']:g} s) "
                f"are cut by it: {slow!r}.",
                hint="Lower the timeouts, or raise DEADLINE and the probe's timeoutSeconds with it.",
                id="foundation_health.W003",
            )
        )
    return messages
