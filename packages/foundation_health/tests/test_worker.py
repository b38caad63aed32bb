"""``manage.py health --worker`` against a real Celery worker on a private Redis broker."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import RedisServer

PACKAGE = Path(__file__).resolve().parent.parent
NODE = f"celery@{socket.gethostname()}"  # Celery's default node name, which --worker asks


@pytest.fixture
def worker(redis_server: RedisServer) -> Iterator[subprocess.Popen[str]]:
    celery = shutil.which("celery", path=str(Path(sys.executable).parent))
    assert celery is not None
    process = subprocess.Popen(
        [
            *(celery, "-A", "tests.celery_app", "worker", "-P", "solo", "-l", "info"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        cwd=PACKAGE,
        env={**os.environ, "CELERY_BROKER_URL": redis_server.url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in process.stderr or []])
    reader.start()
    deadline = time.monotonic() + 90  # a cold start on a busy machine
    ready = False
    while not ready and time.monotonic() < deadline:
        try:
            ready = " ready." in lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
    try:
        if not ready:
            pytest.fail("the Celery worker did not start")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        reader.join(10)
        if process.stderr is not None:
            process.stderr.close()


def health_worker(redis_server: RedisServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_BROKER_URL": redis_server.url,  # Celery's default app reads it
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "health", "--worker", *args],
        cwd=PACKAGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_worker_answers(worker: subprocess.Popen[str], redis_server: RedisServer) -> None:
    result = health_worker(redis_server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{NODE}: ok")


def test_a_killed_worker_fails_within_the_timeout(
    worker: subprocess.Popen[str], redis_server: RedisServer
) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    result = health_worker(redis_server, "--timeout", "1", "--json")
    assert result.returncode == 1
    assert f'"worker": "{NODE}"' in result.stdout
    assert '"error": "no answer within 1 s"' in result.stdout
    assert "CommandError: worker" in result.stderr


def test_another_node_name_is_not_this_worker(
    worker: subprocess.Popen[str], redis_server: RedisServer
) -> None:
    result = health_worker(redis_server, "other@elsewhere", "--timeout", "1")
    assert result.returncode == 1


def test_a_stopped_broker_fails_fast(redis_server: RedisServer) -> None:
    redis_server.stop()
    started = time.monotonic()
    result = health_worker(redis_server, "--timeout", "1", "--json")
    assert result.returncode == 1
    assert '"status": "fail"' in result.stdout
    assert time.monotonic() - started < 60  # a cold process on a busy machine; never hangs


def test_the_celery_workers_readiness_check_sees_the_worker(
    worker: subprocess.Popen[str], redis_server: RedisServer
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_BROKER_URL": redis_server.url,
        "TEST_HEALTH_CHECKS": "celery_broker,celery_workers",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "health", "--json"],
        cwd=PACKAGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"workers": 1' in result.stdout
