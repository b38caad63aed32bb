"""``FOUNDATION_HEALTH``: one dict setting, read lazily and re-read when tests override it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Names of the checks /ready/ runs; None: database, cache, migrations, plus redis and
    # celery_broker when configured, plus every check other apps registered.
    "CHECKS": None,
    "TIMEOUT": 1.0,  # seconds each check may take, unless TIMEOUTS names it
    "TIMEOUTS": {},
    "CRITICAL": {},  # name -> bool: a non-critical failure is a "warn" and keeps /ready/ at 200
    "CACHE_SECONDS": 1.0,  # results are reused this long (per process)
    "TOKEN": "",  # bearer token that unlocks details (errors, timings)
    "PUBLIC_DETAILS": False,  # show details to everyone: only on a private network
    "REDIS_URL": None,  # None: the first Redis location in CACHES
    "DISK_PATH": None,  # None: BASE_DIR if set, else the working directory
    "DISK_MIN_FREE_MB": 500,
    "WORKERS": 8,  # threads of the check pool
    "HEALTH_PATH": "/health/",
    "READY_PATH": "/ready/",
}


@dataclass(frozen=True)
class Config:
    checks: tuple[str, ...] | None
    timeout: float
    timeouts: dict[str, float] = field(default_factory=dict)
    critical: dict[str, bool] = field(default_factory=dict)
    cache_seconds: float = 1.0
    token: str = ""
    public_details: bool = False
    redis_url: str | None = None
    disk_path: str | None = None
    disk_min_free_mb: float = 500
    workers: int = 8
    health_path: str = "/health/"
    ready_path: str = "/ready/"

    def timeout_for(self, name: str, default: float | None = None) -> float:
        if name in self.timeouts:
            return float(self.timeouts[name])
        return float(default if default is not None else self.timeout)


def raw() -> dict[str, Any]:
    user = getattr(settings, "FOUNDATION_HEALTH", {}) or {}
    return {**DEFAULTS, **user}


@cache
def get_config() -> Config:
    values = raw()
    checks = values["CHECKS"]
    return Config(
        checks=tuple(checks) if checks is not None else None,
        timeout=float(values["TIMEOUT"]),
        timeouts=dict(values["TIMEOUTS"]),
        critical=dict(values["CRITICAL"]),
        cache_seconds=float(values["CACHE_SECONDS"]),
        token=str(values["TOKEN"] or ""),
        public_details=bool(values["PUBLIC_DETAILS"]),
        redis_url=values["REDIS_URL"],
        disk_path=values["DISK_PATH"],
        disk_min_free_mb=float(values["DISK_MIN_FREE_MB"]),
        workers=int(values["WORKERS"]),
        health_path=str(values["HEALTH_PATH"]),
        ready_path=str(values["READY_PATH"]),
    )


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting in {"FOUNDATION_HEALTH", "CACHES", "DATABASES", "CELERY_BROKER_URL", "BASE_DIR"}:
        get_config.cache_clear()
        from . import probes, runner

        runner.reset()
        if setting == "DATABASES":
            probes.close_connections()
