"""Prometheus metrics of calls and jobs, kept whenever ``prometheus_client`` is installed (the
``metrics`` extra); without it every function here does nothing.

``prometheus_client`` is imported at the first call or job, never at ``django.setup()``. The
metrics live in its default registry, so whatever exports that registry (foundation-health's
``/metrics``, django-prometheus, ``prometheus_client.start_http_server``) exports them, and under
``PROMETHEUS_MULTIPROC_DIR`` every worker's counts add up. Labels are the alias, the model, the
operation and the error's kind: all bounded by the site's settings, never by user input.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

# Seconds: an LLM call takes from a tenth of a second (an embedding) to minutes (a long answer).
BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)


class _Metrics:
    def __init__(self) -> None:
        from prometheus_client import Counter, Histogram

        calls = ["alias", "model", "operation"]
        self.calls = Counter(
            "foundation_llm_calls", "Calls to Ollama, whatever their outcome.", calls
        )
        self.errors = Counter(
            "foundation_llm_errors",
            "Calls that failed, by kind (timeout, unavailable, model_not_found, error...).",
            ["alias", "model", "kind"],
        )
        self.retries = Counter(
            "foundation_llm_retries",
            "Attempts beyond the first, over all calls.",
            ["alias", "model"],
        )
        self.duration = Histogram(
            "foundation_llm_call_duration_seconds",
            "Time of a whole call, every attempt and the wait between them included.",
            calls,
            buckets=BUCKETS,
        )
        self.tokens = Counter(
            "foundation_llm_tokens",
            "Tokens Ollama reported, by direction (prompt or output).",
            ["alias", "model", "direction"],
        )
        self.jobs = Counter(
            "foundation_llm_jobs",
            "Background chat jobs entering each status (queued, requeued, done, failed).",
            ["status"],
        )


_lock = threading.Lock()


def _get() -> _Metrics | None:
    # The lock: two threads' first calls must not register the metrics twice.
    with _lock:
        return _build()


@functools.cache
def _build() -> _Metrics | None:
    try:
        return _Metrics()
    except ImportError:  # no prometheus_client: no metrics
        return None


def call(
    *,
    alias: str,
    model: str,
    operation: str,
    seconds: float,
    attempts: int,
    error: str | None,
    response: Any,
) -> None:
    """Count one finished call (sync, async or streamed)."""
    metrics = _get()
    if metrics is None:
        return
    metrics.calls.labels(alias, model, operation).inc()
    metrics.duration.labels(alias, model, operation).observe(seconds)
    if attempts > 1:
        metrics.retries.labels(alias, model).inc(attempts - 1)
    if error is not None:
        metrics.errors.labels(alias, model, error).inc()
    for direction, attribute in (("prompt", "prompt_eval_count"), ("output", "eval_count")):
        count = getattr(response, attribute, None)
        if isinstance(count, int) and count > 0:
            metrics.tokens.labels(alias, model, direction).inc(count)


def job(status: str, count: int = 1) -> None:
    """Count jobs entering ``status``."""
    metrics = _get()
    if metrics is not None and count:
        metrics.jobs.labels(status).inc(count)
