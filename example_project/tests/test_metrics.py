"""The example's /metrics as Prometheus scrapes it: real gunicorn with config/gunicorn.py (three
uvicorn workers on the ASGI app, sharing PROMETHEUS_MULTIPROC_DIR), the example's Celery worker,
PostgreSQL, a private Redis and the fake Ollama. Every query of the Grafana dashboard names a
metric that scrape holds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from foundation_llm.testing import FakeOllamaServer

from .test_e2e_worker import database_url, free_port, port_open, redis_url

__all__ = ["database_url", "redis_url"]  # fixtures, used by name

PROJECT = Path(__file__).resolve().parent.parent
DASHBOARD = PROJECT / "grafana" / "foundation.json"
TOKEN = "metrics-test-token-0123456789"
SUBMIT = """
import django
django.setup()
from foundation_llm import submit_chat
jobs = [submit_chat([{"role": "user", "content": "hi"}]), submit_chat([{"role": "user", "content": "hi"}], model="llama9")]
print(" ".join(str(job.pk) for job in jobs))
"""
FINISHED = """
import django, sys
django.setup()
from foundation_llm.models import LLMJob
print(LLMJob.objects.filter(pk__in=sys.argv[1:], status__in=["done", "failed"]).count())
"""


def expressions(node: object) -> Iterator[str]:
    """Every ``expr`` of the dashboard's panels, and its templating queries."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"expr", "definition"} and isinstance(value, str):
                yield value
            else:
                yield from expressions(value)
    elif isinstance(node, list):
        for item in node:
            yield from expressions(item)


def metric_names(expr: str) -> set[str]:
    without_labels = re.sub(r"\{[^}]*\}", "", expr)
    return set(re.findall(r"\b(foundation_[a-z_]+)\b", without_labels))


def get(url: str, token: str = TOKEN, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_dashboard_query_names_a_metric_of_a_live_scrape(
    redis_url: str, database_url: str, tmp_path: Path
) -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    wanted = set().union(*(metric_names(e) for e in expressions(dashboard)))
    assert len(wanted) >= 12, wanted  # the parser found the queries
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    port = free_port()
    with FakeOllamaServer() as fake:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "OLLAMA_HOST": fake.url,
            "HEALTH_TOKEN": TOKEN,
            "PYTHONPATH": str(PROJECT),
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "3",
        }

        def run(*argv: str) -> str:
            out = subprocess.run(
                [sys.executable, *argv],
                env=env,
                cwd=PROJECT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert out.returncode == 0, out.stderr[-2000:]
            return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""

        run("manage.py", "migrate", "--no-input", "-v0")
        fake.fail("/api/chat", status=503, times=1)  # one retry to count
        logs = (tmp_path / "processes.log").open("ab")
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.asgi"],
                env=env,
                cwd=PROJECT,
                stdout=logs,
                stderr=subprocess.STDOUT,
            ),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "solo",
                    "-l",
                    "warning",
                    "--without-gossip",
                    "--without-mingle",
                ],
                env=env,
                cwd=PROJECT,
                stdout=logs,
                stderr=subprocess.STDOUT,
            ),
        ]
        try:
            deadline = time.monotonic() + 120
            while not port_open(port):
                assert time.monotonic() < deadline, "gunicorn did not start"
                assert processes[0].poll() is None, "gunicorn exited"
                time.sleep(0.1)
            base = f"http://127.0.0.1:{port}"
            jobs = run("-c", SUBMIT).split()
            deadline = time.monotonic() + 180  # a cold worker on a busy machine
            while run("-c", FINISHED, *jobs) != "2":
                assert time.monotonic() < deadline, "the jobs did not finish"
                time.sleep(0.5)
            sent = 12
            for _ in range(sent):
                assert get(f"{base}/")[0] == 200
            assert get(f"{base}/ready/")[0] in {200, 503}
            assert get(f"{base}/metrics", token="wrong")[0] == 200  # development: open
            status, body = get(f"{base}/metrics")
            assert status == 200
            families = list(text_string_to_metric_families(body.decode()))
            exported = {s.name for f in families for s in f.samples}
            assert wanted - exported == set(), sorted(exported)
            # The three workers' counts add up, whichever worker answered the scrape.
            for _ in range(4):
                samples = {
                    (s.name, s.labels.get("route"), s.labels.get("method")): s.value
                    for f in text_string_to_metric_families(get(f"{base}/metrics")[1].decode())
                    for s in f.samples
                    if s.name == "foundation_http_requests_total" and s.labels["status"] == "200"
                }
                assert samples[("foundation_http_requests_total", "/", "GET")] == sent
        except AssertionError:
            print((tmp_path / "processes.log").read_text()[-4000:])
            raise
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            logs.close()
