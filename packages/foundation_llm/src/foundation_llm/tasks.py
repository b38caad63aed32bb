"""Celery tasks (the ``[celery]`` extra). Autodiscovery loads this module; nothing else imports it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import shared_task
from celery.signals import task_received, worker_ready

from .errors import LLMUnavailable
from .jobs import hold_received, job_settings, run_job
from .jobs import sweep_jobs as sweep

MAX_RETRIES = 3


@shared_task(
    name="foundation_llm.chat",
    bind=True,
    acks_late=True,  # a worker killed mid-task: the message is delivered again
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=630,
    max_retries=MAX_RETRIES,
    # The job row is the result. Storing one as well would make every submit wait on the result
    # backend first (Redis' subscribes before the message is sent), unbounded by the broker timeouts.
    ignore_result=True,
)
def chat(self: Any, job_id: int) -> str:
    """Run the LLM job ``job_id``; returns its status. Idempotent: a finished job is not run again."""
    # Run in-process (CELERY_TASK_ALWAYS_EAGER, a site without a broker), a retry would only repeat the
    # call at once inside the request and end in an error page: the job fails now with what to do.
    final = self.request.retries >= MAX_RETRIES or bool(getattr(self.request, "is_eager", False))
    try:
        job = run_job(job_id, final_attempt=final)
    except LLMUnavailable as exc:
        # Ollama down or busy: try again later, with backoff; ModelNotFound and others are not retried.
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 60)) from exc
    return str(job.status)


@shared_task(name="foundation_llm.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict[str, int]:
    """Queue again the jobs a dead worker or a lost message left behind (see ``jobs.sweep_jobs``).
    Run it from the beat schedule every 30 s or so; each worker also runs it as it starts."""
    result = sweep()
    return {"requeued": result.requeued, "given_up": result.given_up}


@worker_ready.connect
def _sweep_when_a_worker_starts(**kwargs: Any) -> None:
    # A worker starting again after a crash: the jobs it was running come back once their leases run
    # out, so look now and once more just after a whole lease has passed. A message the dead worker
    # had taken without noting it (killed before its task_received hook wrote) waits for its job's
    # REQUEUE_AFTER: a third look once that has passed brings back every job queued before this start,
    # even where no beat schedule runs the sweep.
    limits = job_settings()
    sweep_jobs.apply_async()
    sweep_jobs.apply_async(countdown=limits.lease + 1)
    sweep_jobs.apply_async(countdown=limits.requeue_after + 1)


@task_received.connect
def _hold_a_received_job(request: Any, **kwargs: Any) -> None:
    # In the worker's main process, as the message arrives: see jobs.hold_received.
    if getattr(request, "name", None) != chat.name or not request.args:
        return
    eta = request.eta
    hold_received(
        int(request.args[0]),
        not_before=datetime.fromisoformat(eta) if isinstance(eta, str) else eta,
    )
