"""Request-metrics cost and scrape time, foundation-health beside django-prometheus, in one run.

    benchmarks/metrics/setup.sh       # once: a venv with django-prometheus and foundation-health[metrics]
    benchmarks/metrics/.venv/bin/python benchmarks/metrics/run.py [--rounds 5] [--requests 3000]

Each figure comes from a fresh child process calling Django's WSGI handler directly (no socket,
no client library: what is left is the middleware), on the same JSON view:
- per request: no metrics; foundation-health's MetricsMiddleware; django-prometheus's
  Before+After pair. The overhead is the difference to no metrics; reported per request and as
  ours / peer. Measured in single-process mode and in multiprocess mode (PROMETHEUS_MULTIPROC_DIR,
  the gunicorn set-up), where every increment writes to a memory-mapped file.
- /health/ with and without MetricsMiddleware listed (after the probe middleware, as the README
  says): the probe should not notice.
- one scrape with three workers' data: three child processes serve requests over ten routes
  through both middlewares into one PROMETHEUS_MULTIPROC_DIR, then a fourth times a scrape of our
  /metrics (which adds readiness and app info) and of django-prometheus's export view.
Rounds rotate the order; the figure is the median of the rounds.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEER = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
OURS = "foundation_health.metrics.MetricsMiddleware"
PROBE = "foundation_health.middleware.HealthProbeMiddleware"
ACCEPT = (
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
CONFIGS = {
    "none": [PROBE],
    "ours": [PROBE, OURS],
    "peer": [PEER[0], PROBE, PEER[1]],
}


def environ(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_AUTHORIZATION": "Bearer benchmark-token-0123456789",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }


def handler(middleware: list[str]) -> Any:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    settings.MIDDLEWARE = middleware
    return WSGIHandler()


def per_request(app: Any, path: str, n: int) -> float:
    """Microseconds per request through the whole handler."""

    def start_response(status: str, headers: object) -> None:
        assert status.startswith("200"), status

    for _ in range(200):  # warm: imports, URL resolver, label children
        app(environ(path), start_response).close()
    started = time.perf_counter()
    for _ in range(n):
        app(environ(path), start_response).close()
    return (time.perf_counter() - started) / n * 1e6


def setup() -> None:
    sys.path.insert(0, str(HERE))
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_settings"
    import django

    django.setup()


def child_requests(n: int) -> dict[str, float]:
    setup()
    apps = {name: handler(middleware) for name, middleware in CONFIGS.items()}
    figures = {name: per_request(app, "/items/1/", n) for name, app in apps.items()}
    figures["health_none"] = per_request(apps["none"], "/health/", n)
    figures["health_ours"] = per_request(apps["ours"], "/health/", n)
    return figures


def child_populate(n: int) -> dict[str, float]:
    setup()
    app = handler([PEER[0], PROBE, OURS, PEER[1]])
    for i in range(n):
        app(environ(f"/items/{i % 10}/"), lambda status, headers: None).close()
    return {}


def child_scrape(n: int) -> dict[str, float]:
    setup()
    from django.test import RequestFactory
    from django_prometheus.exports import ExportToDjangoView

    from foundation_health.metrics import metrics_view

    factory = RequestFactory()
    # What Prometheus 2.x and 3.x send; django-prometheus ignores it.
    token = {"HTTP_AUTHORIZATION": "Bearer benchmark-token-0123456789", "HTTP_ACCEPT": ACCEPT}
    figures = {}
    for name, view in (("scrape_ours", metrics_view), ("scrape_peer", ExportToDjangoView)):
        view(factory.get("/metrics", **token))  # warm
        started = time.perf_counter()
        for _ in range(n):
            response = view(factory.get("/metrics", **token))
            assert response.status_code == 200
        figures[name] = (time.perf_counter() - started) / n * 1e3
        figures[name + "_bytes"] = len(response.content)
    return figures


def child(kind: str, n: int, multiproc: str | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if multiproc:
        env["PROMETHEUS_MULTIPROC_DIR"] = multiproc
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--requests", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        kinds = {"requests": child_requests, "populate": child_populate, "scrape": child_scrape}
        print(json.dumps(kinds[args.child](args.requests)))
        return
    import django
    import django_prometheus

    print(
        f"Django {django.__version__}, django-prometheus {django_prometheus.__version__}, "
        f"prometheus_client {importlib.metadata.version('prometheus_client')}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as directory:
        for round_ in range(args.rounds):
            for mode in ("single", "multi"):
                for stale in Path(directory).glob("*.db"):
                    stale.unlink()
                figures = child("requests", args.requests, directory if mode == "multi" else None)
                for name, value in figures.items():
                    rows.setdefault(f"{mode}:{name}", []).append(value)
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
        for _ in range(3):  # three workers' data
            child("populate", args.requests // 3, directory)
        for _ in range(args.rounds):
            for name, value in child("scrape", 50, directory).items():
                rows.setdefault(name, []).append(value)
    med = {name: statistics.median(values) for name, values in rows.items()}
    print("\nper request through the WSGI handler, µs (median of rounds):")
    print(
        "| mode | no metrics | ours | django-prometheus | our overhead | peer overhead | ours / peer overhead | ours / peer per request |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode in ("single", "multi"):
        none, ours, peer = (med[f"{mode}:{k}"] for k in ("none", "ours", "peer"))
        print(
            f"| {mode}process | {none:.1f} | {ours:.1f} | {peer:.1f} | {ours - none:.1f} | "
            f"{peer - none:.1f} | {(ours - none) / (peer - none):.2f} | {ours / peer:.2f} |"
        )
    print("\n/health/ with MetricsMiddleware listed after the probe middleware, µs:")
    for mode in ("single", "multi"):
        off, on = med[f"{mode}:health_none"], med[f"{mode}:health_ours"]
        print(f"| {mode}process | off {off:.1f} | on {on:.1f} | on / off {on / off:.2f} |")
    print("\none scrape with three workers' data, ms (median of rounds):")
    ours, peer = med["scrape_ours"], med["scrape_peer"]
    print(
        f"| ours {ours:.2f} ({med['scrape_ours_bytes']:.0f} bytes) | django-prometheus {peer:.2f} "
        f"({med['scrape_peer_bytes']:.0f} bytes) | ours / peer {ours / peer:.2f} |"
    )


if __name__ == "__main__":
    main()
