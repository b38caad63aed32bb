"""A job's events as they happen: ``start`` (a run begins; readers clear what an earlier, interrupted run
wrote), ``chunk`` (a piece of the answer) and ``end`` (the final status). The worker publishes them; the
server-sent-events view reads them.

With ``FOUNDATION_LLM_JOBS["STREAM_REDIS_URL"]`` each job has one Redis stream (``XADD`` with an
approximate ``MAXLEN``, and an expiry renewed as it grows). A stream, not pub/sub: a reader that joins
late or reconnects asks for what came after the last id it saw (``Last-Event-ID``), and Redis still
has it; pub/sub forgets what was sent while nobody listened. Redis gives each event its id, and
``XREAD BLOCK`` lets an async reader wait without a thread. Bounded and expiring, a stream nobody
reads costs nothing for long.

Without it, events live in this process's memory: enough when the job runs in the same process as
the page (tasks in-process, development), not across a worker and a web server.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings

STREAM_DEFAULTS: dict[str, Any] = {
    "STREAM_REDIS_URL": None,  # None: events in process memory (development)
    "STREAM_MAXLEN": 10_000,  # events kept per job (approximately)
    "STREAM_TTL": 3600,  # seconds a job's events are kept after the last one
    "STREAM_KEY_PREFIX": "foundation_llm:job:",
    # Each open events view holds one connection while it waits (XREAD BLOCK): allow as many as
    # the site holds open streams, per web process.
    "STREAM_MAX_CONNECTIONS": 1000,
}


def stream_settings() -> dict[str, Any]:
    return {**STREAM_DEFAULTS, **(getattr(settings, "FOUNDATION_LLM_JOBS", None) or {})}


@dataclass(frozen=True)
class Event:
    id: str
    kind: str  # "start", "chunk" or "end"
    data: dict[str, Any]


def publish(job_id: int, kind: str, data: Mapping[str, Any]) -> None:
    """Append an event to the job's stream (from the worker, or wherever the job's state changes)."""
    config = stream_settings()
    if config["STREAM_REDIS_URL"]:
        _redis_publish(config, job_id, kind, dict(data))
    else:
        _memory.publish(job_id, kind, dict(data), config)


async def read(job_id: int, after: str | None, *, block: float) -> list[Event]:
    """The job's events after the id ``after`` (all of them when None), waiting up to ``block``
    seconds for one to come. Awaits without holding a thread."""
    config = stream_settings()
    if config["STREAM_REDIS_URL"]:
        return await _redis_read(config, job_id, after, block)
    return await _memory.read(job_id, after, block)


# -- Redis -------------------------------------------------------------------------------------

_sync_clients: dict[tuple[str, int], Any] = {}
_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)


def _key(config: Mapping[str, Any], job_id: int) -> str:
    return f"{config['STREAM_KEY_PREFIX']}{job_id}"


def _redis_publish(config: Mapping[str, Any], job_id: int, kind: str, data: dict[str, Any]) -> None:
    import redis

    url = str(config["STREAM_REDIS_URL"])
    # One client per process: a client made before a fork must not be shared with the child.
    client = _sync_clients.get((url, os.getpid()))
    if client is None:
        client = _sync_clients[(url, os.getpid())] = redis.Redis.from_url(url)
    key = _key(config, job_id)
    pipe = client.pipeline(transaction=False)
    pipe.xadd(
        key,
        {"kind": kind, "data": json.dumps(data)},
        maxlen=int(config["STREAM_MAXLEN"]),
        approximate=True,
    )
    pipe.expire(key, int(config["STREAM_TTL"]))
    pipe.execute()


async def _redis_read(
    config: Mapping[str, Any], job_id: int, after: str | None, block: float
) -> list[Event]:
    import redis.asyncio

    url = str(config["STREAM_REDIS_URL"])
    # An asyncio client belongs to the event loop it was made in.
    clients = _async_clients.setdefault(asyncio.get_running_loop(), {})
    client = clients.get(url)
    if client is None:
        client = clients[url] = redis.asyncio.Redis.from_url(
            url, max_connections=int(config["STREAM_MAX_CONNECTIONS"])
        )
    reply: Any = await client.xread(
        {_key(config, job_id): after or "0-0"}, block=max(1, int(block * 1000)), count=500
    )
    events = []
    for _stream, entries in reply or []:
        for event_id, fields in entries:
            events.append(
                Event(
                    id=event_id.decode(),
                    kind=fields[b"kind"].decode(),
                    data=json.loads(fields[b"data"]),
                )
            )
    return events


# -- process memory ----------------------------------------------------------------------------


class _MemoryStreams:
    """Each job's events in a list, ids counting from 1; expired like the Redis streams."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.streams: dict[int, tuple[float, list[Event]]] = {}

    def publish(
        self, job_id: int, kind: str, data: dict[str, Any], config: Mapping[str, Any]
    ) -> None:
        now = time.monotonic()
        with self.lock:
            for old in [k for k, (until, _) in self.streams.items() if until < now]:
                del self.streams[old]
            _, events = self.streams.get(job_id, (0.0, []))
            next_id = int(events[-1].id) + 1 if events else 1
            events.append(Event(id=str(next_id), kind=kind, data=data))
            del events[: -int(config["STREAM_MAXLEN"])]
            self.streams[job_id] = (now + float(config["STREAM_TTL"]), events)

    async def read(self, job_id: int, after: str | None, block: float) -> list[Event]:
        try:
            last = int(after) if after else 0
        except ValueError:
            last = 0
        deadline = time.monotonic() + block
        while True:
            with self.lock:
                _, events = self.streams.get(job_id, (0.0, []))
                found = [e for e in events if int(e.id) > last]
            if found or time.monotonic() >= deadline:
                return found
            await asyncio.sleep(0.02)  # development only: a short poll, no thread held


_memory = _MemoryStreams()
