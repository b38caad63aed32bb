"""Run checks concurrently, each under its own timeout, without ever waiting on a stuck thread.

- A small pool of daemon threads of our own runs the checks; the request thread only waits, up to
  the largest timeout, and then answers.
- A check whose previous run is still stuck is not started again: it fails at once. A hung
  dependency therefore holds at most one thread per check, and never stalls other pages.
- Results are cached for ``CACHE_SECONDS``, and concurrent callers share one run (single flight):
  a storm of probes costs at most one run of each check per interval and per process.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future

# Not the builtin TimeoutError before Python 3.11.
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from .registry import Check, CheckFailed, CheckWarning

logger = logging.getLogger("foundation_health")

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Result:
    name: str
    status: str
    critical: bool
    duration_ms: float
    error: str = ""
    detail: Any = None

    def public(self) -> dict[str, Any]:
        return {"status": self.status}

    def private(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status,
            "critical": self.critical,
            "duration_ms": self.duration_ms,
        }
        if self.error:
            data["error"] = self.error
        if self.detail is not None:
            data["detail"] = self.detail
        return data


@dataclass
class Report:
    results: dict[str, Result]
    created: float = field(default_factory=time.monotonic)

    @property
    def status(self) -> str:
        statuses = {
            r.status if r.critical or r.status == OK else WARN for r in self.results.values()
        }
        if FAIL in statuses:
            return FAIL
        return WARN if WARN in statuses else OK

    @property
    def ready(self) -> bool:
        return self.status != FAIL


class _Pool:
    """Daemon threads taking work from a queue; a stuck thread is simply left behind."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tasks: queue.SimpleQueue[tuple[Callable[[], object], Future[object]]] = (
            queue.SimpleQueue()
        )
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.busy = 0

    def submit(self, func: Callable[[], object]) -> Future[object]:
        future: Future[object] = Future()
        with self.lock:
            if self.busy >= self.size:
                future.set_exception(CheckFailed("no free worker: earlier checks are still stuck"))
                return future
            self.busy += 1
            if len(self.threads) < self.size and len(self.threads) < self.busy:
                thread = threading.Thread(
                    target=self._work, name=f"foundation-health-{len(self.threads)}", daemon=True
                )
                self.threads.append(thread)
                thread.start()
        self.tasks.put((func, future))
        return future

    def _work(self) -> None:
        while True:
            func, future = self.tasks.get()
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(func())
                    except BaseException as exc:
                        future.set_exception(exc)
            finally:
                with self.lock:
                    self.busy -= 1


class Runner:
    def __init__(self, workers: int) -> None:
        self.pool = _Pool(workers)
        self.lock = threading.Lock()
        self.in_flight: dict[str, tuple[Future[object], float]] = {}
        self.cached: Report | None = None
        self.running: threading.Event | None = None
        self.last_status: dict[str, str] = {}

    def report(
        self, checks: Sequence[tuple[Check, float]], max_age: float, *, fresh: bool = False
    ) -> Report:
        """The cached report if younger than ``max_age``, else one run shared by all callers."""
        deadline = max((timeout for _, timeout in checks), default=0.0) + 0.2
        while True:
            with self.lock:
                cached = self.cached
                if not fresh and cached is not None and time.monotonic() - cached.created < max_age:
                    return cached
                running = self.running
                if running is None:
                    self.running = threading.Event()
                    leader = self.running
                    break
            # Another request is running the checks: wait for its result.
            if not running.wait(deadline):
                return Report(
                    {
                        c.name: Result(c.name, FAIL, c.critical, 0.0, "timed out waiting for a run")
                        for c, _ in checks
                    }
                )
            fresh = False
        try:
            report = self._run(checks)
            with self.lock:
                self.cached = report
            return report
        finally:
            with self.lock:
                self.running = None
            leader.set()

    def _run(self, checks: Sequence[tuple[Check, float]]) -> Report:
        started = time.monotonic()
        futures: dict[str, tuple[Check, float, Future[object], float]] = {}
        results: dict[str, Result] = {}
        for check, timeout in checks:
            with self.lock:
                previous = self.in_flight.get(check.name)
                if previous is not None and not previous[0].done():
                    stuck_for = time.monotonic() - previous[1]
                    results[check.name] = Result(
                        check.name,
                        FAIL,
                        check.critical,
                        0.0,
                        f"previous run still stuck after {stuck_for:.1f} s",
                    )
                    continue
                future = self.pool.submit(check.func)
                self.in_flight[check.name] = (future, time.monotonic())
            futures[check.name] = (check, timeout, future, time.monotonic())
        for name, (check, timeout, future, submitted) in futures.items():
            remaining = submitted + timeout - time.monotonic()
            try:
                value = future.result(timeout=max(remaining, 0.0))
            except FutureTimeout:
                results[name] = Result(
                    name, FAIL, check.critical, timeout * 1000, f"timed out after {timeout:g} s"
                )
                continue
            except CheckWarning as exc:
                results[name] = Result(name, WARN, check.critical, _ms(submitted), str(exc))
                continue
            except CheckFailed as exc:
                results[name] = Result(name, FAIL, check.critical, _ms(submitted), str(exc))
                continue
            except Exception as exc:  # reported by class only; the full error goes to the log
                logger.warning("health check %s failed", name, exc_info=exc)
                results[name] = Result(
                    name, FAIL, check.critical, _ms(submitted), exc.__class__.__name__
                )
                continue
            results[name] = Result(name, OK, check.critical, _ms(submitted), detail=_detail(value))
        ordered = {check.name: results[check.name] for check, _ in checks}
        self._log_changes(ordered)
        logger.debug("health checks ran in %.1f ms", (time.monotonic() - started) * 1000)
        return Report(ordered)

    def _log_changes(self, results: dict[str, Result]) -> None:
        for name, result in results.items():
            before = self.last_status.get(name)
            if before != result.status and (before is not None or result.status != OK):
                log = logger.info if result.status == OK else logger.warning
                log(
                    "health check %s is %s",
                    name,
                    result.status,
                    extra={
                        "check": name,
                        "status": result.status,
                        "error": result.error,
                        "action": "health.check_changed",
                    },
                )
            self.last_status[name] = result.status


def _ms(since: float) -> float:
    return round((time.monotonic() - since) * 1000, 2)


def _detail(value: object) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {
            str(k): v
            for k, v in value.items()
            if isinstance(v, (str, int, float, bool, type(None)))
        }
    return str(value)


_runner: Runner | None = None
_runner_lock = threading.Lock()


def get_runner(workers: int) -> Runner:
    global _runner
    with _runner_lock:
        if _runner is None:
            _runner = Runner(workers)
        return _runner


def reset() -> None:
    """Forget cached results and the check list (settings changed, a check was registered).
    Stuck threads stay."""
    global _runner
    from . import probes

    probes.forget_selection()
    with _runner_lock:
        if _runner is not None:
            with _runner.lock:
                _runner.cached = None
