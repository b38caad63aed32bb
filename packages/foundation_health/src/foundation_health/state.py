"""The one owner of foundation-health's process-wide state, and its single ``reset()``.

It holds the check runner (pool, cached reports, runs in flight), the checks' own database
connections and Redis clients, and the migrations latch. The checks to run are selected from the
settings and the registry at each request (a few objects; no I/O), so a change of settings or a
newly registered check needs no invalidation.
"""

from __future__ import annotations

import threading
from typing import Any

from .builtin_checks import Selected, select
from .conf import conf
from .runner import Report, Runner


class HealthState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runner: Runner | None = None
        self._connections: dict[tuple[str, str], Any] = {}
        self._redis_clients: dict[tuple[str, float], Any] = {}
        self._migration_graph: Any = None
        self.migrated = False

    def selection(self) -> list[Selected]:
        return select(self)

    def report(self, *, fresh: bool = False, deadline: float | None = None) -> Report:
        """Readiness now: the cached report, or a run of the selected checks.

        ``deadline`` replaces ``DEADLINE`` and raises every shorter check timeout to it: the
        command line's budget, which is the container health check's, not the load balancer's.
        """
        with self._lock:
            if self._runner is None:
                self._runner = Runner(conf.workers)
            runner = self._runner
        selection = self.selection()
        if deadline is not None:
            selection = [s._replace(timeout=max(s.timeout, deadline)) for s in selection]
        return runner.report(
            selection,
            max_age=conf.cache_seconds,
            deadline=conf.deadline if deadline is None else deadline,
            fresh=fresh,
        )

    def connection(self, check: str, alias: str) -> Any:
        """A connection to ``alias`` that one check owns and reuses: no new session per probe.

        Only one run of a check is ever in flight, so its connection is never used by two threads
        at once; it is marked shareable because successive runs may land on different threads.
        """
        from django.db import connections

        with self._lock:
            connection = self._connections.get((check, alias))
            if connection is None:
                connection = connections.create_connection(alias)
                connection.inc_thread_sharing()
                self._connections[(check, alias)] = connection
            return connection

    def redis_client(self, url: str, timeout: float) -> Any:
        """One pooled client per URL and timeout, with bounded socket timeouts whatever
        redis-py's default."""
        with self._lock:
            client = self._redis_clients.get((url, timeout))
            if client is None:
                import redis

                client = redis.Redis.from_url(
                    url,
                    socket_timeout=timeout,
                    socket_connect_timeout=timeout,
                    retry_on_timeout=False,
                    health_check_interval=0,
                )
                self._redis_clients[(url, timeout)] = client
            return client

    def migration_graph(self) -> Any:
        """The migration graph read from disk only (every migration module imported), once."""
        with self._lock:
            if self._migration_graph is None:
                from django.db.migrations.loader import MigrationLoader

                self._migration_graph = MigrationLoader(None, ignore_no_migrations=True).graph
            return self._migration_graph

    def reset(self) -> None:
        """Forget cached results, close the checks' connections and clients, and unlatch the
        migrations check. Threads stuck on a hung dependency stay where they are."""
        with self._lock:
            runner, self._runner = self._runner, None
            connections, self._connections = self._connections, {}
            clients, self._redis_clients = self._redis_clients, {}
            self._migration_graph = None
            self.migrated = False
        if runner is not None:
            runner.forget()
        for connection in connections.values():
            connection.close()
        for client in clients.values():
            client.close()


state = HealthState()
