"""Run checks concurrently under one deadline, without ever waiting on a stuck thread.

- ``prepare()`` of every check runs first, in the calling thread, one check after another and under
  one lock: imports and client construction never count against a timeout and never race.
- Then the clock starts. A small pool of daemon threads of our own runs the checks; the caller
  waits for each up to its timeout, and for all of them up to the overall deadline, then answers.
- A check whose previous run is still stuck is not started again: it fails at once. A hung
  dependency therefore holds at most one thread per check, and never stalls other pages.
- Results are cached for ``CACHE_SECONDS``, and concurrent callers share one run (single flight):
  a storm of probes costs at most one run of each check per interval and per process.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future

# Not the builtin TimeoutError before Python 3.11.
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .base import CheckFailed, CheckWarning
from .builtin_checks import Selected

logger = logging.getLogger("foundation_health")

OK, WARN, FAIL = "ok", "warn", "fail"

# How long a caller waits for another caller's run beyond its deadline (a busy machine's slack).
FOLLOWER_SLACK = 2.0
# How long a caller waits for another caller's preparation (cold imports) before giving up.
PREPARE_WAIT = 60.0


@dataclass
class Result:
    name: str
    status: str
    critical: bool
    duration_ms: float
    error: str = ""
    detail: Any = None
    # For the log only: the error with the exception's message, which callers never see.
    reason: str = ""

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


Signature = tuple[tuple[str, float, bool], ...]


@dataclass
class _Run:
    """One run in progress, which other callers of the same selection wait for."""

    prepared: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    clock: float = 0.0
    report: Report | None = None


class Runner:
    def __init__(self, workers: int) -> None:
        self.pool = _Pool(workers)
        self.lock = threading.Lock()
        self.prepare_lock = threading.Lock()
        self.in_flight: dict[str, tuple[Future[object], float]] = {}
        self.cached: dict[Signature, Report] = {}
        self.runs: dict[Signature, _Run] = {}
        self.last_status: dict[str, str] = {}

    def forget(self) -> None:
        """Drop cached reports; stuck threads and their in-flight runs stay."""
        with self.lock:
            self.cached.clear()

    def report(
        self, selection: Sequence[Selected], *, max_age: float, deadline: float, fresh: bool = False
    ) -> Report:
        """The cached report if younger than ``max_age``, else one run shared by all callers."""
        signature = tuple((s.check.name, s.timeout, s.critical) for s in selection)
        with self.lock:
            cached = self.cached.get(signature)
            if not fresh and cached is not None and time.monotonic() - cached.created < max_age:
                return cached
            run = self.runs.get(signature)
            leader = run is None
            if run is None:
                run = self.runs[signature] = _Run()
        if not leader:
            return self._follow(run, selection, deadline)
        try:
            report = self._run(selection, deadline, run)
            with self.lock:
                self.cached = {signature: report}  # only the latest selection's
            run.report = report
            return report
        finally:
            with self.lock:
                del self.runs[signature]
            run.prepared.set()
            run.done.set()

    def _follow(self, run: _Run, selection: Sequence[Selected], deadline: float) -> Report:
        run.prepared.wait(PREPARE_WAIT)
        remaining = run.clock + deadline + FOLLOWER_SLACK - time.monotonic()
        if run.done.wait(max(remaining, 0.0)) and run.report is not None:
            return run.report
        return Report(
            {
                s.check.name: Result(
                    s.check.name, FAIL, s.critical, 0.0, "timed out waiting for a run"
                )
                for s in selection
            }
        )

    def _run(self, selection: Sequence[Selected], deadline: float, run: _Run) -> Report:
        results: dict[str, Result] = {}
        with self.prepare_lock:
            for s in selection:
                try:
                    s.check.prepare()
                except Exception as exc:
                    results[s.check.name] = _failure(s, exc, 0.0)
        run.clock = started = time.monotonic()
        run.prepared.set()
        end = started + deadline
        futures: dict[str, tuple[Selected, Future[object], float]] = {}
        for s in selection:
            name = s.check.name
            if name in results:
                continue
            with self.lock:
                previous = self.in_flight.get(name)
                if previous is not None and not previous[0].done():
                    stuck_for = time.monotonic() - previous[1]
                    results[name] = Result(
                        name,
                        FAIL,
                        s.critical,
                        0.0,
                        f"previous run still stuck after {stuck_for:.1f} s",
                    )
                    continue
                future = self.pool.submit(s.check.run)
                self.in_flight[name] = (future, time.monotonic())
            futures[name] = (s, future, time.monotonic())
        for name, (s, future, submitted) in futures.items():
            own_end = submitted + s.timeout
            try:
                value = future.result(timeout=max(min(own_end, end) - time.monotonic(), 0.0))
            except FutureTimeout:
                reason = (
                    f"timed out after {s.timeout:g} s"
                    if own_end <= end
                    else f"no answer within the {deadline:g} s deadline"
                )
                results[name] = Result(name, FAIL, s.critical, _ms(submitted), reason)
                continue
            except Exception as exc:
                results[name] = _failure(s, exc, _ms(submitted))
                continue
            results[name] = Result(name, OK, s.critical, _ms(submitted), detail=_detail(value))
        ordered = {s.check.name: results[s.check.name] for s in selection}
        self._log_changes(ordered)
        return Report(ordered)

    def _log_changes(self, results: dict[str, Result]) -> None:
        """One log line per change of a check's status: WARNING when it fails, INFO when it recovers."""
        with self.lock:
            changed = []
            for name, result in results.items():
                before = self.last_status.get(name)
                if before != result.status and (before is not None or result.status != OK):
                    changed.append(result)
                self.last_status[name] = result.status
        for result in changed:
            log = logger.info if result.status == OK else logger.warning
            text = result.reason or result.error
            reason = f": {text}" if text else ""
            log(
                "health check %s is %s%s",
                result.name,
                result.status,
                reason,
                extra={
                    "check": result.name,
                    "status": result.status,
                    "error": result.error,
                    "action": "health.check_changed",
                },
            )


# user:password@ in a URL inside an exception message.
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def _failure(s: Selected, exc: Exception, duration_ms: float) -> Result:
    name = s.check.name
    if isinstance(exc, CheckWarning):
        return Result(name, WARN, s.critical, duration_ms, str(exc))
    if isinstance(exc, CheckFailed):
        return Result(name, FAIL, s.critical, duration_ms, str(exc))
    # Callers see the class only; the log gets the message too, with credentials in URLs masked.
    cls = type(exc).__name__
    reason = f"{cls}: {_mask(str(exc))}"
    return Result(name, FAIL, s.critical, duration_ms, cls, reason=reason)


def _mask(text: str) -> str:
    """The text without credentials in URLs, nor any password or token the settings hold."""
    from django.conf import settings

    text = _CREDENTIALS.sub("***@", text)
    secrets = {str(getattr(settings, "SECRET_KEY", "") or "")}
    secrets.add(str((getattr(settings, "FOUNDATION_HEALTH", None) or {}).get("TOKEN") or ""))
    for database in getattr(settings, "DATABASES", {}).values():
        secrets.add(str(database.get("PASSWORD") or ""))
    urls = [str(getattr(settings, "CELERY_BROKER_URL", "") or "")]
    for cache in getattr(settings, "CACHES", {}).values():
        location = cache.get("LOCATION")
        urls += [location] if isinstance(location, str) else [str(u) for u in location or []]
    for url in urls:
        try:
            secrets.add(urlsplit(url).password or "")
        except ValueError:
            continue
    for secret in sorted(secrets - {""}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


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
