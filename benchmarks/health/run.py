"""Health endpoints under gunicorn (2 sync workers) with wrk, side by side in one run.

    benchmarks/health/setup.sh        # once: a venv with gunicorn and the two peers
    benchmarks/health/.venv/bin/python benchmarks/health/run.py [--rounds 3] [--seconds 5]

Endpoints: a bare JsonResponse view, foundation-health's /health/ and /ready/ (database, cache,
Redis), django-health-check 4.x (the same three checks, ?format=json) and django-watchman (database,
cache). Each round runs every endpoint in a rotated order. Then Redis is paused with SIGSTOP: each
readiness endpoint is timed once while /health/ is probed, and Redis is resumed.

Everything runs on 127.0.0.1: a private redis-server on a free port, the local PostgreSQL, and
gunicorn; every process is stopped at the end. Loops are bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENDPOINTS = {
    "bare": "/bare/",
    "ours_health": "/health/",
    "ours_ready": "/ready/",
    "health_check": "/ht/?format=json",
    "watchman": "/watchman/",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def get(port: int, path: str, timeout: float = 40) -> tuple[int, float, bytes]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, time.monotonic() - started, response.read()
    finally:
        conn.close()


def wrk(port: int, path: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def ms(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
    }


def probe_liveness(port: int, live: list[tuple[int, float]], stop: threading.Event) -> None:
    """Probe /health/ every 50 ms until stopped (at most 200 times)."""
    while not stop.is_set() and len(live) < 200:
        status, seconds, _ = get(port, "/health/", timeout=40)
        live.append((status, seconds))
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--cache-seconds", type=float, default=1.0, help="foundation-health's CACHE_SECONDS"
    )
    args = parser.parse_args()

    redis_port, web_port = free_port(), free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "BENCH_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BENCH_CACHE_SECONDS": str(args.cache_seconds),
        "PYTHONPATH": str(HERE),
        "DJANGO_SETTINGS_MODULE": "bench_site.settings",
    }
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-k",
            "sync",
            "--timeout",
            "30",
            "-b",
            f"127.0.0.1:{web_port}",
            "bench_site.wsgi",
        ],
        env=env,
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(redis_port)
        wait_for(web_port)
        for name, path in ENDPOINTS.items():
            status, _, body = get(web_port, path)
            print(f"{name:>13}: {status} {body[:120]!r}")
            if status != 200:
                raise SystemExit(f"{name} is not healthy before the benchmark")
        results: dict[str, list[dict[str, float]]] = {name: [] for name in ENDPOINTS}
        names = list(ENDPOINTS)
        for round_ in range(args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                wrk(web_port, ENDPOINTS[name], 1)  # warm-up
                results[name].append(wrk(web_port, ENDPOINTS[name], args.seconds))
        summary = {
            name: {
                k: statistics.median(r[k] for r in runs)
                for k in ("rps", "p50_ms", "p99_ms", "non2xx")
            }
            for name, runs in results.items()
        }
        print(
            f"\nwrk -t2 -c4 -d{args.seconds}s, gunicorn 2 sync workers, {args.rounds} rounds, medians:"
        )
        for name, values in summary.items():
            print(
                f"{name:>13}: {values['rps']:8.0f} req/s  p50 {values['p50_ms']:6.2f} ms  p99 {values['p99_ms']:7.2f} ms  non-2xx {values['non2xx']:.0f}"
            )
        bare, ours_live, ours_ready = (
            summary["bare"]["rps"],
            summary["ours_health"]["rps"],
            summary["ours_ready"]["rps"],
        )
        print("\nratios (req/s):")
        print(f"  liveness / bare view           = {ours_live / bare:.2f}  (goal >= 0.9)")
        print(
            f"  readiness / django-health-check = {ours_ready / summary['health_check']['rps']:.1f}  (goal >= 10)"
        )
        print(
            f"  readiness / django-watchman     = {ours_ready / summary['watchman']['rps']:.1f}  (goal >= 2)"
        )

        print("\nRedis paused with SIGSTOP:")
        time.sleep(args.cache_seconds + 0.1)
        redis.send_signal(signal.SIGSTOP)
        hang: dict[str, object] = {}
        try:
            for name in ("ours_ready", "health_check", "watchman"):
                live: list[tuple[int, float]] = []
                stop = threading.Event()

                prober = threading.Thread(target=probe_liveness, args=(web_port, live, stop))
                prober.start()
                status, seconds, body = get(web_port, ENDPOINTS[name], timeout=40)
                stop.set()
                prober.join(45)
                worst_live = max((s for _, s in live), default=float("nan"))
                hang[name] = {
                    "status": status,
                    "seconds": round(seconds, 3),
                    "liveness_max_seconds": round(worst_live, 3),
                }
                leaks = [
                    w for w in ("Traceback", "site-packages", f"{redis_port}") if w.encode() in body
                ]
                print(
                    f"{name:>13}: {status} in {seconds:6.2f} s; /health/ meanwhile: {len(live)} answers, "
                    f"slowest {worst_live:.3f} s; body leaks {leaks or 'nothing'}"
                )
                time.sleep(1.2)
        finally:
            redis.send_signal(signal.SIGCONT)
        print(json.dumps({"summary": summary, "hang": hang}, indent=None))
        return 0
    finally:
        web.send_signal(signal.SIGTERM)
        redis.send_signal(signal.SIGCONT)
        redis.terminate()
        web.wait(15)
        redis.wait(15)


if __name__ == "__main__":
    sys.exit(main())
