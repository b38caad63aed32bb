"""A real Celery worker process, a real Redis, the fake Ollama: a job runs end to end, and a worker
killed in the middle of a job loses nothing and completes nothing twice."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from foundation_llm.testing import FakeOllamaServer

PACKAGE = Path(__file__).resolve().parent.parent
SUBMIT = """
import tests.worker_celery  # the project's Celery app, as a site's config/__init__.py imports it
import django
django.setup()
from django.db import transaction
from foundation_llm import submit_chat
with transaction.atomic():
    job = submit_chat([{"role": "user", "content": "%s"}])
print(job.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_url() -> Iterator[str]:
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
    while not port_open(port):
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.02)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def job_row(db: Path, job_id: int) -> dict[str, object]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT status, answer, attempts, error FROM foundation_llm_llmjob WHERE id = ?",
            (job_id,),
        ).fetchone()
    return dict(row)


def wait_for(db: Path, job_id: int, statuses: set[str], seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    row = job_row(db, job_id)
    while row["status"] not in statuses and time.monotonic() < deadline:
        time.sleep(0.1)
        row = job_row(db, job_id)
    return row


def test_a_worker_runs_jobs_and_a_killed_one_loses_nothing(tmp_path: Path, redis_url: str) -> None:
    with FakeOllamaServer() as fake:
        db = tmp_path / "jobs.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "TEST_WORKER_DB": str(db),
            "TEST_WORKER_BROKER": redis_url,
            "TEST_WORKER_OLLAMA": fake.url,
            "PYTHONPATH": str(PACKAGE),
        }
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "-v0"],
            env=env,
            cwd=PACKAGE,
            check=True,
            timeout=60,
        )
        log = (tmp_path / "worker.log").open("ab")

        def start_worker() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tests.worker_celery",
                    "worker",
                    "-P",
                    "solo",
                    "-l",
                    "warning",
                    "--without-heartbeat",
                    "--without-mingle",
                    "--without-gossip",
                ],
                env=env,
                cwd=PACKAGE,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def submit(text: str) -> int:
            out = subprocess.run(
                [sys.executable, "-c", SUBMIT % text],
                env=env,
                cwd=PACKAGE,
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            )
            return int(out.stdout.strip().splitlines()[-1])

        worker = start_worker()
        try:
            first = submit("first question")
            row = wait_for(db, first, {"done", "failed"}, 30)
            assert row == {
                "status": "done",
                "answer": "Echo: first question",
                "attempts": 1,
                "error": "",
            }

            # The next answer takes 4 s to start: kill the worker while it waits for it.
            fake.fail("/api/chat", "slow_first_byte", seconds=4)
            second = submit("second question")
            assert wait_for(db, second, {"running"}, 20)["status"] == "running"
            time.sleep(0.5)
            worker.kill()
            worker.wait(10)
            assert job_row(db, second)["status"] == "running"

            worker = start_worker()
            row = wait_for(db, second, {"done", "failed"}, 40)
            assert row["status"] == "done"
            assert row["answer"] == "Echo: second question"
            assert row["attempts"] == 2  # delivered again after the kill, and completed once
            assert (
                len(
                    [
                        r
                        for r in fake.calls("/api/chat")
                        if r.body["messages"][0]["content"] == "second question"
                    ]
                )
                == 2
            )
        except AssertionError:
            print((tmp_path / "worker.log").read_text()[-3000:])
            raise
        finally:
            worker.kill()
            worker.wait(10)
            log.close()
