"""Latency of one short chat on the fake Ollama server, side by side in one process:

- ``llm.chat`` (foundation-llm: deadline, retries, error mapping, logging);
- a reused ``ollama.Client().chat`` (the official client, as it should be used);
- raw ``httpx`` posting the same JSON with a reused ``httpx.Client``.

    .venv/bin/python benchmarks/llm/run.py [--rounds 5] [--calls 400]

Rounds alternate the order; the report is each variant's median latency and the ratio to the reused
official client. The goal (issue 5): llm.chat at most 1.10x the reused client's median.
"""

from __future__ import annotations

import argparse
import logging
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

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

        variants: dict[str, Callable[[], None]] = {
            "foundation_llm llm.chat": run_llm,
            "ollama.Client (reused)": run_official,
            "httpx (reused)": run_httpx,
        }
        for func in variants.values():  # warm-up: connections open, code paths hot
            for _ in range(50):
                func()
        samples: dict[str, list[float]] = {name: [] for name in variants}
        names = list(variants)
        for round_ in range(args.rounds):
            order = names[round_ % 3 :] + names[: round_ % 3]
            for name in order:
                func = variants[name]
                for _ in range(args.calls):
                    started = time.perf_counter()
                    func()
                    samples[name].append(time.perf_counter() - started)
        medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
        base = medians["ollama.Client (reused)"]
        print(
            f"{args.rounds} rounds x {args.calls} calls each, alternating; median latency per call:"
        )
        for name, value in medians.items():
            p99 = sorted(samples[name])[int(len(samples[name]) * 0.99)] * 1000
            print(
                f"  {name:<26} {value:6.3f} ms  (p99 {p99:6.3f} ms)  {value / base:5.2f}x the reused client"
            )
        print(
            f"goal: llm.chat <= 1.10x the reused client; measured {medians['foundation_llm llm.chat'] / base:.2f}x"
        )
        official.close()
        raw.close()
    finally:
        server_process.terminate()
        server_process.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
