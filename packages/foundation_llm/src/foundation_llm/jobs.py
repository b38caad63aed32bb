"""Submit a chat to run in the background, run a submitted job (the Celery task calls this), and
sweep up what dead workers and lost messages left behind.

A job row is never left ``queued`` or ``running`` for ever:

- a running job holds a lease (``lease_expires_at``) that its worker renews while it runs; a worker
  killed mid-job stops renewing it, and the sweeper queues the job again once the lease has run out;
- a queued job whose message a worker took but never started (the worker died) is queued again one
  lease after it was due, and one whose message never reached a worker (a broker restarted without
  persistence) after ``REQUEUE_AFTER``;
- a job whose message cannot be published when it is submitted fails at once with what happened.

Every change of state is a conditional ``UPDATE``, and a run's number (``attempts``) fences it: two
sweepers cannot both queue a job again, two deliveries cannot both run it, and a run that lost its
lease can no longer finish the job, so a job is finished at most once.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from .conf import alias_config
from .errors import LLMError, LLMUnavailable
from .models import LLMJob

logger = logging.getLogger("foundation_llm")

# FOUNDATION_LLM_JOBS, read at each use like the other settings.
JOB_DEFAULTS: dict[str, float] = {
    "LEASE": 30,  # seconds a running job is held without word from its worker (renewed every third)
    "REQUEUE_AFTER": 600,  # seconds a queued job waits for a worker before it is queued again
    "MAX_RUNS": 5,  # runs of one job (retries and deliveries after a lost worker) before it is given up
}
# How a submit publishes its message: one quick retry, then the job fails. Each try is bounded by the
# broker's own timeouts (see the README: socket timeouts for Redis, the connection timeout for AMQP).
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 1,
}

QUEUE_UNAVAILABLE = (
    "The job could not be queued: the task broker is not reachable right now. "
    "Nothing was started; try again in a minute."
)
INTERRUPTED = "The job was interrupted too many times and was given up."


@dataclass(frozen=True)
class JobSettings:
    lease: float
    requeue_after: float
    max_runs: int

    @property
    def beat(self) -> float:
        return self.lease / 3


def job_settings() -> JobSettings:
    values = {**JOB_DEFAULTS, **(getattr(settings, "FOUNDATION_LLM_JOBS", None) or {})}
    return JobSettings(
        lease=float(values["LEASE"]),
        requeue_after=float(values["REQUEUE_AFTER"]),
        max_runs=int(values["MAX_RUNS"]),
    )


def submit_chat(
    messages: Sequence[Mapping[str, Any]],
    *,
    user: Any = None,
    alias: str = "default",
    model: str | None = None,
    options: Mapping[str, Any] | None = None,
    stream: bool = False,
) -> LLMJob:
    """Create an :class:`LLMJob` and queue ``foundation_llm.tasks.chat`` once the transaction commits.

    Without Celery, or with ``CELERY_TASK_ALWAYS_EAGER``, the job runs in-process after the commit.
    If the broker cannot take the message, the job is failed with ``error_code="queue_unavailable"``;
    outside a transaction that has already happened when this returns.

    With ``stream=True`` the worker publishes the answer as it comes (see :mod:`foundation_llm.streams`);
    the finished answer is saved on the job either way.
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
        request={
            "messages": [dict(m) for m in messages],
            "options": dict(options or {}),
            "stream": stream,
        },
        user=user if getattr(user, "is_authenticated", False) else None,
        lease_expires_at=_later(job_settings().requeue_after),
    )
    transaction.on_commit(functools.partial(enqueue, job.pk))
    if not transaction.get_connection().in_atomic_block:
        job.refresh_from_db()  # enqueue has run: show the caller what came of it
    return job


def enqueue(job_id: int, *, fail_if_unpublished: bool = True) -> bool:
    """Publish the job's task; returns whether the broker took it.

    A submit fails the job when the broker does not answer in time; the sweeper
    (``fail_if_unpublished=False``) leaves it queued and tries again at its next pass.
    """
    try:
        from .tasks import chat
    except ImportError:  # Celery is the [celery] extra: run in-process
        run_job(job_id)
        return True
    config = alias_config(LLMJob.objects.only("alias").get(pk=job_id).alias)
    try:
        # The task's time limits sit above the client's deadline, so the client always gives up first.
        chat.apply_async(
            args=[job_id],
            soft_time_limit=config.timeout + 15,
            time_limit=config.timeout + 30,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception as exc:  # kombu, redis-py and amqp each raise their own
        if getattr(chat.app.conf, "task_always_eager", False):
            raise  # in-process: that was the job itself failing, not the broker
        # Only the class: a broker's error text can carry its URL.
        logger.warning(
            "LLM job %s could not be queued (%s)", job_id, type(exc).__name__, exc_info=False
        )
        if fail_if_unpublished:
            if LLMJob.objects.filter(pk=job_id, status=LLMJob.Status.QUEUED).update(
                status=LLMJob.Status.FAILED,
                error=QUEUE_UNAVAILABLE,
                error_code="queue_unavailable",
                finished_at=timezone.now(),
                lease_expires_at=None,
            ):
                publish_end(job_id)
        else:
            LLMJob.objects.filter(pk=job_id, status=LLMJob.Status.QUEUED).update(
                lease_expires_at=timezone.now()
            )
        return False
    return True


def run_job(job_id: int, *, final_attempt: bool = True) -> LLMJob:
    """Run a job once. A finished job, or one that another live run holds, is returned untouched
    (safe to call again).

    ``LLMUnavailable`` is re-raised when ``final_attempt`` is false, so the task can retry later;
    every other error marks the job failed.
    """
    from .client import llms

    limits = job_settings()
    now = timezone.now()
    claimed = LLMJob.objects.filter(_claimable(now), pk=job_id).update(
        status=LLMJob.Status.RUNNING,
        started_at=now,
        lease_expires_at=now + timedelta(seconds=limits.lease),
        attempts=F("attempts") + 1,
    )
    job = LLMJob.objects.get(pk=job_id)
    if not claimed:
        return job  # finished, or running elsewhere under a live lease: never run twice at once
    run = _Run(job_id, job.attempts)
    if job.attempts > limits.max_runs:
        # Every earlier run died without finishing (a worker killed, out of memory...): a message
        # delivered again and again must not loop forever.
        run.finish(status=LLMJob.Status.FAILED, error=INTERRUPTED, error_code="interrupted")
        return LLMJob.objects.get(pk=job_id)
    streaming = bool(job.request.get("stream"))
    if streaming:
        _emit(job_id, "start", {"run": run.attempt})
    with _Heartbeat(run, limits):
        try:
            if streaming:
                run.stream(job)
            else:
                response = llms[job.alias].chat(
                    job.request.get("messages", []),
                    model=job.model or None,
                    options=job.request.get("options") or None,
                )
                run.finish(
                    status=LLMJob.Status.DONE,
                    answer=response.message.content or "",
                    prompt_tokens=response.prompt_eval_count,
                    output_tokens=response.eval_count,
                )
        except LLMError as exc:
            if isinstance(exc, LLMUnavailable) and not final_attempt and not run.text:
                # Hand the job back: the task retries it later.
                run.update(
                    status=LLMJob.Status.QUEUED, lease_expires_at=_later(limits.requeue_after)
                )
                raise
            # Mid-answer, what came before the error is kept.
            run.finish(
                status=LLMJob.Status.FAILED,
                error=_user_message(exc),
                error_code=exc.code,
                answer="".join(run.text),
            )
        except Exception:
            logger.exception("LLM job %s failed", job_id)
            run.finish(
                status=LLMJob.Status.FAILED,
                error="The job failed unexpectedly.",
                error_code="error",
                answer="".join(run.text),
            )
    return LLMJob.objects.get(pk=job_id)


def cancel_job(job_id: int) -> bool:
    """Stop a queued or running job; returns whether it was stopped. A running worker notices
    within a second (between two chunks of a streamed answer, or when its model call returns) and
    stops reading from Ollama; the answer so far is kept."""
    stopped = LLMJob.objects.filter(
        pk=job_id, status__in=[LLMJob.Status.QUEUED, LLMJob.Status.RUNNING]
    ).update(
        status=LLMJob.Status.CANCELLED,
        error_code="cancelled",
        finished_at=timezone.now(),
        lease_expires_at=None,
    )
    if stopped:
        publish_end(job_id)
    return bool(stopped)


def publish_end(job_id: int) -> None:
    """The ``end`` event, with the job as a page polling it would see it."""
    _emit(job_id, "end", LLMJob.objects.get(pk=job_id).as_dict())


def hold_received(job_id: int, *, not_before: datetime | None = None) -> None:
    """A worker has taken the job's message (it waits there for a free process, or for its retry's
    countdown): if that worker dies before it runs the job, the sweeper queues it again one lease
    after it was due, not ``REQUEUE_AFTER`` (Redis hands a dead worker's messages back only after
    its visibility timeout)."""
    due = max(not_before or timezone.now(), timezone.now())
    try:
        LLMJob.objects.filter(pk=job_id, status=LLMJob.Status.QUEUED).update(
            lease_expires_at=due + timedelta(seconds=job_settings().lease)
        )
    except DatabaseError:
        # The job keeps its longer wait; nothing is lost.
        logger.warning("LLM job %s: could not note that a worker took it", job_id)


@dataclass(frozen=True)
class SweepResult:
    requeued: int = 0
    given_up: int = 0


def sweep_jobs(*, limit: int = 1000) -> SweepResult:
    """Queue again the jobs whose lease has run out (their worker died, or their message was lost)
    and give up those that have already run ``MAX_RUNS`` times. Idempotent: safe to run from several
    places at once (a beat schedule, each worker as it starts, ``manage.py llm_sweep_jobs``)."""
    limits = job_settings()
    now = timezone.now()
    stale = (
        LLMJob.objects.filter(status__in=[LLMJob.Status.QUEUED, LLMJob.Status.RUNNING])
        .filter(Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True))
        .order_by("pk")
        .values_list("pk", "status", "attempts")[:limit]
    )
    requeued = given_up = 0
    for pk, status, attempts in list(stale):
        # The same conditions again in the UPDATE: whoever changes the row first wins, the others
        # find nothing to change.
        row = LLMJob.objects.filter(
            Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True),
            pk=pk,
            status=status,
            attempts=attempts,
        )
        if status == LLMJob.Status.RUNNING and attempts >= limits.max_runs:
            if row.update(
                status=LLMJob.Status.FAILED,
                error=INTERRUPTED,
                error_code="interrupted",
                finished_at=now,
                lease_expires_at=None,
            ):
                given_up += 1
                publish_end(pk)
            continue
        if row.update(status=LLMJob.Status.QUEUED, lease_expires_at=_later(limits.requeue_after)):
            logger.info("LLM job %s queued again (it was %s, run %s)", pk, status, attempts)
            requeued += enqueue(pk, fail_if_unpublished=False)
    return SweepResult(requeued=requeued, given_up=given_up)


class _Run:
    """One claimed run of a job: its changes apply only while the job is still running this run."""

    # How often a streaming run looks whether it was cancelled (or taken over).
    CHECK_EVERY = 0.25

    def __init__(self, job_id: int, attempt: int) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.started = time.monotonic()
        self.text: list[str] = []  # a streamed answer so far

    def stream(self, job: LLMJob) -> None:
        """Read the answer chunk by chunk, publishing each; stop reading as soon as the job is no
        longer this run's (cancelled, or taken over after a lost lease)."""
        from .client import llms

        chunks = llms[job.alias].chat(
            job.request.get("messages", []),
            model=job.model or None,
            options=job.request.get("options") or None,
            stream=True,
        )
        checked = time.monotonic()
        last: Any = None
        try:
            for last in chunks:
                piece = last.message.content or ""
                if piece:
                    self.text.append(piece)
                    _emit(self.job_id, "chunk", {"text": piece})
                if time.monotonic() - checked >= self.CHECK_EVERY:
                    checked = time.monotonic()
                    if not self.holds():
                        logger.info(
                            "LLM job %s run %s stopped: cancelled", self.job_id, self.attempt
                        )
                        LLMJob.objects.filter(
                            pk=self.job_id, status=LLMJob.Status.CANCELLED, answer=""
                        ).update(answer="".join(self.text))
                        return
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # closes the HTTP response: Ollama stops generating
        self.finish(
            status=LLMJob.Status.DONE,
            answer="".join(self.text),
            prompt_tokens=getattr(last, "prompt_eval_count", None),
            output_tokens=getattr(last, "eval_count", None),
        )

    def holds(self) -> bool:
        return LLMJob.objects.filter(
            pk=self.job_id, status=LLMJob.Status.RUNNING, attempts=self.attempt
        ).exists()

    def update(self, **fields: Any) -> bool:
        return bool(
            LLMJob.objects.filter(
                pk=self.job_id, status=LLMJob.Status.RUNNING, attempts=self.attempt
            ).update(**fields)
        )

    def finish(self, **fields: Any) -> bool:
        finished = self.update(
            finished_at=timezone.now(),
            duration_ms=int((time.monotonic() - self.started) * 1000),
            lease_expires_at=None,
            **fields,
        )
        if finished:
            logger.info(
                "LLM job %s finished: %s (run %s)", self.job_id, fields["status"], self.attempt
            )
            publish_end(self.job_id)
        else:
            logger.info("LLM job %s run %s ended after losing its lease", self.job_id, self.attempt)
        return finished


class _Heartbeat:
    """Renews the run's lease every third of it, from a thread, while the model call blocks."""

    def __init__(self, run: _Run, limits: JobSettings) -> None:
        self.run = run
        self.limits = limits
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"llm-job-{run.job_id}-lease", daemon=True
        )

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.limits.beat):
                try:
                    if not self.run.update(lease_expires_at=_later(self.limits.lease)):
                        return  # finished, cancelled or taken over: nothing left to hold
                except DatabaseError:
                    # A missed beat only shortens the lease; the next one may get through.
                    logger.warning("LLM job %s: its lease could not be renewed", self.run.job_id)
        finally:
            connections.close_all()  # this thread's own connections


def _emit(job_id: int, kind: str, data: Mapping[str, Any]) -> None:
    from . import streams

    try:
        streams.publish(job_id, kind, data)
    except Exception as exc:  # the stream is a convenience: the job row stays the record
        logger.warning(
            "LLM job %s: its %s event was not published (%s)", job_id, kind, type(exc).__name__
        )


def _claimable(now: datetime) -> Q:
    expired = Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    return Q(status=LLMJob.Status.QUEUED) | (Q(status=LLMJob.Status.RUNNING) & expired)


def _later(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def _user_message(exc: LLMError) -> str:
    hints = {
        "model_not_found": exc.message,
        "unavailable": f"The language model server is not reachable right now ({exc.host}). Try again in a minute.",
        "timeout": "The language model took too long to answer. Try a shorter question or try again later.",
    }
    return hints.get(exc.code, exc.message)
