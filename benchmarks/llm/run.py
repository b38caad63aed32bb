"""Latency on the fake Ollama server, side by side in one process, against the official client
reused as it should be:

- one short chat: ``llm.chat`` (deadline, retries, error mapping, logging), a reused
  ``ollama.Client().chat`` and raw ``httpx`` with a reused ``httpx.Client``;
- the same chat from async code: ``llm.achat`` and a reused ``ollama.AsyncClient().chat``;
- a stream's time to its first chunk: ``llm.chat(stream=True)`` and the reused client's.

    .venv/bin/python benchmarks/llm/run.py [--rounds 5] [--calls 400]

Rounds alternate the order; the report is each variant's median and its ratio to the reused
official client. Budgets: chat <= 1.2x, async chat <= 1.1x, first chunk <= 1.1x.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import django
from django.conf import settings

SERVE = """
import time
from foundation_llm.testing import FakeOllamaServer
server = FakeOllamaServer(port=%d).start()
time.sleep(900)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit("the fake Ollama server did not start")


def timed(func: Callable[[], None]) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        func()
        return time.perf_counter() - started

    return run


def report(
    title: str,
    variants: dict[str, Callable[[], float]],
    base_name: str,
    budget: float,
    args: argparse.Namespace,
) -> None:
    for measure in variants.values():  # warm-up: connections open, code paths hot
        for _ in range(50):
            measure()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(args.rounds):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            samples[name].extend(variants[name]() for _ in range(args.calls))
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    base = medians[base_name]
    print(f"{title}: {args.rounds} rounds x {args.calls} calls each, alternating; median per call:")
    for name, value in medians.items():
        p99 = sorted(samples[name])[int(len(samples[name]) * 0.99)] * 1000
        print(f"  {name:<28} {value:6.3f} ms  (p99 {p99:6.3f} ms)  {value / base:5.2f}x")
    ours = next(name for name in medians if name.startswith("foundation_llm"))
    print(f"  budget <= {budget:.2f}x the reused client; measured {medians[ours] / base:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args()

    # The fake server runs in its own process, as Ollama would: in this process its thread would
    # compete with the clients for the GIL and blur the comparison.
    port = free_port()
    server_process = subprocess.Popen(
        [sys.executable, "-c", SERVE % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(port)
        url = f"http://127.0.0.1:{port}"
        settings.configure(
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "foundation_llm"],
            DATABASES={},
            FOUNDATION_LLM={"default": {"HOST": url, "MODEL": "llama3.2", "TIMEOUT": 30}},
            LOGGING_CONFIG=None,
        )
        django.setup()
        # One log event per call is part of what llm.chat does; send it nowhere, as a quiet site would.
        logging.getLogger("foundation_llm").setLevel(logging.INFO)
        logging.getLogger("foundation_llm").addHandler(logging.NullHandler())
        logging.getLogger("foundation_llm").propagate = False

        import httpx
        import ollama

        from foundation_llm import llm

        messages = [{"role": "user", "content": "ping"}]
        official = ollama.Client(host=url, timeout=30)
        raw = httpx.Client(base_url=url, timeout=30)

        def run_llm() -> None:
            assert llm.chat(messages).message.content == "Echo: ping"

        def run_official() -> None:
            assert (
                official.chat(model="llama3.2", messages=messages).message.content == "Echo: ping"
            )

        def run_httpx() -> None:
            reply = raw.post(
                "/api/chat", json={"model": "llama3.2", "messages": messages, "stream": False}
            )
            assert reply.json()["message"]["content"] == "Echo: ping"

        def first_chunk(open_stream: Callable[[], Iterator[Any]]) -> float:
            started = time.perf_counter()
            stream = open_stream()
            next(stream)
            elapsed = time.perf_counter() - started
            for _ in stream:  # the rest, untimed, so the connection returns to the pool
                pass
            return elapsed

        official_async = ollama.AsyncClient(host=url, timeout=30)
        loop = asyncio.new_event_loop()

        def run_llm_async() -> None:
            reply = loop.run_until_complete(llm.achat(messages))
            assert reply.message.content == "Echo: ping"

        def run_official_async() -> None:
            reply = loop.run_until_complete(
                official_async.chat(model="llama3.2", messages=messages)
            )
            assert reply.message.content == "Echo: ping"

        report(
            "chat",
            {
                "foundation_llm llm.chat": timed(run_llm),
                "ollama.Client (reused)": timed(run_official),
                "httpx (reused)": timed(run_httpx),
            },
            "ollama.Client (reused)",
            1.2,
            args,
        )
        report(
            "async chat",
            {
                "foundation_llm llm.achat": timed(run_llm_async),
                "ollama.AsyncClient (reused)": timed(run_official_async),
            },
            "ollama.AsyncClient (reused)",
            1.1,
            args,
        )
        report(
            "stream, time to first chunk",
            {
                "foundation_llm llm.chat": lambda: first_chunk(
                    lambda: llm.chat(messages, stream=True)
                ),
                "ollama.Client (reused)": lambda: first_chunk(
                    lambda: official.chat(model="llama3.2", messages=messages, stream=True)
                ),
            },
            "ollama.Client (reused)",
            1.1,
            args,
        )
        loop.run_until_complete(llm.aclose())
        loop.run_until_complete(official_async.close())
        loop.close()
        official.close()
        raw.close()
    finally:
        server_process.terminate()
        server_process.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
