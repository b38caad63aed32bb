"""Django system checks for ``FOUNDATION_HEALTH`` (not to be confused with the readiness checks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, Warning

from . import conf, probes
from .registry import registered


def check_settings(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    values = conf.raw()
    messages: list[CheckMessage] = []
    unknown = set(values) - set(conf.DEFAULTS)
    if unknown:
        messages.append(
            Error(
                f"FOUNDATION_HEALTH has unknown keys: {', '.join(sorted(unknown))}.",
                hint=f"Known keys: {', '.join(sorted(conf.DEFAULTS))}.",
                id="foundation_health.E001",
            )
        )
        return messages
    for key in ("TIMEOUT", "CACHE_SECONDS"):
        value = values[key]
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or value < 0
            or (key == "TIMEOUT" and value == 0)
        ):
            messages.append(
                Error(
                    f"FOUNDATION_HEALTH['{key}'] must be a positive number of seconds, not {value!r}.",
                    hint="For example 1.0.",
                    id="foundation_health.E002",
                )
            )
    bad_timeouts = {
        k: v
        for k, v in dict(values["TIMEOUTS"]).items()
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0
    }
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
        known = set(probes.BUILTIN) | set(registered())
        unknown_checks = [name for name in checks if name not in known]
        if unknown_checks:
            messages.append(
                Error(
                    f"FOUNDATION_HEALTH['CHECKS'] names unknown checks: {', '.join(unknown_checks)}.",
                    hint=f"Known checks: {', '.join(sorted(known))}.",
                    id="foundation_health.E003",
                )
            )
    try:
        probes.selected(conf.get_config())
    except KeyError as exc:
        if not messages:
            messages.append(
                Error(
                    f"The readiness check {exc.args[0]} cannot be configured.",
                    hint="Set FOUNDATION_HEALTH['REDIS_URL'] or configure a Redis cache.",
                    id="foundation_health.E004",
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
    return messages
