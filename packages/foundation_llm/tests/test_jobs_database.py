"""Jobs on a database server, where two workers really do run at once (tox's -mariadb envs; the
default envs use SQLite in memory, which one thread owns). A job delivered twice, to two workers
whose runs overlap, is claimed by both and completed by the first to finish only."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from foundation_llm.jobs import run_job
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _a_server_database() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("needs a database server: run a -mariadb tox env (TEST_DATABASE=mariadb)")


def test_two_workers_running_one_job_finish_it_once(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(
        model="llama3.2", request={"messages": [{"role": "user", "content": "hi"}]}
    )
    both_inside = threading.Barrier(2, timeout=20)
    order: list[int] = []
    lock = threading.Lock()

    def responder(body: dict[str, Any]) -> str:
        both_inside.wait()  # both workers have claimed the job and are waiting on Ollama
        with lock:
            order.append(len(order) + 1)
            mine = order[-1]
        if mine == 2:
            # The second answer comes back only once the first run has completed the job.
            try:
                done = threading.Event()
                while not done.wait(0.05):
                    if LLMJob.objects.filter(pk=job.pk, status="done").exists():
                        done.set()
            finally:
                connection.close()  # this server thread's own connection
        return f"answer {mine}"

    server.responder = responder
    results: list[LLMJob] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(run_job(job.pk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(server.calls("/api/chat")) == 2  # both claimed it (a redelivery may run again)
    final = LLMJob.objects.get(pk=job.pk)
    assert (final.status, final.attempts) == ("done", 2)
    assert final.answer == "answer 1"  # the later run did not overwrite the finished job
    assert {r.answer for r in results} == {"answer 1"}


def test_a_finished_job_is_not_claimed_again_from_another_connection(
    server: FakeOllamaServer,
) -> None:
    job = LLMJob.objects.create(
        model="llama3.2", request={"messages": [{"role": "user", "content": "hi"}]}
    )
    assert run_job(job.pk).status == "done"
    seen: list[tuple[str, int]] = []

    def other_worker() -> None:
        try:
            again = run_job(job.pk)
            seen.append((again.status, again.attempts))
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join(30)
    assert seen == [("done", 1)]
    assert len(server.calls("/api/chat")) == 1
