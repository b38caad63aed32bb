"""Real Celery worker processes, a real broker (a private Redis, or the RabbitMQ on loopback), the fake
Ollama: jobs run end to end; a whole worker SIGKILLed in the middle of a hundred jobs loses none and
finishes none twice; a submit with the broker down or hung answers within seconds and leaves nothing
behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from foundation_llm.testing import FakeOllamaServer

PACKAGE = Path(__file__).resolve().parent.parent
SUBMIT = """
import json, sys, time
import tests.worker_celery  # the project's Celery app, as a site's config/__init__.py imports it
import django
django.setup()
from foundation_llm import submit_chat
out = []
for text in json.loads(sys.argv[1]):
    started = time.monotonic()
    job = submit_chat([{"role": "user", "content": text}], stream=text.startswith("stream"))
    out.append({"id": job.pk, "status": job.status, "error_code": job.error_code,
                "error": job.error, "seconds": time.monotonic() - started})
print(json.dumps(out))
"""
# The stop button's work, then how long until the worker has stopped and saved the answer so far.
CANCEL = """
import sys, time
import tests.worker_celery
import django
django.setup()
from foundation_llm.jobs import cancel_job
from foundation_llm.models import LLMJob
job_id = int(sys.argv[1])
# Warm, as a web process is after its first request (importing redis-py alone can take a second).
import redis
LLMJob.objects.get(pk=job_id)
started = time.monotonic()
assert cancel_job(job_id)
cancelled = time.monotonic() - started
while not LLMJob.objects.get(pk=job_id).answer and time.monotonic() - started < 10:
    time.sleep(0.01)
print(cancelled, time.monotonic() - started)
"""
FINISHED = re.compile(r"LLM job (\d+) finished: (\w+)")
SENT_AGAIN = re.compile(r"LLM job \d+ queued again \(it was (\w+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def need(available: bool, what: str) -> None:
    if not available:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is not available")
        pytest.skip(f"{what} is not available")


@dataclass
class Redis:
    proc: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def redis_server() -> Iterator[Redis]:
    """A private redis-server: the test may pause it (SIGSTOP) or stop it without touching anyone else's."""
    binary = shutil.which("redis-server")
    need(binary is not None, "redis-server")
    assert binary is not None
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
    yield Redis(proc, port)
    proc.send_signal(signal.SIGCONT)
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def rabbitmq_url() -> str:
    """The shared RabbitMQ on loopback; each test uses a queue of its own, deleted afterwards."""
    url = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
    need(port_open(5672) or "TEST_RABBITMQ_URL" in os.environ, "RabbitMQ on 127.0.0.1:5672")
    return url


@dataclass
class Site:
    """One site: its SQLite file, broker and queue, the fake Ollama, and worker processes."""

    tmp_path: Path
    broker: str
    fake: FakeOllamaServer
    queue: str = field(
        default_factory=lambda: f"foundation-llm-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    )

    def __post_init__(self) -> None:
        # Job events in the broker's Redis, in a database of their own.
        self.stream_url = (
            self.broker[: -len("/0")] + "/2" if self.broker.startswith("redis") else ""
        )
        self.db = self.tmp_path / "jobs.sqlite3"
        self.logfile = self.tmp_path / "worker.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "TEST_WORKER_DB": str(self.db),
            "TEST_WORKER_BROKER": self.broker,
            "TEST_WORKER_QUEUE": self.queue,
            "TEST_WORKER_OLLAMA": self.fake.url,
            "TEST_WORKER_STREAM": self.stream_url,
            "PYTHONPATH": str(PACKAGE),
        }
        self.workers: list[subprocess.Popen[bytes]] = []
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "-v0"],
            env=self.env,
            cwd=PACKAGE,
            check=True,
            timeout=120,
        )

    def start_worker(self, *, concurrency: int = 2) -> subprocess.Popen[bytes]:
        with self.logfile.open("ab") as log:
            worker = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "tests.worker_celery", "worker"),
                    *("-P", "prefork", "-c", str(concurrency), "-l", "info", "-Q", self.queue),
                    *("--without-heartbeat", "--without-mingle", "--without-gossip"),
                ],
                env=self.env,
                cwd=PACKAGE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole, children included
            )
        self.workers.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen[bytes]) -> None:
        with suppress(ProcessLookupError):  # already gone
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

    def submit(self, texts: list[str], timeout: float = 120) -> list[dict[str, object]]:
        out = subprocess.run(
            [sys.executable, "-c", SUBMIT, json.dumps(texts)],
            env=self.env,
            cwd=PACKAGE,
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
        result: list[dict[str, object]] = json.loads(out.stdout.strip().splitlines()[-1])
        return result

    def rows(self) -> dict[int, dict[str, object]]:
        with closing(sqlite3.connect(self.db, timeout=30)) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                "SELECT id, status, answer, attempts, error, error_code, request"
                " FROM foundation_llm_llmjob"
            ).fetchall()
        return {row["id"]: dict(row) for row in rows}

    def wait(self, done: object, seconds: float) -> dict[int, dict[str, object]]:
        deadline = time.monotonic() + seconds
        rows = self.rows()
        while not done(rows) and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.1)
            rows = self.rows()
        return rows

    def finishes(self) -> Counter[int]:
        """How many times the worker log says each job was finished (the row's one transition)."""
        text = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
        return Counter(int(m.group(1)) for m in FINISHED.finditer(text))

    def sent_again(self) -> Counter[str]:
        """How many jobs the sweeper queued again, by the status they were in."""
        text = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
        return Counter(m.group(1) for m in SENT_AGAIN.finditer(text))

    def close(self) -> None:
        for worker in self.workers:
            self.kill(worker)
        if self.broker.startswith("amqp"):
            from kombu import Connection

            with Connection(self.broker, connect_timeout=5) as conn:
                conn.default_channel.queue_delete(self.queue)


@pytest.fixture
def fake() -> Iterator[FakeOllamaServer]:
    with FakeOllamaServer() as server:
        yield server


def open_site(tmp_path: Path, broker: str, fake: FakeOllamaServer) -> Iterator[Site]:
    site = Site(tmp_path, broker, fake)
    try:
        yield site
    except BaseException:
        if site.logfile.exists():
            print(site.logfile.read_text(errors="replace")[-4000:])
        raise
    finally:
        site.close()


@pytest.fixture
def redis_site(tmp_path: Path, redis_server: Redis, fake: FakeOllamaServer) -> Iterator[Site]:
    yield from open_site(tmp_path, redis_server.url, fake)


@pytest.fixture
def rabbitmq_site(tmp_path: Path, rabbitmq_url: str, fake: FakeOllamaServer) -> Iterator[Site]:
    yield from open_site(tmp_path, rabbitmq_url, fake)


def unfinished(rows: dict[int, dict[str, object]]) -> list[int]:
    return [pk for pk, row in rows.items() if row["status"] in {"queued", "running"}]


def hundred_jobs_through_a_killed_worker(site: Site) -> dict[str, int]:
    """Queue 100 jobs, SIGKILL the whole worker while it runs some, start a new one: every job is
    finished exactly once, within two minutes of the new worker's start."""
    # Each answer takes a moment to start, so the worker is always in the middle of one.
    site.fake.fail("/api/chat", "slow_first_byte", seconds=0.3, times=None)
    worker = site.start_worker()
    texts = [f"question {n}" for n in range(100)]
    submitted = site.submit(texts)
    assert {s["status"] for s in submitted} == {"queued"}
    ids = [int(str(s["id"])) for s in submitted]

    # Killed while a job runs: a third of the jobs done, and one of them seen running (between two
    # jobs, a busy machine stretches the moment no row is running).
    site.wait(
        lambda r: (
            sum(x["status"] == "done" for x in r.values()) >= 30
            and any(x["status"] == "running" for x in r.values())
        ),
        90,
    )
    site.kill(worker)
    rows = site.rows()
    interrupted = [pk for pk, row in rows.items() if row["status"] == "running"]
    assert interrupted, "the kill came between two jobs; nothing was interrupted"
    time.sleep(1)
    assert all(site.rows()[pk]["status"] == "running" for pk in interrupted)

    restarted = time.monotonic()
    site.start_worker()
    # The jobs it was running are finished within two minutes of a worker starting again.
    site.wait(lambda r: all(r[pk]["status"] == "done" for pk in interrupted), 120)
    took = time.monotonic() - restarted
    # Any other job is finished too: on Redis, one whose message the killed worker had fetched but
    # not started comes back after REQUEUE_AFTER (30 s here).
    rows = site.wait(lambda r: not unfinished(r), 120)
    took_all = time.monotonic() - restarted
    finishes = site.finishes()
    counts = {
        "done": sum(rows[pk]["status"] == "done" for pk in ids),
        "failed": sum(rows[pk]["status"] == "failed" for pk in ids),
        "lost": len(unfinished(rows)),
        "finished_twice": sum(finishes[pk] > 1 for pk in ids),
        "interrupted": len(interrupted),
        "sent_again": dict(site.sent_again()),
        "interrupted_done_after_s": round(took),
        "all_done_after_s": round(took_all),
    }
    print(f"{site.broker.split(':')[0]}: {counts}")
    assert counts["lost"] == 0 and counts["failed"] == 0, counts
    assert counts["done"] == 100 and counts["finished_twice"] == 0, counts
    assert took < 120
    for pk, text in zip(ids, texts, strict=True):
        assert rows[pk]["answer"] == f"Echo: {text}"
        assert finishes[pk] == 1
    for pk in interrupted:
        assert int(str(rows[pk]["attempts"])) >= 2  # run again after the kill
    return counts


def test_a_worker_runs_a_job_end_to_end(redis_site: Site) -> None:
    redis_site.start_worker(concurrency=1)
    (job,) = redis_site.submit(["first question"])
    rows = redis_site.wait(lambda r: not unfinished(r), 60)
    assert {k: rows[int(str(job["id"]))][k] for k in ("status", "answer", "attempts", "error")} == {
        "status": "done",
        "answer": "Echo: first question",
        "attempts": 1,
        "error": "",
    }


def test_a_killed_worker_loses_no_job_on_redis(redis_site: Site) -> None:
    hundred_jobs_through_a_killed_worker(redis_site)


def test_a_killed_worker_loses_no_job_on_rabbitmq(rabbitmq_site: Site) -> None:
    hundred_jobs_through_a_killed_worker(rabbitmq_site)


def test_a_submit_with_the_broker_hung_fails_the_job_within_seconds(
    redis_site: Site, redis_server: Redis
) -> None:
    # Connected once, then the broker hangs: connections open, nothing answers.
    assert redis_site.submit(["before"])[0]["status"] == "queued"
    redis_server.proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        (job,) = redis_site.submit(["while hung"])
        took = time.monotonic() - started
    finally:
        redis_server.proc.send_signal(signal.SIGCONT)
    print(f"hung broker: submit answered in {took:.1f} s")
    assert (job["status"], job["error_code"]) == ("failed", "queue_unavailable")
    assert "not reachable" in str(job["error"])
    assert float(str(job["seconds"])) < 12  # two tries of 2 s socket timeouts, plus slack
    assert redis_site.rows()[int(str(job["id"]))]["status"] == "failed"


def test_a_submit_with_the_broker_down_fails_the_job_at_once(
    redis_site: Site, redis_server: Redis
) -> None:
    redis_server.proc.terminate()
    redis_server.proc.wait(10)
    (job,) = redis_site.submit(["while down"])
    print(f"broker down: submit answered in {float(str(job['seconds'])):.1f} s")
    assert (job["status"], job["error_code"]) == ("failed", "queue_unavailable")
    assert float(str(job["seconds"])) < 8


def read_events(site: Site, job_id: int, until: str, seconds: float) -> list[tuple[float, object]]:
    """The job's events from its Redis stream, as the events view reads them, with arrival times."""
    import asyncio

    from django.test import override_settings

    from foundation_llm import streams

    async def collect() -> list[tuple[float, object]]:
        seen: list[tuple[float, object]] = []
        last = None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for event in await streams.read(job_id, last, block=1):
                last = event.id
                seen.append((time.monotonic(), event))
                if event.kind == until:
                    return seen
        return seen

    with override_settings(FOUNDATION_LLM_JOBS={"STREAM_REDIS_URL": site.stream_url}):
        return asyncio.run(collect())


def test_a_streamed_job_publishes_chunks_as_they_come_and_stops_when_cancelled(
    redis_site: Site,
) -> None:
    words = [f"word{n}" for n in range(60)]
    redis_site.fake.answers["stream a long one"] = " ".join(words)
    redis_site.fake.answers["stream a short one"] = "one two three four"
    redis_site.fake.fail("/api/chat", "trickle", seconds=0.2, times=None)
    redis_site.start_worker(concurrency=1)
    short, long = (
        int(str(j["id"])) for j in redis_site.submit(["stream a short one", "stream a long one"])
    )

    events = [e for _, e in read_events(redis_site, short, "end", 60)]
    assert [e.kind for e in events] == ["start", "chunk", "chunk", "chunk", "chunk", "end"]  # type: ignore[attr-defined]
    assert events[-1].data["answer"] == "one two three four"  # type: ignore[attr-defined]
    assert redis_site.rows()[short]["answer"] == "one two three four"

    # The long one trickles: stop it after its first chunks, as the stop button does.
    first = read_events(redis_site, long, "chunk", 30)
    assert first and first[-1][1].kind == "chunk"  # type: ignore[attr-defined]
    out = subprocess.run(
        [sys.executable, "-c", CANCEL, str(long)],
        env=redis_site.env,
        cwd=PACKAGE,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    cancelled, took = map(float, out.stdout.strip().splitlines()[-1].split())
    print(f"cancel: cancel_job took {cancelled:.2f} s")
    row = redis_site.rows()
    print(f"cancel: the worker stopped reading after {took:.2f} s")
    assert row[long]["status"] == "cancelled"
    assert took < 1.0
    kept = str(row[long]["answer"])
    assert kept and " ".join(words).startswith(kept) and kept != " ".join(words)
