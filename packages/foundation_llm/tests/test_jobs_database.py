"""Jobs on a database server, where workers really run at once on their own connections (tox's
-mariadb envs; the default envs use SQLite in memory, which one thread owns). The conditional
UPDATEs that claim, fence and finish a job hold there as they do on SQLite."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from foundation_llm.jobs import run_job
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer

pytestmark = pytest.mark.django_db(transaction=True)
HI = [{"role": "user", "content": "hi"}]
WAIT = 30  # seconds: only a failing test waits this long


@pytest.fixture(autouse=True)
def _a_server_database() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("needs a database server: run a -mariadb tox env (TEST_DATABASE=mariadb)")


def in_thread(work: Callable[[], Any], results: list[Any]) -> threading.Thread:
    """Run ``work`` on a thread of its own, with its own database connection."""

    def target() -> None:
        try:
            results.append(work())
        except BaseException as exc:
            results.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_two_deliveries_at_once_run_the_job_once(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    results: list[Any] = []
    one_returned = threading.Event()

    def responder(body: dict[str, Any]) -> str:
        # The run that claimed the job answers only after the other delivery has come back.
        one_returned.wait(WAIT)
        return "the answer"

    server.responder = responder

    def deliver() -> LLMJob:
        try:
            return run_job(job.pk)
        finally:
            one_returned.set()

    threads = [in_thread(deliver, results) for _ in range(2)]
    for thread in threads:
        thread.join(WAIT * 2)
    assert all(isinstance(r, LLMJob) for r in results), results
    assert len(server.calls("/api/chat")) == 1
    final = LLMJob.objects.get(pk=job.pk)
    assert (final.status, final.attempts, final.answer) == ("done", 1, "the answer")


def test_a_run_that_lost_its_lease_cannot_finish_the_job(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    first_asked = threading.Event()
    calls: list[int] = []

    def responder(body: dict[str, Any]) -> str:
        calls.append(len(calls) + 1)
        if calls[-1] == 2:
            return "the second run's answer"
        first_asked.set()
        # The first run's answer comes back only once the second run has finished the job.
        try:
            deadline = timezone.now() + timedelta(seconds=WAIT)
            while timezone.now() < deadline:
                if LLMJob.objects.filter(pk=job.pk, status="done").exists():
                    break
                threading.Event().wait(0.05)
        finally:
            connection.close()  # this server thread's own connection
        return "the first run's answer"

    server.responder = responder
    results: list[Any] = []
    first = in_thread(lambda: run_job(job.pk), results)
    assert first_asked.wait(WAIT)
    # The first worker stalls past its lease (as a frozen or partitioned worker would)...
    LLMJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    # ...so a redelivery takes the job over, on another connection, and finishes it.
    second = run_job(job.pk)
    assert (second.status, second.attempts) == ("done", 2)
    first.join(WAIT * 2)
    assert isinstance(results[0], LLMJob), results
    final = LLMJob.objects.get(pk=job.pk)
    assert (final.status, final.attempts, final.answer) == ("done", 2, "the second run's answer")


def test_a_finished_job_is_not_claimed_again_from_another_connection(
    server: FakeOllamaServer,
) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    assert run_job(job.pk).status == "done"
    results: list[Any] = []
    in_thread(lambda: run_job(job.pk), results).join(WAIT)
    assert [(r.status, r.attempts) for r in results] == [("done", 1)]
    assert len(server.calls("/api/chat")) == 1
