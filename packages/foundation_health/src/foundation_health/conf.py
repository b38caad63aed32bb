"""``FOUNDATION_HEALTH``: one dict setting, read at every access.

Like django-cors-headers' ``conf``, each property reads the setting when asked, so
``override_settings`` just works: nothing is cached and nothing listens to ``setting_changed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Names of the checks /ready/ runs; None: database, cache, migrations, plus redis and
    # celery_broker when configured, plus every check other apps registered.
    "CHECKS": None,
    "TIMEOUT": 0.5,  # seconds each check may take, unless TIMEOUTS names it
    "TIMEOUTS": {},
    # Seconds the whole answer may take once the checks start: a slow check past it is reported
    # as timed out. Below Kubernetes' default probe timeout of 1 s.
    "DEADLINE": 0.9,
    "CRITICAL": {},  # name -> bool: a non-critical failure is a "warn" and keeps /ready/ at 200
    "CACHE_SECONDS": 1.0,  # results are reused this long (per process)
    "TOKEN": "",  # bearer token that unlocks details (errors, timings)
    "PUBLIC_DETAILS": False,  # show details to everyone: only on a private network
    "REDIS_URL": None,  # None: the first Redis location in CACHES
    "DISK_PATH": None,  # None: BASE_DIR if set, else the working directory
    "DISK_MIN_FREE_MB": 500,
    "WORKERS": 8,  # threads of the check pool
    # Each path is answered with and without its trailing slash.
    "LIVENESS_PATHS": ["/health/", "/livez", "/healthz"],
    "READINESS_PATHS": ["/ready/", "/readyz"],
}


class Settings:
    """The package's settings, each read from ``FOUNDATION_HEALTH`` when accessed."""

    def raw(self) -> dict[str, Any]:
        """The defaults overlaid with what the site set (unknown keys included, for the checks)."""
        user = getattr(settings, "FOUNDATION_HEALTH", None) or {}
        return {**DEFAULTS, **user}

    def _get(self, key: str) -> Any:
        user: Mapping[str, Any] = getattr(settings, "FOUNDATION_HEALTH", None) or {}
        return user.get(key, DEFAULTS[key])

    @property
    def checks(self) -> list[str] | None:
        names = self._get("CHECKS")
        return None if names is None else list(names)

    @property
    def timeout(self) -> float:
        return float(self._get("TIMEOUT"))

    def timeout_for(self, name: str, default: float | None = None) -> float:
        """A check's timeout: ``TIMEOUTS[name]``, else the check's own, else ``TIMEOUT``."""
        timeouts = self._get("TIMEOUTS")
        if name in timeouts:
            return float(timeouts[name])
        return float(default if default is not None else self.timeout)

    def critical_for(self, name: str, default: bool) -> bool:
        return bool(self._get("CRITICAL").get(name, default))

    @property
    def deadline(self) -> float:
        return float(self._get("DEADLINE"))

    @property
    def cache_seconds(self) -> float:
        return float(self._get("CACHE_SECONDS"))

    @property
    def token(self) -> str:
        return str(self._get("TOKEN") or "")

    @property
    def public_details(self) -> bool:
        return bool(self._get("PUBLIC_DETAILS"))

    @property
    def redis_url(self) -> str | None:
        url = self._get("REDIS_URL")
        if url:
            return str(url)
        for spec in getattr(settings, "CACHES", {}).values():
            location = spec.get("LOCATION")
            locations = [location] if isinstance(location, str) else list(location or [])
            for candidate in locations:
                if isinstance(candidate, str) and candidate.startswith(
                    ("redis://", "rediss://", "unix://")
                ):
                    return candidate
        return None

    @property
    def disk_path(self) -> str | None:
        path = self._get("DISK_PATH")
        return None if path is None else str(path)

    @property
    def disk_min_free_mb(self) -> float:
        return float(self._get("DISK_MIN_FREE_MB"))

    @property
    def workers(self) -> int:
        return int(self._get("WORKERS"))

    @property
    def liveness_paths(self) -> list[str]:
        return [str(p) for p in self._get("LIVENESS_PATHS")]

    @property
    def readiness_paths(self) -> list[str]:
        return [str(p) for p in self._get("READINESS_PATHS")]

    def probe(self, path: str) -> str | None:
        """``"liveness"``, ``"readiness"`` or None for a request path, trailing slash or not."""
        bare = path.rstrip("/")
        if bare in {p.rstrip("/") for p in self.liveness_paths}:
            return "liveness"
        if bare in {p.rstrip("/") for p in self.readiness_paths}:
            return "readiness"
        return None


conf = Settings()
