"""The built-in readiness checks, and which checks a site runs.

Check names are roles, never hosts: ``database:default``, ``cache:default``, ``redis``,
``celery:broker``, ``celery:workers``, ``migrations``, ``disk``.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from .conf import Config, get_config
from .registry import Check, CheckFailed, CheckWarning, registered

BUILTIN = ("database", "cache", "redis", "celery_broker", "celery_workers", "migrations", "disk")


_connections: dict[str, Any] = {}
_connections_lock = threading.Lock()


def owned_connection(alias: str) -> Any:
    """One connection per alias that the checks own and reuse: no new session per probe.

    Only one run of a check is ever in flight, so the connection is never used by two threads at
    once; it is marked shareable because successive runs may land on different pool threads.
    """
    from django.db import connections

    with _connections_lock:
        connection = _connections.get(alias)
        if connection is None:
            connection = connections.create_connection(alias)
            connection.inc_thread_sharing()
            _connections[alias] = connection
        return connection


def close_connections() -> None:
    """Close the checks' own database connections (tests, shutdown)."""
    with _connections_lock:
        owned = list(_connections.values())
        _connections.clear()
    for connection in owned:
        connection.close()


def database(alias: str) -> Callable[[], object]:
    def check() -> object:
        connection = owned_connection(alias)
        try:
            # A connection the server dropped is closed here and opened again.
            connection.close_if_unusable_or_obsolete()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:
            connection.close()
            raise
        return None

    return check


def cache(alias: str) -> Callable[[], object]:
    def check() -> object:
        from django.core.cache import caches

        backend = caches[alias]
        key = f"foundation_health:{uuid.uuid4().hex}"
        backend.set(key, "ok", 10)
        value = backend.get(key)
        backend.delete(key)
        if value != "ok":
            raise CheckFailed("a value written to the cache could not be read back")
        return None

    return check


_redis_clients: dict[tuple[str, float], Any] = {}
_redis_lock = threading.Lock()


def redis_client(url: str, timeout: float) -> Any:
    """One pooled client per URL and timeout, with bounded socket timeouts whatever redis-py's default."""
    import redis

    with _redis_lock:
        client = _redis_clients.get((url, timeout))
        if client is None:
            client = redis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry_on_timeout=False,
                health_check_interval=0,
            )
            _redis_clients[(url, timeout)] = client
        return client


def redis_check(url: str, timeout: float) -> Callable[[], object]:
    def check() -> object:
        if not redis_client(url, timeout).ping():
            raise CheckFailed("Redis did not answer PING")
        return None

    return check


def redis_url(config: Config) -> str | None:
    if config.redis_url:
        return config.redis_url
    for spec in getattr(settings, "CACHES", {}).values():
        location = spec.get("LOCATION")
        locations = [location] if isinstance(location, str) else list(location or [])
        for url in locations:
            if isinstance(url, str) and url.startswith(("redis://", "rediss://", "unix://")):
                return url
    return None


def _celery_app() -> Any:
    from celery import current_app

    return current_app


def celery_broker(timeout: float) -> Callable[[], object]:
    def check() -> object:
        with _celery_app().connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
        return None

    return check


def celery_workers(timeout: float) -> Callable[[], object]:
    def check() -> object:
        replies = _celery_app().control.ping(timeout=max(timeout - 0.1, 0.1))
        if not replies:
            raise CheckFailed("no Celery worker answered a ping")
        return {"workers": len(replies)}

    return check


def _broker_configured() -> bool:
    url = getattr(settings, "CELERY_BROKER_URL", None)
    return bool(url) and not str(url).startswith("memory://")


class _Migrations:
    """Passes once no migration is unapplied, then remembers it for the life of the process."""

    def __init__(self) -> None:
        self.applied = False

    def __call__(self) -> object:
        if self.applied:
            return None
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        # The recorder queries through the thread's own connection: close it afterwards, so no
        # pool thread keeps a session. This runs only until the migrations pass.
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
        if plan:
            raise CheckFailed(f"{len(plan)} migration(s) not applied")
        self.applied = True
        return None


migrations = _Migrations()


def disk(path: str, min_free_mb: float) -> Callable[[], object]:
    def check() -> object:
        usage = shutil.disk_usage(path)
        free_mb = usage.free / 1024 / 1024
        if free_mb < min_free_mb:
            raise CheckWarning(f"{free_mb:.0f} MB free, below {min_free_mb:.0f} MB")
        return {"free_mb": round(free_mb)}

    return check


def default_names(config: Config) -> list[str]:
    names = ["database", "cache", "migrations"]
    if redis_url(config):
        names.append("redis")
    if _broker_configured():
        names.append("celery_broker")
    return names + list(registered())


def selected(config: Config | None = None) -> list[tuple[Check, float]]:
    """The checks to run, each with its timeout; raises KeyError naming an unknown check."""
    config = config or get_config()
    names = list(config.checks) if config.checks is not None else default_names(config)
    others = registered()
    checks: list[Check] = []
    for name in names:
        if name == "database":
            checks += [Check(f"database:{a}", database(a)) for a in settings.DATABASES]
        elif name == "cache":
            checks += [
                Check(f"cache:{a}", cache(a)) for a in getattr(settings, "CACHES", {"default": {}})
            ]
        elif name == "redis":
            url = redis_url(config)
            if url is None:
                raise KeyError("redis (no FOUNDATION_HEALTH['REDIS_URL'] and no Redis cache)")
            checks.append(Check("redis", redis_check(url, config.timeout_for("redis"))))
        elif name == "celery_broker":
            checks.append(
                Check("celery:broker", celery_broker(config.timeout_for("celery:broker")))
            )
        elif name == "celery_workers":
            checks.append(
                Check("celery:workers", celery_workers(config.timeout_for("celery:workers")))
            )
        elif name == "migrations":
            checks.append(Check("migrations", migrations))
        elif name == "disk":
            path = config.disk_path or str(getattr(settings, "BASE_DIR", None) or Path(os.getcwd()))
            checks.append(Check("disk", disk(path, config.disk_min_free_mb), critical=False))
        elif name in others:
            checks.append(others[name])
        else:
            raise KeyError(name)
    result = []
    for check in checks:
        critical = config.critical.get(check.name, check.critical)
        timeout = config.timeout_for(check.name, check.timeout)
        result.append((Check(check.name, check.func, critical, check.timeout), timeout))
    return result


_selection: list[tuple[Check, float]] | None = None


def current_selection() -> list[tuple[Check, float]]:
    """The checks ``/ready/`` runs, built once: every change to them (settings, ``register``,
    ``unregister``) goes through ``runner.reset()``, which forgets this."""
    global _selection
    if _selection is None:
        _selection = selected(get_config())
    return _selection


def forget_selection() -> None:
    global _selection
    _selection = None
