"""The deadline of a call, carried down to every HTTP request, and the watchdog that cuts a stream
that falls silent.

ollama's clients take no per-call timeout, but pass extra arguments on to httpx: a wrapping
transport reads the call's deadline from a context variable and gives each request the time left.
httpx's read timeout is per read, so a stream that stalls after its first chunk would wait a whole
read timeout again; one watchdog thread per process shuts such a stream's socket at the deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

deadline: ContextVar[float | None] = ContextVar("foundation_llm_deadline", default=None)
# While a stream opens, the transport puts each response's network stream here, so that the
# watchdog can cut it even while a read is blocked.
_opened: ContextVar[list[Any] | None] = ContextVar("foundation_llm_opened", default=None)


class _NotOurRequests(logging.Filter):
    """httpx logs each request at INFO; a call of this package already logs one event saying more,
    so its requests' lines are dropped (a site's other httpx requests keep theirs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return deadline.get() is None


logging.getLogger("httpx").addFilter(_NotOurRequests())


def remaining() -> float | None:
    """Seconds left before the current call's deadline (None outside a call)."""
    until = deadline.get()
    return None if until is None else until - time.monotonic()


def _timeouts(connect: float) -> dict[str, float] | None:
    left = remaining()
    if left is None:
        return None
    left = max(left, 0.001)
    return {"connect": min(connect, left), "read": left, "write": left, "pool": left}


class DeadlineTransport(httpx.BaseTransport):
    """Gives every request the time left before the call's deadline."""

    def __init__(self, connect_timeout: float, verify: ssl.SSLContext | bool = True) -> None:
        self.inner = httpx.HTTPTransport(verify=verify, retries=0)
        self.connect_timeout = connect_timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = _timeouts(self.connect_timeout)
        if timeouts is not None:
            request.extensions["timeout"] = timeouts
        response = self.inner.handle_request(request)
        opened = _opened.get()
        if opened is not None:
            opened.append(response.extensions.get("network_stream"))
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    """The same for ``ollama.AsyncClient``; a stall there is bounded by ``asyncio.wait_for``."""

    def __init__(self, connect_timeout: float, verify: ssl.SSLContext | bool = True) -> None:
        self.inner = httpx.AsyncHTTPTransport(verify=verify, retries=0)
        self.connect_timeout = connect_timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = _timeouts(self.connect_timeout)
        if timeouts is not None:
            request.extensions["timeout"] = timeouts
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@contextlib.contextmanager
def capture_streams() -> Iterator[list[Any]]:
    """Collect the network streams of the responses opened inside the block."""
    opened: list[Any] = []
    token = _opened.set(opened)
    try:
        yield opened
    finally:
        _opened.reset(token)


def sever(network_stream: Any) -> None:
    """Shut a stream's socket down: a read blocked on it returns at once (httpcore then discards
    the connection instead of pooling it)."""
    sock = network_stream.get_extra_info("socket") if network_stream is not None else None
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


@dataclass(order=True)
class Timer:
    when: float
    seq: int
    action: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Watchdog:
    """One daemon thread per process running actions at their time (a thread per stream would
    cost every stream a thread start before its first chunk)."""

    def __init__(self) -> None:
        self._seq = itertools.count()
        self._reset()
        if hasattr(os, "register_at_fork"):
            # A forked child has no watchdog thread, and its lock may have been held at the fork.
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._timers: list[Timer] = []
        self._cancelled = 0
        self._pid = 0

    def call_at(self, when: float, action: Callable[[], None]) -> Timer:
        timer = Timer(when, next(self._seq), action)
        with self._cond:
            if self._pid != os.getpid():  # the first use in this process
                self._pid = os.getpid()
                threading.Thread(
                    target=self._run, name="foundation-llm-watchdog", daemon=True
                ).start()
            heapq.heappush(self._timers, timer)
            if self._timers[0] is timer:
                self._cond.notify()
        return timer

    def cancel(self, timer: Timer) -> None:
        with self._cond:
            if timer.cancelled:
                return
            timer.cancelled = True
            self._cancelled += 1
            if self._cancelled > 64 and self._cancelled * 2 > len(self._timers):
                self._timers = [t for t in self._timers if not t.cancelled]
                heapq.heapify(self._timers)
                self._cancelled = 0

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._timers and self._timers[0].cancelled:
                    heapq.heappop(self._timers)
                    self._cancelled -= 1
                if not self._timers:
                    self._cond.wait()
                    continue
                delay = self._timers[0].when - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                timer = heapq.heappop(self._timers)
                timer.cancelled = True  # done: a later cancel() is a no-op
                self._cond.release()
                try:
                    with contextlib.suppress(
                        Exception
                    ):  # one failing action must not stop the rest
                        timer.action()
                finally:
                    self._cond.acquire()


watchdog = Watchdog()
