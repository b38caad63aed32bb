from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import foundation_health
from foundation_health.state import state

IN_CI = os.environ.get("CI") == "true"


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not port_open(int(database["PORT"]), database["HOST"]):
        message = (
            f"{database['ENGINE'].rsplit('.', 1)[-1]} must answer on "
            f"{database['HOST']}:{database['PORT']} for foundation_health's tests"
        )
        if IN_CI:
            raise pytest.UsageError(message)


@pytest.fixture(autouse=True)
def _fresh_state() -> Iterator[None]:
    state.reset()
    yield
    state.reset()


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Names a test registers checks under, unregistered after it."""
    names: list[str] = []
    yield names
    for name in names:
        foundation_health.unregister(name)


@pytest.fixture(scope="session", autouse=True)
def _close_check_connections(django_db_setup: None) -> Iterator[None]:
    """Close the checks' own connections before the test database is dropped."""
    yield
    state.reset()


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server on a free port, which a test may pause (SIGSTOP) or stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = RedisServer(port, process)
    deadline = time.monotonic() + 5
    while not port_open(port):
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.02)
    yield server
    if process.poll() is None:
        server.stop()
