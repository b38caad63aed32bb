"""``/metrics``: request metrics by route, readiness and Celery gauges, access, and counters that
add up across gunicorn workers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client
from prometheus_client.parser import text_string_to_metric_families

from foundation_health import metrics

from .conftest import RedisServer, port_open

PACKAGE = Path(__file__).resolve().parent.parent
TOKEN = "a-long-test-token-0123456789"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def site(settings: Any) -> Iterator[None]:
    from . import metrics_settings

    settings.MIDDLEWARE = metrics_settings.MIDDLEWARE
    settings.ROOT_URLCONF = metrics_settings.ROOT_URLCONF
    metrics.reset()
    yield
    metrics.reset()


def scrape(client: Client, **extra: str) -> Samples:
    response = client.get("/metrics", **{**AUTH, **extra})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return parse(response.content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_requests_are_counted_by_route_pattern_never_by_raw_path() -> None:
    client = Client(raise_request_exception=False)
    before = scrape(client)
    for pk in (1, 2, 3):
        assert client.get(f"/items/{pk}/").status_code == 200
    assert client.get("/boom/").status_code == 500
    assert client.get("/no/such/page/").status_code == 404
    assert client.post("/items/1/").status_code == 200
    after = scrape(client)
    text = client.get("/metrics", **AUTH).content.decode()

    def delta(**labels: str) -> float:
        name = "foundation_http_requests_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(method="GET", status="200", route="items/<int:pk>/") == 3
    assert delta(method="POST", status="200", route="items/<int:pk>/") == 1
    assert delta(method="GET", status="500", route="boom/") == 1
    assert delta(method="GET", status="404", route="<unmatched>") == 1
    assert "/items/1/" not in text and "no/such" not in text
    count = value(
        after,
        "foundation_http_request_duration_seconds_count",
        method="GET",
        status="200",
        route="items/<int:pk>/",
    ) - value(
        before,
        "foundation_http_request_duration_seconds_count",
        method="GET",
        status="200",
        route="items/<int:pk>/",
    )
    assert count == 3


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_unknown_methods_share_one_label() -> None:
    client = Client()
    before = scrape(client)
    client.generic("BREW", "/items/1/")
    after = scrape(client)
    name = "foundation_http_requests_total"
    labels = {"method": "other", "status": "200", "route": "items/<int:pk>/"}
    assert value(after, name, **labels) - value(before, name, **labels) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site")
def test_async_requests_are_counted_and_metrics_answered_under_asgi() -> None:
    async_to_sync(_async_requests)()


async def _async_requests() -> None:
    client = AsyncClient()
    first = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert first.status_code == 200
    for _ in range(2):
        assert (await client.get("/async/")).status_code == 200
    second = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    name = "foundation_http_requests_total"
    labels = {"method": "GET", "status": "200", "route": "async/"}
    before, after = parse(first.content.decode()), parse(second.content.decode())
    assert value(after, name, **labels) - value(before, name, **labels) == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_access_needs_the_token_a_listed_network_or_debug(settings: Any) -> None:
    client = Client()
    denied = client.get("/metrics")
    assert denied.status_code == 401
    assert denied["WWW-Authenticate"].startswith("Bearer")
    assert b"foundation_" not in denied.content
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 401
    assert client.get("/metrics", **AUTH).status_code == 200
    assert client.post("/metrics", **AUTH).status_code == 405
    settings.FOUNDATION_HEALTH = {**settings.FOUNDATION_HEALTH, "METRICS_NETWORKS": ["10.1.0.0/16"]}
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 401
    settings.DEBUG = True
    assert client.get("/metrics").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_scraping_by_pod_ip_needs_no_allowed_hosts_entry() -> None:
    response = Client().get("/metrics", HTTP_HOST="10.244.1.7:8000", **AUTH)
    assert response.status_code == 200
    assert Client().get("/items/1/", HTTP_HOST="10.244.1.7:8000").status_code == 400


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_openmetrics_when_the_scraper_asks_for_it() -> None:
    response = Client().get("/metrics", HTTP_ACCEPT="application/openmetrics-text", **AUTH)
    assert response["Content-Type"].startswith("application/openmetrics-text")
    assert response.content.endswith(b"# EOF\n")


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_readiness_checks_and_app_info_are_exported(settings: Any) -> None:
    import django

    settings.FOUNDATION_HEALTH = {**settings.FOUNDATION_HEALTH, "CHECKS": ["database", "cache"]}
    samples = scrape(Client())
    for check in ("database:default", "cache:default"):
        assert value(samples, "foundation_health_check_status", check=check, status="ok") == 1
        assert value(samples, "foundation_health_check_status", check=check, status="fail") == 0
        duration = value(samples, "foundation_health_check_duration_seconds", check=check)
        assert 0 < duration < 5
    assert value(samples, "foundation_health_ready") == 1
    info = [
        dict(labels)
        for (name, labels), v in samples.items()
        if name == "foundation_app_info" and v == 1
    ]
    health = next(i for i in info if i["package"] == "foundation-health")
    assert health["django"] == django.__version__
    assert health["python"] == ".".join(map(str, sys.version_info[:3]))


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_a_failing_check_shows_as_fail_and_not_ready(
    settings: Any, redis_server: RedisServer
) -> None:
    settings.FOUNDATION_HEALTH = {
        **settings.FOUNDATION_HEALTH,
        "CHECKS": ["cache", "redis"],
        "REDIS_URL": redis_server.url,
        "TIMEOUT": 0.3,
        "CACHE_SECONDS": 0,
    }
    redis_server.stop()
    samples = scrape(Client())
    assert value(samples, "foundation_health_check_status", check="redis", status="fail") == 1
    assert value(samples, "foundation_health_check_status", check="cache:default", status="ok") == 1
    assert value(samples, "foundation_health_ready") == 0


@pytest.fixture
def celery_worker(redis_server: RedisServer) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker on the private Redis, consuming the default queue only."""
    env = {**os.environ, "CELERY_BROKER_URL": redis_server.url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.celery_app",
            "worker",
            "-P",
            "solo",
            "-Q",
            "celery",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"metrics-{os.getpid()}@%h",
            "-l",
            "WARNING",
        ],
        cwd=PACKAGE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_celery_queue_lengths_and_workers_from_the_broker(
    settings: Any, redis_server: RedisServer, celery_worker: subprocess.Popen[bytes]
) -> None:
    from celery import Celery

    app = Celery("metrics-test", broker=redis_server.url, set_as_current=True)
    settings.CELERY_BROKER_URL = redis_server.url
    settings.FOUNDATION_HEALTH = {
        **settings.FOUNDATION_HEALTH,
        "CHECKS": ["cache"],
        "METRICS_CELERY_QUEUES": ["celery", "waiting"],
        "TIMEOUTS": {"celery:metrics": 1.0},
        "CACHE_SECONDS": 0,
    }
    for _ in range(3):
        app.send_task("tests.nothing", queue="waiting")
    samples: Samples = {}
    deadline = time.monotonic() + 60  # the worker's cold start on a busy machine
    while value(samples, "foundation_celery_workers") < 1 and time.monotonic() < deadline:
        samples = scrape(Client())
    assert value(samples, "foundation_celery_workers") == 1
    assert value(samples, "foundation_celery_read_success", read="workers") == 1
    assert value(samples, "foundation_celery_read_success", read="queues") == 1
    assert value(samples, "foundation_celery_queue_length", queue="waiting") == 3
    assert value(samples, "foundation_celery_queue_length", queue="celery") == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("site")
def test_a_hung_broker_costs_a_scrape_at_most_the_deadline_and_is_cached(
    settings: Any, redis_server: RedisServer
) -> None:
    from celery import Celery

    Celery("metrics-test", broker=redis_server.url, set_as_current=True)
    settings.CELERY_BROKER_URL = redis_server.url
    settings.FOUNDATION_HEALTH = {
        **settings.FOUNDATION_HEALTH,
        "CHECKS": ["cache"],
        "TIMEOUTS": {"celery:metrics": 0.5},
        "CACHE_SECONDS": 30,
    }
    client = Client()
    scrape(client)  # connect while the broker answers
    metrics.reset()
    redis_server.pause()
    try:
        started = time.monotonic()
        samples = scrape(client)
        first = time.monotonic() - started
        started = time.monotonic()
        scrape(client)
        second = time.monotonic() - started
    finally:
        redis_server.resume()
    assert value(samples, "foundation_celery_read_success", read="queues") == 0
    assert ("foundation_celery_queue_length", frozenset({("queue", "celery")})) not in samples
    assert first < 0.5 + 0.5 + 2.0  # the timeout, the runner's margin, a busy machine's slack
    assert second < first / 2 + 0.2  # cached: no second wait on the hung broker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, **headers: str) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The test site under real gunicorn: three sync workers sharing PROMETHEUS_MULTIPROC_DIR."""
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("gunicorn is not installed")
    port = free_port()
    directory = tmp_path / "prometheus"
    directory.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.metrics_settings",
        "TEST_HEALTH_CHECKS": "cache",
        "PROMETHEUS_MULTIPROC_DIR": str(directory),
    }
    process = subprocess.Popen(
        [
            binary,
            "-c",
            "python:tests.gunicorn_conf",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "django.core.wsgi:get_wsgi_application()",
        ],
        cwd=PACKAGE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not port_open(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gunicorn did not start: {process.communicate()[1].decode()[-2000:]}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", process
    process.terminate()
    process.communicate(timeout=30)


def test_counters_add_up_across_three_gunicorn_workers_even_after_one_is_killed(
    gunicorn: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = gunicorn
    auth = {"Authorization": f"Bearer {TOKEN}"}
    pids: set[int] = set()
    sent = 0
    with ThreadPoolExecutor(6) as pool:
        for _ in range(20):  # rounds of concurrent slow requests, until every worker answered
            answers = list(pool.map(lambda _: get(f"{base}/worker/?sleep=0.2"), range(6)))
            sent += len(answers)
            pids |= {json.loads(a)["pid"] for a in answers}
            if len(pids) == 3:
                break
    assert len(pids) == 3, pids
    labels = {"method": "GET", "status": "200", "route": "worker/"}
    # Every scrape, whichever worker answers it, sees every worker's requests.
    for _ in range(6):
        samples = parse(get(f"{base}/metrics", **auth).decode())
        assert value(samples, "foundation_http_requests_total", **labels) == sent
    # A worker killed outright keeps its counts; its replacement adds to them.
    os.kill(next(iter(pids)), signal.SIGKILL)
    deadline = time.monotonic() + 30
    new: set[int] = set()
    while time.monotonic() < deadline and not (new - pids):
        answers = [get(f"{base}/worker/") for _ in range(6)]
        sent += len(answers)
        new |= {json.loads(a)["pid"] for a in answers}
    for _ in range(6):
        samples = parse(get(f"{base}/metrics", **auth).decode())
        assert value(samples, "foundation_http_requests_total", **labels) == sent


def test_system_checks_name_a_missing_extra_and_bad_networks(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from foundation_health.checks import check_metrics

    from . import metrics_settings

    settings.MIDDLEWARE = metrics_settings.MIDDLEWARE
    assert check_metrics() == []
    settings.FOUNDATION_HEALTH = {
        **settings.FOUNDATION_HEALTH,
        "METRICS_NETWORKS": ["10.0.0.0/8", "lan"],
    }
    assert [m.id for m in check_metrics()] == ["foundation_health.E007"]
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name: None if name == "prometheus_client" else real(name),
    )
    assert [m.id for m in check_metrics()] == ["foundation_health.E006", "foundation_health.E007"]


@pytest.mark.parametrize(
    ("settings_module", "after_handler"),
    [("tests.settings", False), ("tests.metrics_settings", True)],
)
def test_only_a_site_listing_the_middleware_imports_prometheus_client(
    settings_module: str, after_handler: bool
) -> None:
    # Setup and URLs never import it; the handler loads the middleware (and so does the auth
    # app's system check, which imports every middleware listed).
    code = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "before = 'prometheus_client' in sys.modules; "
        "from django.core.wsgi import get_wsgi_application; get_wsgi_application(); "
        "from django.core.management import call_command; call_command('check', verbosity=0); "
        "print(before, 'prometheus_client' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PACKAGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(after_handler)]
