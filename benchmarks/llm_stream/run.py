"""Streamed answers, measured on the example site under one uvicorn worker (ASGI), with a private
Redis, a real Celery worker and the fake Ollama. Prints three results:

1. first chunk: from the fake model writing its first chunk to an SSE client receiving it
   (worker, Redis stream, events view), median and p95 over --answers answers;
2. --streams concurrent streams on one ASGI worker: the delay each chunk adds between its XADD and
   the client (p50, p95), and the worker's memory before and with the streams open;
3. requests and bytes per answer: the events view against the polling the page did before.

    .venv/bin/python benchmarks/llm_stream/run.py [--streams 200] [--answers 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "example_project"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def sse(client: Any, url: str, on_event: Any) -> int:
    """Read one job's events until ``end``; returns the bytes received."""
    size = 0
    kind = event_id = ""
    async with client.stream("GET", url, timeout=None) as response:
        assert response.status_code == 200, response.status_code
        async for line in response.aiter_lines():
            size += len(line) + 1
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                on_event(kind, json.loads(line[6:]), time.time(), event_id)
                if kind == "end":
                    return size
    return size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--chunks", type=int, default=20, help="chunks per stream in part 2")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between chunks")
    parser.add_argument("--answers", type=int, default=20)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="llm-stream-bench-"))
    redis_port, web_port = free_port(), free_port()
    redis = subprocess.Popen(
        [
            *(shutil.which("redis-server") or "redis-server", "--port", str(redis_port)),
            *("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_port(redis_port)

    from foundation_llm.testing import FakeOllamaServer

    first_written: dict[str, float] = {}

    def responder(body: dict[str, Any]) -> str:
        # Called as the fake starts its answer: its first chunk is written right after.
        first_written[body["messages"][-1]["content"]] = time.time()
        return " ".join(f"word{n}" for n in range(40))

    fake = FakeOllamaServer(responder=responder).start()
    # Whatever fails from here on, the servers started so far are stopped (the fake's thread would
    # keep the process alive).
    started: list[subprocess.Popen[bytes]] = []
    try:
        fake.fail("/api/chat", "trickle", seconds=0.15, times=None)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "OLLAMA_HOST": fake.url,
            "LOG_LEVEL": "WARNING",
            "LOG_JSON": "false",
        }
        os.environ.update(env)
        sys.path.insert(0, str(PROJECT))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=PROJECT, check=True
        )
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.test import Client

        from foundation_llm import streams, submit_chat
        from foundation_llm.models import LLMJob

        user = get_user_model().objects.create_user("bench")  # the site's own user model
        login = Client()
        login.force_login(user)
        cookies = {"sessionid": login.cookies["sessionid"].value}

        log = (work / "processes.log").open("ab")
        worker = subprocess.Popen(
            [
                *(
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "threads",
                    "-c",
                    "4",
                ),
                *("-l", "warning", "--without-gossip", "--without-mingle"),
            ],
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        web = subprocess.Popen(
            [
                *(
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "config.asgi:application",
                    "--host",
                    "127.0.0.1",
                ),
                *("--port", str(web_port), "--log-level", "warning", "--no-access-log"),
            ],
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started += [worker, web]
        base = f"http://127.0.0.1:{web_port}"
        wait_port(web_port)
        time.sleep(3)  # the worker connects
        import httpx

        # 1. First chunk through the whole path, one answer at a time.
        added: list[float] = []
        to_redis: list[float] = []  # the fake's first chunk to its XADD (the id is Redis' clock)
        sizes: list[int] = []

        async def one_answer(n: int) -> None:
            question = f"question {n}"
            job = await asyncio.to_thread(
                submit_chat, [{"role": "user", "content": question}], user=user, stream=True
            )
            got: list[float] = []

            def on_event(kind: str, data: dict[str, Any], at: float, event_id: str) -> None:
                if kind == "chunk" and not got:
                    got.append(at)
                    to_redis.append(int(event_id.split("-")[0]) - first_written[question] * 1000)

            async with httpx.AsyncClient(base_url=base, cookies=cookies) as client:
                sizes.append(await sse(client, f"/llm/jobs/{job.pk}/events/", on_event))
            added.append((got[0] - first_written[question]) * 1000)

        async def part1() -> None:
            await one_answer(-1)  # warm: imports, connections
            added.clear()
            to_redis.clear()
            sizes.clear()
            for n in range(args.answers):
                await one_answer(n)

        asyncio.run(part1())
        print(
            f"first chunk, fake model -> SSE client ({args.answers} answers): "
            f"median {statistics.median(added):.1f} ms, p95 {pct(added, 0.95):.1f} ms "
            f"(of which fake -> worker -> XADD: median {statistics.median(to_redis):.0f} ms)"
        )

        # 3. Requests and bytes per answer: the events view against the old page's polling
        # (every 0.5 s, growing 1.5x up to 5 s, each reply the whole job as JSON).
        job = submit_chat([{"role": "user", "content": "polled"}], user=user, stream=True)
        requests = polled = 0
        delay = 0.5
        with httpx.Client(base_url=base, cookies=cookies) as client:
            while True:
                reply = client.get(f"/jobs/{job.pk}/status/")
                requests += 1
                polled += len(reply.content) + sum(
                    len(k) + len(v) + 4 for k, v in reply.headers.items()
                )
                if reply.json()["finished"]:
                    break
                time.sleep(delay)
                delay = min(delay * 1.5, 5)
        print(
            f"per answer (40 words over ~6 s): events view 1 request, {statistics.median(sizes):.0f} bytes "
            f"of events; polling {requests} requests, {polled} bytes (bodies and headers), and the "
            "answer is only shown once complete"
        )

        # 2. Many streams on one ASGI worker: chunks published straight to the job streams (as
        # the worker does), so the cost measured is the relay's.
        jobs = [
            LLMJob.objects.create(
                user=user, status="running", request={"messages": [], "stream": True}
            )
            for _ in range(args.streams)
        ]
        before = rss_kib(web.pid)
        delays: list[float] = []
        peak = [0]

        async def part2() -> None:
            limits = httpx.Limits(max_connections=args.streams + 10)
            async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits) as client:

                def on_event(kind: str, data: dict[str, Any], at: float, event_id: str) -> None:
                    if kind == "chunk":
                        delays.append((at - float(data["text"])) * 1000)

                readers = [
                    asyncio.create_task(sse(client, f"/llm/jobs/{j.pk}/events/", on_event))
                    for j in jobs
                ]
                await asyncio.sleep(2)  # all connected and waiting

                def publish_all() -> None:
                    for _ in range(args.chunks):
                        started = time.monotonic()
                        for j in jobs:
                            streams.publish(j.pk, "chunk", {"text": f"{time.time():.6f}"})
                        peak[0] = max(peak[0], rss_kib(web.pid))
                        time.sleep(max(0.0, args.interval - (time.monotonic() - started)))
                    for j in jobs:
                        streams.publish(j.pk, "end", {"status": "done"})

                await asyncio.to_thread(publish_all)
                await asyncio.gather(*readers)

        asyncio.run(part2())
        print(
            f"{args.streams} concurrent streams on one uvicorn worker, {args.chunks} chunks each "
            f"every {args.interval:g} s: added delay per chunk p50 {pct(delays, 0.5):.1f} ms, "
            f"p95 {pct(delays, 0.95):.1f} ms ({len(delays)} chunks); worker memory "
            f"{before / 1024:.0f} MiB idle, {peak[0] / 1024:.0f} MiB with the streams open"
        )
    except BaseException:
        if (work / "processes.log").exists():
            print((work / "processes.log").read_text(errors="replace")[-3000:])
        raise
    finally:
        for proc in started:
            proc.terminate()
            proc.wait(15)
        redis.terminate()
        redis.wait(10)
        fake.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
