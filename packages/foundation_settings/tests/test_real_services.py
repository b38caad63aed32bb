"""The URLs this package parses, used against real servers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.db.utils import ConnectionHandler

from foundation_settings import Env

IN_CI = os.environ.get("CI") == "true"


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _needs(port: int, name: str) -> None:
    if not _port_open("127.0.0.1", port):
        if IN_CI:
            pytest.fail(f"{name} is not answering on 127.0.0.1:{port}")
        pytest.skip(f"no {name} on 127.0.0.1:{port}")


@contextmanager
def _connected(url: str, tmp_path: Path, django_db_blocker: Any) -> Iterator[Any]:
    """A connection built from DATABASE_URL by env.database(), apart from the tests' own."""
    env = Env(profile="prod", base_dir=tmp_path, environ={"DATABASE_URL": url})
    config = env.database()
    env.finish()
    conn = ConnectionHandler({"default": {**config, "TIME_ZONE": None}})["default"]
    with django_db_blocker.unblock():
        try:
            yield conn
        finally:
            if config["OPTIONS"].get("pool"):
                conn.close_pool()
            else:
                conn.close()


def test_database_url_connects_to_a_real_postgresql(tmp_path: Path, django_db_blocker: Any) -> None:
    _needs(5432, "PostgreSQL")
    url = "postgres://postgres@127.0.0.1:5432/test?connect_timeout=2"
    with _connected(url, tmp_path, django_db_blocker) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        assert conn.settings_dict["CONN_HEALTH_CHECKS"] is True
        assert conn.settings_dict["OPTIONS"]["connect_timeout"] == 2
    assert connections["default"].vendor != "postgresql"  # the tests' own database is untouched


def test_database_url_connects_to_a_real_mariadb(tmp_path: Path, django_db_blocker: Any) -> None:
    if os.environ.get("TEST_DATABASE") != "mariadb":
        pytest.skip("needs a MySQL driver: run the -mariadb tox envs (TEST_DATABASE=mariadb)")
    _needs(3306, "MariaDB")
    url = "mysql://root@127.0.0.1:3306/test?connect_timeout=2"
    with _connected(url, tmp_path, django_db_blocker) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT @@character_set_client, VERSION()")
        charset, version = cursor.fetchone()
        assert charset == "utf8mb4"  # emoji in user text survive
        assert "MariaDB" in version
        assert conn.settings_dict["OPTIONS"]["connect_timeout"] == 2


def test_pool_true_connects_through_a_real_psycopg_pool(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """The README's ?pool=true: a pool Django opens at the first query, which works only when
    psycopg_pool is installed (the settings refuse it otherwise)."""
    _needs(5432, "PostgreSQL")
    url = "postgres://postgres@127.0.0.1:5432/postgres?pool=true&pool_min_size=1&pool_max_size=2"
    with _connected(url, tmp_path, django_db_blocker) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        assert conn.pool is not None
        assert conn.pool.max_size == 2


@pytest.fixture
def private_redis() -> Iterator[int]:
    server = shutil.which("redis-server")
    if server is None:
        if IN_CI:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 5
        while not _port_open("127.0.0.1", port):
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.02)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_clearing_the_cache_keeps_queued_tasks(tmp_path: Path, private_redis: int) -> None:
    import redis as redis_client

    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={"REDIS_URL": f"redis://127.0.0.1:{private_redis}/0"},
    )
    value = env.redis()
    assert value is not None
    config = value.caches()["default"]
    cache = RedisCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})
    broker = redis_client.Redis.from_url(value.broker_url)
    try:
        broker.lpush("celery", "a queued task")
        cache.set("page", "cached")
        assert cache.get("page") == "cached"
        cache.clear()
        assert cache.get("page") is None
        assert broker.llen("celery") == 1
    finally:
        broker.close()
        cache.close()


def test_sessions_live_on_their_own_redis_database(tmp_path: Path, private_redis: int) -> None:
    import redis as redis_client
    from django.contrib.sessions.backends.cache import SessionStore
    from django.core.cache import caches
    from django.test import override_settings

    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={"REDIS_URL": f"redis://127.0.0.1:{private_redis}/4"},
    )
    value = env.redis(sessions=True)
    env.finish()
    assert value is not None and value.session_url.endswith("/7")
    with override_settings(
        CACHES=value.caches(key_prefix="t", sessions=True),
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        SESSION_CACHE_ALIAS="sessions",
    ):
        session = SessionStore()
        session["cart"] = [1, 2]
        session.save()
        caches["default"].set("page", "cached")
        caches["default"].clear()  # FLUSHDB on the cache's database only
        assert caches["default"].get("page") is None
        assert SessionStore(session.session_key)["cart"] == [1, 2]
        for alias in ("default", "sessions"):
            caches[alias].close()
    sessions_db = redis_client.Redis.from_url(value.session_url)
    try:
        assert sessions_db.dbsize() == 1
    finally:
        sessions_db.close()
    with pytest.raises(ValueError, match=r"redis\(sessions=True\)"):
        Env(profile="dev", base_dir=tmp_path, environ={"REDIS_URL": "redis://h/0"}).redis().caches(  # type: ignore[union-attr]
            sessions=True
        )
