"""Submit a chat to run in the background, and run a submitted job (the Celery task calls this)."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .conf import alias_config
from .errors import LLMError, LLMUnavailable
from .models import LLMJob

logger = logging.getLogger("foundation_llm")

# Runs of one job (the task's own retries and deliveries after a lost worker) before it is given up.
MAX_RUNS = 5


def submit_chat(
    messages: Sequence[Mapping[str, Any]],
    *,
    user: Any = None,
    alias: str = "default",
    model: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> LLMJob:
    """Create an :class:`LLMJob` and queue ``foundation_llm.tasks.chat`` once the transaction commits.

    Without Celery, or with ``CELERY_TASK_ALWAYS_EAGER``, the job runs in-process after the commit.
    """
    if not messages:
        raise ValueError("submit_chat needs at least one message")
    for item in messages:
        message: object = item
        if not isinstance(message, Mapping) or "role" not in message or "content" not in message:
            raise ValueError("each message is a mapping with 'role' and 'content'")
    config = alias_config(alias)
    job = LLMJob.objects.create(
        alias=alias,
        model=model or config.model,
        request={"messages": [dict(m) for m in messages], "options": dict(options or {})},
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    transaction.on_commit(functools.partial(enqueue, job.pk))
    return job


def enqueue(job_id: int) -> None:
    try:
        from .tasks import chat
    except ImportError:  # Celery is the [celery] extra: run in-process
        run_job(job_id)
        return
    config = alias_config(LLMJob.objects.only("alias").get(pk=job_id).alias)
    # The task's time limits sit above the client's deadline, so the client always gives up first.
    chat.apply_async(
        args=[job_id], soft_time_limit=config.timeout + 15, time_limit=config.timeout + 30
    )


def run_job(job_id: int, *, final_attempt: bool = True) -> LLMJob:
    """Run a job once. A finished job is returned untouched (safe to call again).

    ``LLMUnavailable`` is re-raised when ``final_attempt`` is false, so the task can retry later;
    every other error marks the job failed.
    """
    from .client import llms

    claimed = LLMJob.objects.filter(
        pk=job_id, status__in=[LLMJob.Status.QUEUED, LLMJob.Status.RUNNING]
    ).update(status=LLMJob.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    job = LLMJob.objects.get(pk=job_id)
    if not claimed:
        return job  # already done or failed: never run twice to completion
    started = time.monotonic()
    if job.attempts > MAX_RUNS:
        # Every earlier run died without finishing (a worker killed, out of memory...): a message
        # delivered again and again must not loop forever.
        _finish(
            job_id,
            started,
            status=LLMJob.Status.FAILED,
            error="The job was interrupted too many times and was given up.",
            error_code="error",
        )
        return LLMJob.objects.get(pk=job_id)
    try:
        response = llms[job.alias].chat(
            job.request.get("messages", []),
            model=job.model or None,
            options=job.request.get("options") or None,
        )
    except LLMError as exc:
        if isinstance(exc, LLMUnavailable) and not final_attempt:
            # Hand the job back: the task retries it later.
            LLMJob.objects.filter(pk=job_id, status=LLMJob.Status.RUNNING).update(
                status=LLMJob.Status.QUEUED
            )
            raise
        _finish(
            job_id,
            started,
            status=LLMJob.Status.FAILED,
            error=_user_message(exc),
            error_code=exc.code,
        )
    except Exception:
        logger.exception("LLM job %s failed", job_id)
        _finish(
            job_id,
            started,
            status=LLMJob.Status.FAILED,
            error="The job failed unexpectedly.",
            error_code="error",
        )
    else:
        _finish(
            job_id,
            started,
            status=LLMJob.Status.DONE,
            answer=response.message.content or "",
            prompt_tokens=response.prompt_eval_count,
            output_tokens=response.eval_count,
        )
    return LLMJob.objects.get(pk=job_id)


def _finish(job_id: int, started: float, **fields: Any) -> None:
    # Only a running job is finished: two workers can never both complete it.
    LLMJob.objects.filter(pk=job_id, status=LLMJob.Status.RUNNING).update(
        finished_at=timezone.now(), duration_ms=int((time.monotonic() - started) * 1000), **fields
    )


def _user_message(exc: LLMError) -> str:
    hints = {
        "model_not_found": exc.message,
        "unavailable": f"The language model server is not reachable right now ({exc.host}). Try again in a minute.",
        "timeout": "The language model took too long to answer. Try a shorter question or try again later.",
    }
    return hints.get(exc.code, exc.message)
