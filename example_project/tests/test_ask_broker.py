"""Asking while the broker is hung or down: the page answers within seconds with what happened, and
the job is failed, not left queued. A private redis-server is the broker, paused with SIGSTOP."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# The ask view as a browser uses it, in a cold process with the site's own settings.
ASK = """
import json, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from foundation_llm.models import LLMJob
client = Client(HTTP_HOST="localhost")
client.force_login(get_user_model().objects.create_user("asks-while-hung"))
started = time.monotonic()
response = client.post("/ask/", {"question": "anyone there?"}, follow=True)
job = LLMJob.objects.get()
print(json.dumps({
    "seconds": time.monotonic() - started,
    "status": response.status_code,
    "page": response.content.decode(),
    "job": [job.status, job.error_code],
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_proc() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while not port_open(port) and time.monotonic() < deadline:
        time.sleep(0.02)
    yield proc, port
    proc.send_signal(signal.SIGCONT)
    proc.terminate()
    proc.wait(10)


def ask(tmp_path: Path, broker: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CELERY_BROKER_URL": broker,
        "PYTHONPATH": str(PROJECT),
    }
    for name in ("REDIS_URL", "LOG_JSON"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        env=env,
        cwd=PROJECT,
        check=True,
        timeout=120,
    )
    out = subprocess.run(
        [sys.executable, "-c", ASK],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_asking_with_the_broker_hung_answers_within_seconds(
    tmp_path: Path, redis_proc: tuple[subprocess.Popen[bytes], int]
) -> None:
    proc, port = redis_proc
    proc.send_signal(signal.SIGSTOP)
    result = ask(tmp_path, f"redis://127.0.0.1:{port}/1")
    print(f"ask with the broker hung: {float(str(result['seconds'])):.1f} s")
    assert float(str(result["seconds"])) < 12
    assert result["status"] == 200
    assert result["job"] == ["failed", "queue_unavailable"]
    assert "the task broker is not reachable right now" in str(result["page"])
    assert "Check that it runs, then ask again." in str(result["page"])


def test_asking_with_the_broker_down_answers_at_once(tmp_path: Path) -> None:
    result = ask(tmp_path, f"redis://127.0.0.1:{free_port()}/1")
    print(f"ask with the broker down: {float(str(result['seconds'])):.1f} s")
    assert float(str(result["seconds"])) < 8
    assert result["job"] == ["failed", "queue_unavailable"]
