"""The URLs this package parses, used against real servers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
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


def test_database_url_connects_to_a_real_postgresql(tmp_path: Path, django_db_blocker: Any) -> None:
    if not _port_open("127.0.0.1", 5432):
        if IN_CI:
            pytest.fail("PostgreSQL is not answering on 127.0.0.1:5432")
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test?connect_timeout=2"},
    )
    config = env.database()
    env.finish()
    handler = ConnectionHandler({"default": {**config, "TIME_ZONE": None}})
    conn = handler["default"]
    with django_db_blocker.unblock():
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
            assert conn.settings_dict["CONN_HEALTH_CHECKS"] is True
            assert conn.settings_dict["OPTIONS"]["connect_timeout"] == 2
        finally:
            conn.close()
    assert connections["default"].vendor != "postgresql"  # the tests' own database is untouched


def test_database_url_connects_to_a_real_mariadb(tmp_path: Path, django_db_blocker: Any) -> None:
    if os.environ.get("TEST_DATABASE") != "mariadb":
        pytest.skip("needs a MySQL driver: run the -mariadb tox envs (TEST_DATABASE=mariadb)")
    if not _port_open("127.0.0.1", 3306):
        if IN_CI:
            pytest.fail("MariaDB is not answering on 127.0.0.1:3306")
        pytest.skip("no MariaDB on 127.0.0.1:3306")
    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={"DATABASE_URL": "mysql://root@127.0.0.1:3306/test?connect_timeout=2"},
    )
    config = env.database()
    env.finish()
    handler = ConnectionHandler({"default": {**config, "TIME_ZONE": None}})
    conn = handler["default"]
    with django_db_blocker.unblock():
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT @@character_set_client, VERSION()")
                charset, version = cursor.fetchone()
            assert charset == "utf8mb4"  # emoji in user text survive
            assert "MariaDB" in version
            assert conn.settings_dict["OPTIONS"]["connect_timeout"] == 2
        finally:
            conn.close()


def test_pool_true_connects_through_a_real_psycopg_pool(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """The README's ?pool=true: a pool Django opens at the first query, which works only when
    psycopg_pool is installed (the settings refuse it otherwise)."""
    if not _port_open("127.0.0.1", 5432):
        if IN_CI:
            pytest.fail("PostgreSQL is not answering on 127.0.0.1:5432")
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    url = "postgres://postgres@127.0.0.1:5432/postgres?pool=true&pool_min_size=1&pool_max_size=2"
    env = Env(profile="prod", base_dir=tmp_path, environ={"DATABASE_URL": url})
    config = env.database()
    env.finish()
    handler = ConnectionHandler({"default": {**config, "TIME_ZONE": None}})
    conn = handler["default"]
    with django_db_blocker.unblock():
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
            assert conn.pool is not None
            assert conn.pool.max_size == 2
        finally:
            conn.close_pool()


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
