"""The built-in readiness checks, one table of them, and the selection of checks a site runs.

Check names are roles, never hosts: ``database:default``, ``cache:default``, ``redis``,
``celery:broker``, ``celery:workers``, ``migrations``, ``disk``. Every client library is imported
in ``prepare()``, never at module level and never on a check thread.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings

from .base import Check, CheckFailed, CheckWarning
from .conf import conf
from .registry import registered

if TYPE_CHECKING:
    from .state import HealthState


class Database(Check):
    """``SELECT 1`` on a connection of the check's own, reused from run to run."""

    def __init__(self, state: HealthState, alias: str) -> None:
        super().__init__(f"database:{alias}")
        self.state, self.alias = state, alias

    def prepare(self) -> None:
        self.state.connection(self.name, self.alias)  # loads the backend and its driver

    def run(self) -> object:
        connection = self.state.connection(self.name, self.alias)
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


class Cache(Check):
    """Set, get and delete a unique key."""

    def __init__(self, alias: str) -> None:
        super().__init__(f"cache:{alias}")
        self.alias = alias

    def prepare(self) -> None:
        from django.core.cache import caches
        from django.core.cache.backends.redis import RedisCache

        # Django's Redis backend imports redis-py on first use, which would be inside run().
        if isinstance(caches[self.alias], RedisCache):
            import redis  # noqa: F401

    def run(self) -> object:
        from django.core.cache import caches

        backend = caches[self.alias]
        key = f"foundation_health:{uuid.uuid4().hex}"
        backend.set(key, "ok", 10)
        value = backend.get(key)
        backend.delete(key)
        if value != "ok":
            raise CheckFailed("a value written to the cache could not be read back")
        return None


class Redis(Check):
    """``PING`` through one pooled client whose socket timeouts are the check's timeout."""

    def __init__(self, state: HealthState, url: str, timeout: float) -> None:
        super().__init__("redis", timeout=timeout)
        self.state, self.url = state, url

    def prepare(self) -> None:
        self.state.redis_client(self.url, self.timeout or conf.timeout)

    def run(self) -> object:
        if not self.state.redis_client(self.url, self.timeout or conf.timeout).ping():
            raise CheckFailed("Redis did not answer PING")
        return None


def celery_app() -> Any:
    """The site's Celery app (``current_app``): imported here, on first use, never at setup."""
    from celery import current_app

    return current_app._get_current_object()


class CeleryBroker(Check):
    """A new connection to Celery's broker, opened and closed."""

    def __init__(self, timeout: float) -> None:
        super().__init__("celery:broker", timeout=timeout)

    def prepare(self) -> None:
        # Loads the transport module (kombu's Redis transport imports redis-py).
        with celery_app().connection_for_read() as connection:
            connection.transport  # noqa: B018

    def run(self) -> object:
        with celery_app().connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=self.timeout)
        return None


class CeleryWorkers(Check):
    """Opt-in: at least one worker answers a ping within the timeout."""

    def __init__(self, timeout: float) -> None:
        super().__init__("celery:workers", timeout=timeout)

    def prepare(self) -> None:
        celery_app().control  # noqa: B018

    def run(self) -> object:
        timeout = max((self.timeout or conf.timeout) - 0.1, 0.1)
        # limit=1: answer as soon as one worker replies, not at the end of the timeout.
        replies = celery_app().control.ping(timeout=timeout, limit=1)
        if not replies:
            raise CheckFailed("no Celery worker answered a ping")
        return {"workers": len(replies)}


class Migrations(Check):
    """Passes once no migration is unapplied, then remembers it for the life of the process."""

    def __init__(self, state: HealthState) -> None:
        super().__init__("migrations")
        self.state = state

    def prepare(self) -> None:
        if not self.state.migrated:
            self.state.migration_graph()  # imports every migration module, without the database

    def run(self) -> object:
        if self.state.migrated:
            return None
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        # Django's migration recorder queries through the thread's own connection (by alias),
        # so close that one afterwards: no pool thread keeps a session. This runs only until the
        # migrations pass.
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
        if plan:
            raise CheckFailed(f"{len(plan)} migration(s) not applied")
        self.state.migrated = True
        return None


class Disk(Check):
    """Free space on the site's disk; below the threshold it warns (non-critical)."""

    def __init__(self, path: str, min_free_mb: float) -> None:
        super().__init__("disk", critical=False)
        self.path, self.min_free_mb = path, min_free_mb

    def run(self) -> object:
        free_mb = shutil.disk_usage(self.path).free / 1024 / 1024
        if free_mb < self.min_free_mb:
            raise CheckWarning(f"{free_mb:.0f} MB free, below {self.min_free_mb:.0f} MB")
        return {"free_mb": round(free_mb)}


class NotConfigured(Check):
    """Stands in for a selected check that cannot be built; the system checks say why."""

    def run(self) -> object:
        raise CheckFailed("not configured (see manage.py check)")


def _redis(state: HealthState) -> list[Check]:
    url = conf.redis_url
    if url is None:
        return [NotConfigured("redis")]
    return [Redis(state, url, conf.timeout_for("redis"))]


def _disk(state: HealthState) -> list[Check]:
    path = conf.disk_path or str(getattr(settings, "BASE_DIR", None) or Path(os.getcwd()))
    return [Disk(path, conf.disk_min_free_mb)]


# Name in FOUNDATION_HEALTH["CHECKS"] -> the checks it stands for.
BUILTINS: dict[str, Callable[[HealthState], list[Check]]] = {
    "database": lambda state: [Database(state, alias) for alias in settings.DATABASES],
    "cache": lambda state: [Cache(alias) for alias in getattr(settings, "CACHES", {"default": {}})],
    "redis": _redis,
    "celery_broker": lambda state: [CeleryBroker(conf.timeout_for("celery:broker"))],
    "celery_workers": lambda state: [CeleryWorkers(conf.timeout_for("celery:workers"))],
    "migrations": lambda state: [Migrations(state)],
    "disk": _disk,
}


def _broker_configured() -> bool:
    url = getattr(settings, "CELERY_BROKER_URL", None)
    return bool(url) and not str(url).startswith("memory://")


def default_names() -> list[str]:
    names = ["database", "cache", "migrations"]
    if conf.redis_url:
        names.append("redis")
    if _broker_configured():
        names.append("celery_broker")
    return names + list(registered())


class Selected(NamedTuple):
    """A check as this site runs it: the settings' timeout and criticality applied."""

    check: Check
    timeout: float
    critical: bool


def select(state: HealthState) -> list[Selected]:
    """The checks to run, in order."""
    names = conf.checks if conf.checks is not None else default_names()
    others = registered()
    checks: list[Check] = []
    for name in names:
        if name in BUILTINS:
            checks += BUILTINS[name](state)
        elif name in others:
            checks.append(others[name])
        else:
            checks.append(NotConfigured(name))
    return [
        Selected(
            check,
            conf.timeout_for(check.name, check.timeout),
            conf.critical_for(check.name, check.critical),
        )
        for check in checks
    ]
