"""End to end with real parts: PostgreSQL through DATABASE_URL, a private Redis through REDIS_URL,
the example's own Celery worker process (`celery -A config worker`), and the fake Ollama."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation_llm.testing import FakeOllamaServer

PROJECT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"
# As the ask view does inside a request: RequestContextMiddleware binds the request id and the
# user id; the task is published on commit and carries them in its message headers.
SUBMIT = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from foundation_llm import submit_chat
from foundation_settings.logs import context
user = get_user_model().objects.create_user("e2e-worker-user")
with context.bound(request="e2e-request-1", user=user.pk):
    with transaction.atomic():
        job = submit_chat([{"role": "user", "content": "through the worker"}], user=user)
print(job.pk, user.pk)
"""
STATUS = """
import django, sys
django.setup()
from foundation_llm.models import LLMJob
job = LLMJob.objects.get(pk=int(sys.argv[1]))
print(job.status, job.answer, sep="|")
"""
PING = """
import django
django.setup()
from demo.tasks import ping
print(ping.delay().get(timeout=120))  # a cold worker on a busy machine takes a while
"""


def worker_log_lines(path: Path) -> list[str]:
    """The worker's JSON log lines (Celery's own banner is plain text)."""
    return [line for line in path.read_text().splitlines() if line.startswith("{")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def need(condition: bool, why: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    need(binary is not None, "redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not port_open(port):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.02)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def database_url() -> Iterator[str]:
    need(port_open(5432), "PostgreSQL is not answering on 127.0.0.1:5432")
    import psycopg

    name = f"foundation_example_e2e_{os.getpid()}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_ping_and_an_llm_job_go_through_a_real_worker(
    redis_url: str, database_url: str, tmp_path: Path
) -> None:
    with FakeOllamaServer() as fake:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "OLLAMA_HOST": fake.url,
            "PYTHONPATH": str(PROJECT),
            "LOG_JSON": "true",
        }

        def run(*argv: str) -> str:
            out = subprocess.run(
                [sys.executable, *argv],
                env=env,
                cwd=PROJECT,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert out.returncode == 0, out.stderr[-2000:]
            return out.stdout.strip().splitlines()[-1]

        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            env=env,
            cwd=PROJECT,
            check=True,
            timeout=300,
        )
        log = (tmp_path / "worker.log").open("ab")
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "solo",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert run("-c", PING) == "pong"
            job_id, user_id = run("-c", SUBMIT).split()
            # Polls until the job finishes; the bound only stops a test whose job never does.
            deadline = time.monotonic() + 120
            status = run("-c", STATUS, job_id)
            while not status.startswith(("done", "failed")) and time.monotonic() < deadline:
                time.sleep(0.3)
                status = run("-c", STATUS, job_id)
            assert status == "done|Echo: through the worker"
            assert len(fake.calls("/api/chat")) == 1
            # Every line the task logged in the worker process names the user and the request.
            lines = [json.loads(raw) for raw in worker_log_lines(tmp_path / "worker.log")]
            chat_ids = {
                line["data"]["id"]
                for line in lines
                if line["message"].startswith("Task foundation_llm.chat[")
            }
            assert len(chat_ids) == 1, chat_ids
            task_lines = [line for line in lines if line.get("task_id") in chat_ids]
            assert {line["logger"] for line in task_lines} >= {"foundation_llm", "celery.app.trace"}
            assert {(line["user_id"], line["request_id"]) for line in task_lines} == {
                (int(user_id), "e2e-request-1")
            }
        except AssertionError:
            print((tmp_path / "worker.log").read_text()[-3000:])
            raise
        finally:
            worker.terminate()
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.close()
