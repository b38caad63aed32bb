"""Connection pools, the stream watchdog and the log event, as a site runs them."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
from collections.abc import Iterator

import httpx
import pytest
from asgiref.sync import async_to_sync

from foundation_llm import llm
from foundation_llm.testing import FakeOllamaServer

HI = [{"role": "user", "content": "hi there"}]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_async_calls_in_a_fresh_event_loop_per_request_keep_fds_and_memory_flat(
    server: FakeOllamaServer,
) -> None:
    # Under WSGI an async view runs each request in a new event loop (asgiref's async_to_sync);
    # each loop's pool must be closed with it, not kept for ever.
    async def view() -> str:
        return (await llm.achat(HI)).message.content or ""

    async def streaming_view() -> str:
        return "".join([c.message.content async for c in await llm.achat(HI, stream=True)])

    for _ in range(25):  # warm-up: imports, caches, the allocator's arenas
        assert async_to_sync(view)() == async_to_sync(streaming_view)() == "Echo: hi there"
    gc.collect()
    fds, rss = open_fds(), rss_mib()
    for index in range(1000):
        # asgiref's loop per request (a WSGI server), and asyncio.run as a script would.
        run = async_to_sync(view if index % 4 else streaming_view)
        answer = run() if index % 2 else asyncio.run(view())
        assert answer == "Echo: hi there"
    gc.collect()
    assert open_fds() <= fds + 3
    assert rss_mib() - rss < 16  # 1,000 unclosed clients held about 800 MiB
    assert len(server.calls("/api/chat")) == 1050


def test_a_pool_is_reused_within_one_event_loop(server: FakeOllamaServer) -> None:
    async def many() -> set[int]:
        clients = set()
        for _ in range(5):
            await llm.achat(HI)
            clients.add(id(await llm._async_pool(llm.config)))
        return clients

    assert len(asyncio.run(many())) == 1


def client_threads() -> list[str]:
    # The fake server runs in this process: leave its handler threads out.
    return [t.name for t in threading.enumerate() if "process_request_thread" not in t.name]


def test_one_watchdog_thread_for_every_stream(server: FakeOllamaServer) -> None:
    list(llm.chat(HI, stream=True))  # the watchdog starts with the first stream
    before = client_threads()
    assert before.count("foundation-llm-watchdog") == 1
    streams = [llm.chat(HI, stream=True) for _ in range(20)]
    firsts = [next(s) for s in streams]  # twenty streams open at once
    assert client_threads() == before
    assert all(f.message.content == "Echo: " for f in firsts)
    for stream in streams:
        assert "".join(c.message.content for c in stream) == "hi there"


@pytest.fixture
def root_records() -> Iterator[list[logging.LogRecord]]:
    """Records reaching a handler on the root logger, as a site's LOGGING sets it up."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_each_call_is_logged_once(
    server: FakeOllamaServer, root_records: list[logging.LogRecord]
) -> None:
    llm.chat(HI)
    list(llm.chat(HI, stream=True))
    stream = llm.chat(HI, stream=True)
    next(stream)
    stream.close()  # the caller stops reading: still one event

    async def calls() -> None:
        await llm.achat(HI)
        async for _ in await llm.achat(HI, stream=True):
            pass

    asyncio.run(calls())
    server.fail("/api/chat", status=503, times=None)
    with pytest.raises(Exception, match="server busy"):
        llm.chat(HI)
    events = [r for r in root_records if r.name == "foundation_llm"]
    assert [(e.operation, e.stream, e.outcome) for e in events] == [
        ("chat", False, "ok"),
        ("chat", True, "ok"),
        ("chat", True, "closed"),
        ("chat", False, "ok"),
        ("chat", True, "ok"),
        ("chat", False, "unavailable"),
    ]
    assert logging.getLogger("foundation_llm").handlers == []  # the site's LOGGING decides
    # httpx's own line per request would log each call a second time.
    assert [r.getMessage() for r in root_records if r.name == "httpx"] == []
    with httpx.Client() as other:  # a site's own httpx requests keep their lines
        other.get(server.url + "/api/version")
    assert [r.name for r in root_records].count("httpx") == 1
