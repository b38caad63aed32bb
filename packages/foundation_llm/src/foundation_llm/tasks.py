"""Celery tasks (the ``[celery]`` extra). Autodiscovery loads this module; nothing else imports it."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .errors import LLMUnavailable
from .jobs import run_job

MAX_RETRIES = 3


@shared_task(
    name="foundation_llm.chat",
    bind=True,
    acks_late=True,  # a worker killed mid-task: the message is delivered again
    reject_on_worker_lost=True,
    soft_time_limit=600,
    time_limit=630,
    max_retries=MAX_RETRIES,
    ignore_result=False,
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
