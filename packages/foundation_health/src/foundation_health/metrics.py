"""Prometheus metrics (the ``metrics`` extra, on ``prometheus_client``): ``/metrics`` and request
metrics.

Importing this module imports ``prometheus_client``; nothing else in the package does, so a site
pays for it only when it lists :class:`MetricsMiddleware` in ``MIDDLEWARE`` (or routes
:func:`metrics_view` itself).

- Requests: ``foundation_http_requests_total`` and ``foundation_http_request_duration_seconds`` by
  method, status and route *pattern* (``jobs/<int:job_id>/``), never the raw path, so the number
  of series stays bounded whatever URLs clients invent.
- Readiness: each check's status and duration, and the overall verdict, read from the same cached
  report ``/ready/`` answers with: a scrape adds no check runs of its own.
- Celery, when a broker is configured: queue lengths and workers answering a ping, read from the
  broker under a timeout in the check pool's way (never waiting on a stuck thread), cached like
  ``/ready/``.
- App info: the installed foundation packages' versions, Django's and Python's.

Under gunicorn with several workers, set ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's
multiprocess mode): each worker writes its counters to files there and any worker's scrape adds
them all up. The computed gauges above are produced by the worker that answers the scrape.
"""

from __future__ import annotations

import importlib.metadata
import ipaddress
import os
import platform
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import cache

import django
from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector

from . import service
from .base import Check, CheckFailed
from .builtin_checks import Selected, _broker_configured, celery_app
from .conf import conf
from .runner import FAIL, OK, WARN, Report, Runner
from .state import state

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
CELERY_TIMEOUT = 2.0  # seconds for each Celery read, unless TIMEOUTS["celery:metrics"] says
PACKAGES = ("foundation-settings", "foundation-health", "foundation-llm", "foundation-ui")

REQUESTS = Counter(
    "foundation_http_requests",
    "HTTP requests answered, by method, status and route pattern.",
    ["method", "status", "route"],
)
LATENCY = Histogram(
    "foundation_http_request_duration_seconds",
    "Time to answer an HTTP request (the rest of the middleware stack and the view).",
    ["method", "status", "route"],
)


def route_of(request: HttpRequest) -> str:
    """The route pattern that matched, or what answered instead; never the raw path."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route or "/"  # the empty pattern: the site's root
    probe = conf.probe(request.path_info)
    if probe is not None:
        return probe
    if request.path_info == conf.metrics_path:
        return "metrics"
    return "<unmatched>"  # a 404, or a middleware answered before URL resolution


def observe(request: HttpRequest, response: HttpResponseBase, seconds: float) -> None:
    method = request.method if request.method in METHODS else "other"
    labels = (method, str(response.status_code), route_of(request))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


class MetricsMiddleware:
    """Counts and times every request behind it, and answers ``METRICS_PATH`` itself.

    Put it right after ``HealthProbeMiddleware``: probes are answered before it (uncounted and
    untouched), and ``/metrics`` is answered before ``ALLOWED_HOSTS`` is checked, so Prometheus
    can scrape a pod by its IP address.
    """

    sync_capable = True
    async_capable = True

    def __init__(
        self,
        get_response: Callable[[HttpRequest], HttpResponseBase]
        | Callable[[HttpRequest], Awaitable[HttpResponseBase]],
    ) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.async_mode:
            return self.__acall__(request)
        if request.path_info == conf.metrics_path:
            return metrics_view(request)
        started = time.perf_counter()
        response = self.get_response(request)
        assert isinstance(response, HttpResponseBase)  # sync mode
        observe(request, response, time.perf_counter() - started)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == conf.metrics_path:
            # The readiness report may wait on the check pool: not on the event loop.
            return await sync_to_async(metrics_view, thread_sensitive=False)(request)
        started = time.perf_counter()
        pending = self.get_response(request)
        assert not isinstance(pending, HttpResponseBase)  # async mode
        response = await pending
        observe(request, response, time.perf_counter() - started)
        return response


def allowed(request: HttpRequest) -> bool:
    """Like ``/ready/`` details (the bearer token, a staff user), a listed network, or DEBUG."""
    if settings.DEBUG or service.authorised(request):
        return True
    networks = conf.metrics_networks
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format (OpenMetrics when the scraper asks for it)."""
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if not allowed(request):
        response = HttpResponse(
            "metrics need the bearer token\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = HttpResponse(encoder(registry()), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def registry() -> CollectorRegistry:
    """What one scrape reads: this process's metrics, or every worker's in multiprocess mode, and
    the gauges computed now."""
    scrape = CollectorRegistry(auto_describe=False)
    if multiprocess():
        MultiProcessCollector(scrape)  # type: ignore[no-untyped-call]
    else:
        scrape.register(REGISTRY)
    scrape.register(SiteCollector())
    return scrape


class SiteCollector:
    """Gauges computed at scrape time: app info, readiness, Celery."""

    def collect(self) -> Iterable[Metric]:
        yield app_info()
        yield from readiness_metrics(state.report())
        if _broker_configured():
            yield from celery_metrics(celery_report())


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = []
    for name in PACKAGES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    return tuple(found)


def app_info() -> Metric:
    info = InfoMetricFamily(
        "foundation_app",
        "Installed foundation packages, Django and Python versions.",
        labels=["package"],
    )
    for name, version in _versions():
        info.add_metric(
            [name],
            {
                "version": version,
                "django": django.__version__,
                "python": platform.python_version(),
            },
        )
    return info


def readiness_metrics(report: Report) -> Iterator[Metric]:
    status = GaugeMetricFamily(
        "foundation_health_check_status",
        "1 for each readiness check's current status (ok, warn or fail), 0 for the others.",
        labels=["check", "status"],
    )
    duration = GaugeMetricFamily(
        "foundation_health_check_duration_seconds",
        "How long each readiness check took on its latest run.",
        labels=["check"],
    )
    for name, result in report.results.items():
        for value in (OK, WARN, FAIL):
            status.add_metric([name, value], 1.0 if result.status == value else 0.0)
        duration.add_metric([name], result.duration_ms / 1000)
    yield status
    yield duration
    yield GaugeMetricFamily(
        "foundation_health_ready", "1 when /ready/ answers 200.", value=1.0 if report.ready else 0.0
    )


class CeleryQueues(Check):
    """Messages waiting in each queue, by a passive declare on the broker (kombu's public API,
    for Redis and RabbitMQ alike). A queue that does not exist yet holds nothing."""

    def __init__(self, timeout: float) -> None:
        super().__init__("celery:queues", timeout=timeout)
        self.queues: list[str] = []

    def prepare(self) -> None:
        app = celery_app()
        names = conf.metrics_celery_queues
        if names is None:
            names = [app.conf.task_default_queue]
            names += [queue.name for queue in app.conf.task_queues or ()]
        self.queues = list(dict.fromkeys(names))
        with app.connection_for_read() as connection:
            connection.transport  # noqa: B018  (imports the transport module)

    def run(self) -> object:
        sizes: dict[str, int] = {}
        with celery_app().connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=self.timeout)
            for queue in self.queues:
                # A passive declare of a missing queue closes its channel on AMQP: one per queue.
                channel = connection.channel()
                try:
                    sizes[queue] = channel.queue_declare(queue=queue, passive=True).message_count
                except connection.channel_errors:
                    sizes[queue] = 0
                finally:
                    channel.close()
        return sizes


class CeleryWorkersAnswering(Check):
    def __init__(self, timeout: float) -> None:
        super().__init__("celery:workers", timeout=timeout)

    def prepare(self) -> None:
        celery_app().control  # noqa: B018

    def run(self) -> object:
        # ping() waits its whole timeout for replies: leave half for connecting and publishing.
        timeout = self.timeout or CELERY_TIMEOUT
        replies = celery_app().control.ping(timeout=timeout / 2)
        if replies is None:
            raise CheckFailed("no answer")
        return {"workers": len(replies)}


class _Celery:
    """The Celery reads' own runner (own threads, own cache), apart from readiness'."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runner: Runner | None = None

    def report(self) -> Report:
        with self.lock:
            if self.runner is None:
                self.runner = Runner(2)
            runner = self.runner
        # Not readiness' budget: a scrape may take seconds (Prometheus waits 10 s by default), and
        # a ping waits its whole timeout for replies.
        timeout = conf.timeout_for("celery:metrics", CELERY_TIMEOUT)
        selection = [
            Selected(CeleryQueues(timeout), timeout, False),
            Selected(CeleryWorkersAnswering(timeout), timeout, False),
        ]
        return runner.report(selection, max_age=conf.cache_seconds, deadline=timeout + 0.5)

    def reset(self) -> None:
        with self.lock:
            if self.runner is not None:
                self.runner.forget()


_celery = _Celery()


def celery_report() -> Report:
    return _celery.report()


def celery_metrics(report: Report) -> Iterator[Metric]:
    up = GaugeMetricFamily(
        "foundation_celery_read_success",
        "1 when the latest read from the broker (queues) or of the workers' pings succeeded.",
        labels=["read"],
    )
    queues = report.results["celery:queues"]
    workers = report.results["celery:workers"]
    up.add_metric(["queues"], 1.0 if queues.status == OK else 0.0)
    up.add_metric(["workers"], 1.0 if workers.status == OK else 0.0)
    yield up
    if queues.status == OK and isinstance(queues.detail, dict):
        length = GaugeMetricFamily(
            "foundation_celery_queue_length",
            "Messages waiting in each Celery queue.",
            labels=["queue"],
        )
        for queue, size in queues.detail.items():
            length.add_metric([queue], float(size))
        yield length
    if workers.status == OK and isinstance(workers.detail, dict):
        yield GaugeMetricFamily(
            "foundation_celery_workers",
            "Celery workers that answered a ping.",
            value=float(workers.detail["workers"]),
        )


def reset() -> None:
    """Forget the cached Celery reads (for tests)."""
    _celery.reset()
