"""Probe paths, CORS on probe answers, ASGI, the bearer scheme, the overall deadline, and what a
failing probe logs."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterator

import django
import pytest
from asgiref.sync import async_to_sync
from django.core import mail
from django.test import AsyncClient, Client, override_settings

import foundation_health
from foundation_health import CheckFailed

TOKEN = "a-long-test-token-0123456789"
LIVE = ["/health/", "/health", "/livez", "/livez/", "/healthz", "/healthz/"]
READY = ["/ready/", "/ready", "/readyz", "/readyz/"]


@pytest.fixture
def passing(registered: list[str]) -> Iterator[None]:
    foundation_health.register("passing", lambda: None)
    registered.append("passing")
    with override_settings(FOUNDATION_HEALTH={"CHECKS": ["passing"], "TOKEN": TOKEN}):
        yield


@pytest.mark.parametrize("path", LIVE + READY)
@pytest.mark.parametrize("host", ["testserver", "10.1.2.3:8000"])
def test_every_probe_path_answers_directly_with_or_without_the_slash(
    client: Client, passing: None, path: str, host: str
) -> None:
    response = client.get(path, HTTP_HOST=host, HTTP_ACCEPT="*/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "ok"


@pytest.mark.parametrize("path", LIVE + READY)
def test_the_urlconf_routes_both_forms_without_a_redirect(passing: None, path: str) -> None:
    # Without the middleware (or with a session cookie) the URLconf answers, not a 301.
    with override_settings(MIDDLEWARE=["django.middleware.common.CommonMiddleware"]):
        response = Client().get(path)
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_probe_paths_are_configurable(client: Client, passing: None) -> None:
    with override_settings(
        FOUNDATION_HEALTH={
            "CHECKS": ["passing"],
            "LIVENESS_PATHS": ["/-/alive"],
            "READINESS_PATHS": ["/-/ready/"],
        }
    ):
        assert client.get("/-/alive/").status_code == 200
        assert client.get("/-/ready").status_code == 200
        assert client.get("/livez", HTTP_HOST="10.1.2.3").status_code == 400  # no longer a probe


@pytest.mark.parametrize("path", ["/health/", "/readyz"])
def test_probe_answers_carry_cors_headers_for_allowed_origins_only(
    client: Client, passing: None, path: str
) -> None:
    allowed = client.get(path, HTTP_ORIGIN="http://localhost:5173")
    assert allowed["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "origin" in allowed["Vary"].lower()
    other = client.get(path, HTTP_ORIGIN="http://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    with override_settings(CORS_ALLOW_ALL_ORIGINS=True):
        assert (
            client.get(path, HTTP_ORIGIN="http://any.example")["Access-Control-Allow-Origin"] == "*"
        )


def test_no_cors_headers_without_django_cors_headers(passing: None) -> None:
    apps = ["django.contrib.contenttypes", "django.contrib.auth", "foundation_health"]
    with override_settings(INSTALLED_APPS=apps, CORS_ALLOW_ALL_ORIGINS=True):
        response = Client().get("/health/", HTTP_ORIGIN="http://localhost:5173")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_case_insensitive(client: Client, passing: None, scheme: str) -> None:
    response = client.get("/ready/", HTTP_AUTHORIZATION=f"{scheme} {TOKEN}")
    assert "duration_ms" in json.loads(response.content)["checks"]["passing"]


def test_a_wrong_token_in_any_case_shows_no_details(client: Client, passing: None) -> None:
    response = client.get("/ready/", HTTP_AUTHORIZATION=f"bearer {TOKEN}x")
    assert json.loads(response.content)["checks"]["passing"] == {"status": "ok"}


def test_probes_under_asgi(passing: None) -> None:
    async_to_sync(probes_under_asgi)()


async def probes_under_asgi() -> None:
    client = AsyncClient()
    live = await client.get("/livez")
    ready = await client.get("/readyz/", headers={"Authorization": f"Bearer {TOKEN}"})
    page = await client.get("/page/")
    assert live.status_code == ready.status_code == page.status_code == 200
    assert "duration_ms" in json.loads(ready.content)["checks"]["passing"]
    cors = await client.get("/health/", headers={"Origin": "http://localhost:5173"})
    assert cors["Access-Control-Allow-Origin"] == "http://localhost:5173"


def test_asgi_liveness_answers_while_readiness_waits(registered: list[str]) -> None:
    async_to_sync(liveness_while_readiness_waits)(registered)


async def liveness_while_readiness_waits(registered: list[str]) -> None:
    started, release = threading.Event(), threading.Event()

    def slow() -> object:
        started.set()
        release.wait(10)
        return None

    foundation_health.register("slow", slow, timeout=5.0)
    registered.append("slow")
    client = AsyncClient()
    with override_settings(FOUNDATION_HEALTH={"CHECKS": ["slow"], "DEADLINE": 5.0}):
        ready = asyncio.ensure_future(client.get("/ready/"))
        assert await asyncio.to_thread(started.wait, 10)
        live = await client.get("/health/")  # the event loop is free while readiness waits
        assert live.status_code == 200
        assert not ready.done()
        release.set()
        assert (await ready).status_code == 200


def test_a_hung_non_critical_check_does_not_delay_the_answer_past_the_deadline(
    client: Client, registered: list[str]
) -> None:
    release = threading.Event()
    foundation_health.register("hung", lambda: release.wait(30), critical=False, timeout=10.0)
    foundation_health.register("passing", lambda: None)
    registered.extend(["hung", "passing"])
    try:
        with override_settings(
            FOUNDATION_HEALTH={"CHECKS": ["hung", "passing"], "TOKEN": TOKEN, "DEADLINE": 0.5}
        ):
            started = time.monotonic()
            response = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
            elapsed = time.monotonic() - started
    finally:
        release.set()
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["status"] == "warn"
    assert data["checks"]["hung"]["error"] == "no answer within the 0.5 s deadline"
    assert data["checks"]["passing"]["status"] == "ok"
    # The deadline plus slack for a loaded machine, far below the check's own 10 s.
    assert 0.5 <= elapsed < 3.0, elapsed


@pytest.fixture
def admins_mailed() -> Iterator[None]:
    """Django's default logging, as in production: django.request errors mailed to ADMINS."""
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    # Django 6.1 configures email through MAILERS; before it, EMAIL_BACKEND.
    email = (
        {"MAILERS": {"default": {"BACKEND": locmem}}}
        if django.VERSION >= (6, 1)
        else {"EMAIL_BACKEND": locmem}
    )
    # Django 6.0 takes addresses; before it, (name, address) pairs.
    admins = ["ops@example.com"] if django.VERSION >= (6, 0) else [("Ops", "ops@example.com")]
    with override_settings(ADMINS=admins, **email):
        mail.outbox = []
        yield


@pytest.mark.django_db  # with a session cookie, the stack loads the session
@pytest.mark.parametrize("cookie", [False, True], ids=["middleware", "urlconf"])
def test_a_failing_probe_mails_no_admin_and_logs_one_warning(
    admins_mailed: None,
    registered: list[str],
    caplog: pytest.LogCaptureFixture,
    cookie: bool,
) -> None:
    def search() -> object:
        raise CheckFailed("search cluster is red")

    foundation_health.register("search", search)
    registered.append("search")
    client = Client()
    if cookie:
        client.cookies["sessionid"] = "not-a-session"  # through the whole stack and the URLconf
    caplog.set_level(logging.INFO)
    with override_settings(FOUNDATION_HEALTH={"CHECKS": ["search"], "CACHE_SECONDS": 0}):
        statuses = [client.get("/ready/").status_code for _ in range(3)]
    assert statuses == [503] * 3
    assert mail.outbox == []
    assert [r for r in caplog.records if r.name == "django.request"] == []
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.levelname, r.getMessage()) for r in warnings] == [
        ("foundation_health", "WARNING", "health check search is fail: search cluster is red")
    ]
    assert_mail_would_be_sent(client)


def test_an_unexpected_error_is_logged_with_its_message_and_no_secret(
    client: Client, registered: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> object:
        raise ConnectionError(f"redis://:{TOKEN}@10.0.0.7:6379 refused, token {TOKEN}")

    foundation_health.register("broken", broken)
    registered.append("broken")
    with override_settings(FOUNDATION_HEALTH={"CHECKS": ["broken"], "TOKEN": TOKEN}):
        response = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert json.loads(response.content)["checks"]["broken"]["error"] == "ConnectionError"
    (record,) = [r for r in caplog.records if r.name == "foundation_health"]
    assert record.getMessage() == (
        "health check broken is fail: ConnectionError: redis://***@10.0.0.7:6379 refused, token ***"
    )


def assert_mail_would_be_sent(client: Client) -> None:
    """The trap is set: an ordinary 500 through the same stack does mail the admins."""
    with override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False):
        client.raise_request_exception = False
        assert client.get("/boom/").status_code == 500
    assert len(mail.outbox) == 1
