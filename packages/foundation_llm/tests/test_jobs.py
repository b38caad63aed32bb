from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from foundation_llm import LLMUnavailable, submit_chat
from foundation_llm.jobs import job_settings, run_job, sweep_jobs
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer

HI = [{"role": "user", "content": "what is up"}]


@pytest.mark.django_db(transaction=True)
def test_submit_chat_runs_the_task_after_commit(server: FakeOllamaServer) -> None:
    user = User.objects.create_user("ada")
    with transaction.atomic():
        job = submit_chat(HI, user=user)
        assert LLMJob.objects.get(pk=job.pk).status == "queued"
        assert server.calls("/api/chat") == []  # nothing runs before the commit
    job.refresh_from_db()
    assert job.status == "done"
    assert job.answer == "Echo: what is up"
    assert (job.prompt_tokens, job.output_tokens, job.attempts) == (3, 4, 1)
    assert job.user == user
    assert job.started_at and job.finished_at and job.duration_ms is not None
    assert job.as_dict()["finished"] is True


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing(server: FakeOllamaServer) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        submit_chat(HI)
        raise RuntimeError("the view failed")
    assert not LLMJob.objects.exists()
    assert server.calls("/api/chat") == []


@pytest.mark.django_db(transaction=True)
def test_a_missing_model_fails_the_job_with_what_to_do(server: FakeOllamaServer) -> None:
    job = submit_chat(HI, model="mistral")
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "model_not_found")
    assert "ollama pull mistral" in job.error
    assert len(server.calls("/api/chat")) == 1


@pytest.mark.django_db
def test_a_finished_job_is_never_run_again(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    assert run_job(job.pk).status == "done"
    assert run_job(job.pk).answer == "Echo: what is up"
    assert len(server.calls("/api/chat")) == 1
    assert LLMJob.objects.get(pk=job.pk).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_in_process_an_unreachable_ollama_fails_the_job_instead_of_raising(
    server: FakeOllamaServer,
) -> None:
    """Eager tasks (no broker) run inside the request: a retry there would surface as a 500."""
    server.fail("/api/chat", status=503, times=None)
    job = submit_chat(HI)  # the task runs at once and must not raise Retry into the caller
    job.refresh_from_db()
    assert (job.status, job.error_code, job.attempts) == ("failed", "unavailable", 1)


@pytest.mark.django_db
def test_unavailable_is_handed_back_for_a_later_retry_then_fails_on_the_last(
    server: FakeOllamaServer,
) -> None:
    server.fail("/api/chat", status=503, times=None)
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    with pytest.raises(LLMUnavailable):
        run_job(job.pk, final_attempt=False)
    job.refresh_from_db()
    assert job.status == "queued"
    final = run_job(job.pk, final_attempt=True)
    assert (final.status, final.error_code, final.attempts) == ("failed", "unavailable", 2)
    assert "not reachable right now" in final.error


@pytest.mark.django_db
def test_bad_messages_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one message"):
        submit_chat([])
    with pytest.raises(ValueError, match="'role' and 'content'"):
        submit_chat([{"text": "hi"}])


@pytest.mark.django_db
def test_prune_keeps_recent_and_unfinished_jobs() -> None:
    old_done = LLMJob.objects.create(status="done")
    old_running = LLMJob.objects.create(status="running")
    recent = LLMJob.objects.create(status="failed")
    LLMJob.objects.filter(pk__in=[old_done.pk, old_running.pk]).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    out = StringIO()
    call_command("llm_prune_jobs", "--days", "30", stdout=out)
    assert "Deleted 1 LLM job" in out.getvalue()
    assert set(LLMJob.objects.values_list("pk", flat=True)) == {old_running.pk, recent.pk}


def test_the_admin_is_read_only() -> None:
    from foundation_llm.admin import LLMJobAdmin

    model_admin = LLMJobAdmin(LLMJob, admin.site)
    request = RequestFactory().get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)


@pytest.mark.django_db
def test_llm_command(server: FakeOllamaServer, capsys: pytest.CaptureFixture[str]) -> None:
    out = StringIO()
    call_command("llm", "check", stdout=out)
    assert "Ollama 0.13.0 answers" in out.getvalue() and "llama3.2 is available" in out.getvalue()
    call_command("llm", "prompt", "tell me", stdout=out)
    assert capsys.readouterr().out == "Echo: tell me\n"
    call_command("llm", "warm", stdout=out)
    assert server.calls("/api/chat")[-1].body["messages"] == []
    from django.core.management.base import CommandError

    server.remove_model("llama3.2")
    with pytest.raises(CommandError, match=r"ollama pull llama3\.2"):
        call_command("llm", "check", stdout=StringIO())


@pytest.mark.django_db
def test_a_job_whose_runs_keep_dying_is_given_up(server: FakeOllamaServer) -> None:
    MAX_RUNS = job_settings().max_runs

    # Every earlier run was claimed and never finished: its worker died each time.
    job = LLMJob.objects.create(
        model="llama3.2", request={"messages": HI}, status="running", attempts=MAX_RUNS
    )
    final = run_job(job.pk)
    assert (final.status, final.error_code, final.attempts) == (
        "failed",
        "interrupted",
        MAX_RUNS + 1,
    )
    assert "interrupted too many times" in final.error
    assert server.calls("/api/chat") == []
    # One run short of the cap still runs.
    again = LLMJob.objects.create(
        model="llama3.2", request={"messages": HI}, status="running", attempts=MAX_RUNS - 1
    )
    assert run_job(again.pk).status == "done"


def _stale(job: LLMJob, seconds: float = 5) -> None:
    LLMJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_a_run_holds_a_lease_that_a_second_delivery_respects(server: FakeOllamaServer) -> None:
    # A worker holds the job (its lease is live): a second delivery of the message must not run it.
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, lease_expires_at=timezone.now() + timedelta(seconds=30)
    )
    assert run_job(job.pk).status == "running"
    assert server.calls("/api/chat") == []
    # Once the lease has run out (the worker died), a delivery takes the job over and finishes it.
    _stale(job)
    final = run_job(job.pk)
    assert (final.status, final.attempts, final.lease_expires_at) == ("done", 2, None)


@pytest.mark.django_db
def test_a_run_that_lost_its_lease_cannot_finish_the_job(server: FakeOllamaServer) -> None:
    from foundation_llm.jobs import _Run

    # Run 1 stalled (a paused process, a long GC) until its lease ran out; run 2 took over.
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=job.pk).update(status="running", attempts=1)
    _stale(job)
    stalled = _Run(job.pk, 1)
    assert run_job(job.pk).status == "done"
    # Run 1 wakes up with its own answer: it can neither finish nor renew the job.
    assert not stalled.finish(status="done", answer="a stale answer")
    assert not stalled.update(lease_expires_at=timezone.now())
    job.refresh_from_db()
    assert (job.status, job.answer, job.attempts) == ("done", "Echo: what is up", 2)


@pytest.mark.django_db
def test_the_sweeper_requeues_expired_leases_once_and_leaves_live_ones(
    server: FakeOllamaServer,
) -> None:
    limits = job_settings()
    dead = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=dead.pk).update(status="running", attempts=1)
    _stale(dead)
    live = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=live.pk).update(
        status="running", attempts=1, lease_expires_at=timezone.now() + timedelta(seconds=30)
    )
    lost = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    _stale(lost)
    worn = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=worn.pk).update(status="running", attempts=limits.max_runs)
    _stale(worn)

    result = sweep_jobs()  # eager tasks: the requeued jobs run inside the sweep
    assert (result.requeued, result.given_up) == (2, 1)
    rows = {j.pk: j for j in LLMJob.objects.all()}
    assert (rows[dead.pk].status, rows[dead.pk].attempts) == ("done", 2)
    assert (rows[lost.pk].status, rows[lost.pk].attempts) == ("done", 1)
    assert rows[live.pk].status == "running"
    assert (rows[worn.pk].status, rows[worn.pk].error_code) == ("failed", "interrupted")
    # Nothing is left for a second sweep.
    assert sweep_jobs() == type(result)(requeued=0, given_up=0)


@pytest.mark.django_db
def test_a_queued_job_is_not_queued_again_before_requeue_after() -> None:
    job = LLMJob.objects.create(
        model="llama3.2",
        request={"messages": HI},
        lease_expires_at=timezone.now() + timedelta(seconds=job_settings().requeue_after),
    )
    assert sweep_jobs().requeued == 0
    assert LLMJob.objects.get(pk=job.pk).status == "queued"


@pytest.mark.django_db
def test_a_starting_worker_looks_again_once_every_job_queued_before_it_is_due(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A message the dead worker took without noting it keeps its job's REQUEUE_AFTER: one of the
    # sweeps a starting worker schedules must come after it, with or without a beat schedule.
    from foundation_llm import tasks

    job = LLMJob.objects.create(
        model="llama3.2",
        request={"messages": HI},
        lease_expires_at=timezone.now() + timedelta(seconds=job_settings().requeue_after),
    )
    countdowns: list[float] = []
    monkeypatch.setattr(
        tasks.sweep_jobs,
        "apply_async",
        lambda countdown=0, **_: countdowns.append(countdown),
    )
    tasks._sweep_when_a_worker_starts()
    assert 0 in countdowns  # one look at once
    last_look = timezone.now() + timedelta(seconds=max(countdowns))
    due = LLMJob.objects.get(pk=job.pk).lease_expires_at
    assert due is not None and last_look > due


@pytest.mark.django_db
def test_job_settings_come_from_foundation_llm_jobs(settings: object) -> None:
    from django.test import override_settings

    with override_settings(FOUNDATION_LLM_JOBS={"LEASE": 9}):
        limits = job_settings()
    assert (limits.lease, limits.beat, limits.requeue_after, limits.max_runs) == (9, 3, 600, 5)


@pytest.mark.django_db
def test_the_sweep_command(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI})
    LLMJob.objects.filter(pk=job.pk).update(status="running", attempts=1)
    _stale(job)
    out = StringIO()
    call_command("llm_sweep_jobs", stdout=out)
    assert out.getvalue() == "Queued 1 LLM job(s) again; gave up 0.\n"
    assert LLMJob.objects.get(pk=job.pk).status == "done"


@pytest.mark.django_db
def test_a_job_a_worker_took_is_queued_again_one_lease_after_it_was_due() -> None:
    from foundation_llm.jobs import hold_received

    lease = timedelta(seconds=job_settings().lease)
    job = LLMJob.objects.create(
        model="llama3.2", request={"messages": HI}, lease_expires_at=timezone.now()
    )
    before = timezone.now()
    hold_received(job.pk)
    job.refresh_from_db()
    assert before + lease <= job.lease_expires_at <= timezone.now() + lease
    # A retry's countdown: due in a minute, so held until a lease after that.
    due = timezone.now() + timedelta(seconds=60)
    hold_received(job.pk, not_before=due)
    job.refresh_from_db()
    assert job.lease_expires_at == due + lease
    # A running job's lease belongs to its run.
    LLMJob.objects.filter(pk=job.pk).update(status="running", lease_expires_at=None)
    hold_received(job.pk)
    assert LLMJob.objects.get(pk=job.pk).lease_expires_at is None


def _events(job_id: int, after: str | None = None) -> list[tuple[str, dict[str, object]]]:
    import asyncio

    from foundation_llm import streams

    return [(e.kind, e.data) for e in asyncio.run(streams.read(job_id, after, block=0))]


@pytest.mark.django_db
def test_a_streamed_job_publishes_each_chunk_then_the_end(server: FakeOllamaServer) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI, "stream": True})
    final = run_job(job.pk)
    assert (final.status, final.answer, final.output_tokens) == ("done", "Echo: what is up", 4)
    events = _events(job.pk)
    assert events[0] == ("start", {"run": 1})
    assert [d["text"] for k, d in events if k == "chunk"] == ["Echo: ", "what ", "is ", "up"]
    assert events[-1][0] == "end"
    assert (events[-1][1]["status"], events[-1][1]["answer"]) == ("done", "Echo: what is up")
    assert server.calls("/api/chat")[0].body["stream"] is True


@pytest.mark.django_db
def test_a_reader_that_reconnects_gets_only_what_it_missed(server: FakeOllamaServer) -> None:
    import asyncio

    from foundation_llm import streams

    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI, "stream": True})
    run_job(job.pk)
    first_two = asyncio.run(streams.read(job.pk, None, block=0))[:2]
    rest = _events(job.pk, after=first_two[-1].id)
    assert [k for k, _ in rest] == ["chunk", "chunk", "chunk", "end"]
    assert rest[0][1] == {"text": "what "}


@pytest.mark.django_db
def test_an_error_mid_answer_keeps_what_came_before(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "error_line", after_chunks=2, body="the model crashed")
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI, "stream": True})
    final = run_job(job.pk)
    assert final.status == "failed" and final.answer == "Echo: what "
    kinds = [k for k, _ in _events(job.pk)]
    assert kinds == ["start", "chunk", "chunk", "end"]


@pytest.mark.django_db
def test_cancelling_a_queued_job_ends_it_and_a_delivery_then_does_nothing(
    server: FakeOllamaServer,
) -> None:
    from foundation_llm.jobs import cancel_job

    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI, "stream": True})
    assert cancel_job(job.pk)
    assert not cancel_job(job.pk)  # already ended
    assert run_job(job.pk).status == "cancelled"
    assert server.calls("/api/chat") == []
    assert _events(job.pk)[-1][1]["status"] == "cancelled"
