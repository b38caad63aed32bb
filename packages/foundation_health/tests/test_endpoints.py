from __future__ import annotations

import json
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

import foundation_health
from foundation_health import CheckFailed, CheckWarning

from .conftest import RedisServer

TOKEN = "a-long-test-token-0123456789"


def health_settings(**values: object) -> dict[str, object]:
    return {"TOKEN": TOKEN, "TIMEOUT": 1.0, "CACHE_SECONDS": 1.0, **values}


def body(response: object) -> dict[str, object]:
    return json.loads(response.content)  # type: ignore[attr-defined]


# -- liveness -----------------------------------------------------------------------------------


def test_liveness_answers_ok_without_any_query(client: Client) -> None:
    # No django_db mark: any database access here would raise.
    response = client.get("/health/", HTTP_ACCEPT="*/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body(response) == {"status": "ok"}


def test_probes_answer_a_pod_ip_host_that_allowed_hosts_rejects(client: Client) -> None:
    assert client.get("/health/", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/page/", HTTP_HOST="10.1.2.3:8000").status_code == 400


# -- readiness ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ready_when_everything_answers(client: Client, redis_server: RedisServer) -> None:
    with override_settings(
        FOUNDATION_HEALTH=health_settings(
            CHECKS=["database", "cache", "migrations", "redis"], REDIS_URL=redis_server.url
        )
    ):
        response = client.get("/ready/")
    assert response.status_code == 200
    assert body(response) == {
        "status": "ok",
        "checks": {
            name: {"status": "ok"}
            for name in ("database:default", "cache:default", "migrations", "redis")
        },
    }


@pytest.mark.django_db
def test_details_only_for_the_token_or_staff(client: Client, registered: list[str]) -> None:
    def broken() -> object:
        raise ConnectionError("Error 111 connecting to 10.0.0.7:6379 with password hunter2")

    foundation_health.register("broken", broken)
    registered.append("broken")
    with override_settings(FOUNDATION_HEALTH=health_settings(CHECKS=["broken", "cache"])):
        anonymous = client.get("/ready/")
        wrong = client.get("/ready/", HTTP_AUTHORIZATION="Bearer not-the-token")
        with_token = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        staff = Client()
        staff.force_login(User.objects.create_user("ops", is_staff=True))
        as_staff = staff.get("/ready/")
    assert anonymous.status_code == wrong.status_code == with_token.status_code == 503
    assert body(anonymous) == {
        "status": "fail",
        "checks": {"broken": {"status": "fail"}, "cache:default": {"status": "ok"}},
    }
    assert body(wrong) == body(anonymous)
    for response in (with_token, as_staff):
        detail = body(response)["checks"]["broken"]  # type: ignore[index]
        assert detail["error"] == "ConnectionError"
        assert detail["critical"] is True
        assert isinstance(detail["duration_ms"], float)
    for response in (anonymous, with_token, as_staff):
        text = response.content.decode()
        for leak in ("10.0.0.7", "hunter2", "Traceback", ".py", "6379"):
            assert leak not in text


@pytest.mark.django_db
def test_a_hung_redis_fails_within_its_timeout_and_liveness_keeps_answering(
    client: Client, redis_server: RedisServer
) -> None:
    settings_value = health_settings(
        CHECKS=["cache", "redis"], REDIS_URL=redis_server.url, TIMEOUTS={"redis": 0.5}
    )
    with override_settings(FOUNDATION_HEALTH=settings_value):
        assert client.get("/ready/").status_code == 200  # the pooled client connects first
        redis_server.pause()
        try:
            results: dict[str, object] = {}

            def probe_ready() -> None:
                started = time.monotonic()
                results["ready"] = Client().get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
                results["ready_seconds"] = time.monotonic() - started

            time.sleep(1.05)  # let the cached result expire
            thread = threading.Thread(target=probe_ready)
            thread.start()
            time.sleep(0.1)
            started = time.monotonic()
            live = client.get("/health/")
            live_seconds = time.monotonic() - started
            thread.join(5)
            assert live.status_code == 200
            assert live_seconds < 0.25  # liveness never waits on readiness
            ready = results["ready"]
            assert ready.status_code == 503  # type: ignore[attr-defined]
            # The bound is the check's own timeout (0.5 s), not redis-py's or the server's.
            assert (
                results["ready_seconds"] < 0.5 + 0.25 + 0.5
            )  # timeout, the 0.25 s, CI slack
            redis_detail = body(ready)["checks"]["redis"]  # type: ignore[index]
            assert redis_detail["status"] == "fail"
            assert redis_detail["error"] in {"timed out after 0.5 s", "TimeoutError"}
        finally:
            redis_server.resume()
        time.sleep(1.05)
        assert client.get("/ready/").status_code == 200  # recovers once Redis answers again


@pytest.mark.django_db
def test_a_stopped_redis_fails_fast(client: Client, redis_server: RedisServer) -> None:
    with override_settings(
        FOUNDATION_HEALTH=health_settings(CHECKS=["redis"], REDIS_URL=redis_server.url)
    ):
        redis_server.stop()
        started = time.monotonic()
        response = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert body(response)["checks"]["redis"]["error"] == "ConnectionError"  # type: ignore[index]
    assert elapsed < 1.0


def test_a_storm_of_probes_runs_each_check_once_per_interval(registered: list[str]) -> None:
    runs: list[float] = []
    lock = threading.Lock()

    def counted() -> object:
        with lock:
            runs.append(time.monotonic())
        time.sleep(0.2)
        return None

    foundation_health.register("counted", counted)
    registered.append("counted")
    statuses: list[int] = []
    with override_settings(
        FOUNDATION_HEALTH=health_settings(CHECKS=["counted"], CACHE_SECONDS=5.0)
    ):

        def probe() -> None:
            response = Client().get("/ready/")
            with lock:
                statuses.append(response.status_code)

        threads = [threading.Thread(target=probe) for _ in range(100)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert statuses == [200] * 100
    assert len(runs) == 1


@pytest.mark.django_db(transaction=True)
def test_a_storm_costs_one_database_query_per_interval(registered: list[str]) -> None:
    with override_settings(
        FOUNDATION_HEALTH=health_settings(CHECKS=["database"], CACHE_SECONDS=5.0)
    ):
        statuses: list[int] = []
        lock = threading.Lock()

        def probe() -> None:
            response = Client().get("/ready/")
            with lock:
                statuses.append(response.status_code)

        from foundation_health.builtin_checks import Database

        calls: list[int] = []
        original = Database.run

        def counting(self: Database) -> object:
            calls.append(1)
            return original(self)

        Database.run = counting  # type: ignore[method-assign]
        try:
            threads = [threading.Thread(target=probe) for _ in range(100)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(10)
        finally:
            Database.run = original  # type: ignore[method-assign]
    assert statuses == [200] * 100
    assert len(calls) == 1


def test_a_stuck_check_is_not_started_again(registered: list[str], client: Client) -> None:
    release = threading.Event()
    starts: list[int] = []

    def stuck() -> object:
        starts.append(1)
        release.wait(10)
        return None

    foundation_health.register("stuck", stuck, timeout=0.2)
    registered.append("stuck")
    try:
        with override_settings(
            FOUNDATION_HEALTH=health_settings(CHECKS=["stuck"], CACHE_SECONDS=0)
        ):
            first = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
            second = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert body(first)["checks"]["stuck"]["error"] == "timed out after 0.2 s"  # type: ignore[index]
        assert body(second)["checks"]["stuck"]["error"].startswith("previous run still stuck")  # type: ignore[index]
        assert len(starts) == 1
    finally:
        release.set()


def test_warnings_and_non_critical_failures_keep_readiness(
    client: Client, registered: list[str]
) -> None:
    def degraded() -> object:
        raise CheckWarning("replica lag 12 s")

    def optional() -> object:
        raise CheckFailed("search is down")

    foundation_health.register("degraded", degraded)
    foundation_health.register("optional", optional, critical=False)
    registered.extend(["degraded", "optional"])
    with override_settings(FOUNDATION_HEALTH=health_settings(CHECKS=["degraded", "optional"])):
        response = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    data = body(response)
    assert data["status"] == "warn"
    assert data["checks"]["degraded"] == {
        "status": "warn",
        "critical": True,
        "duration_ms": data["checks"]["degraded"]["duration_ms"],
        "error": "replica lag 12 s",
    }  # type: ignore[index]
    assert data["checks"]["optional"]["status"] == "fail"  # type: ignore[index]


@pytest.mark.django_db
def test_migrations_pass_once_then_cost_nothing(django_assert_num_queries: object) -> None:
    from foundation_health.builtin_checks import Migrations
    from foundation_health.state import state

    check = Migrations(state)
    check.prepare()
    assert check.run() is None
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert Migrations(state).run() is None


def test_register_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="non-empty name"):
        foundation_health.register("", lambda: None)
    with pytest.raises(TypeError, match="not callable"):
        foundation_health.register("x", "not callable")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout must be positive"):
        foundation_health.register("x", lambda: None, timeout=0)


def test_prepare_runs_on_the_caller_thread_before_the_clock(
    client: Client, registered: list[str]
) -> None:
    """A slow import in prepare() does not count against a 0.2 s timeout, and happens once."""
    prepared_on: list[str] = []

    class Search(foundation_health.Check):
        def prepare(self) -> None:
            if not prepared_on:
                time.sleep(1.0)  # a cold import of a client library
            prepared_on.append(threading.current_thread().name)

        def run(self) -> object:
            return "green"

    foundation_health.register("search", Search("search", timeout=0.2))
    registered.append("search")
    with override_settings(
        FOUNDATION_HEALTH=health_settings(CHECKS=["search"], CACHE_SECONDS=0, DEADLINE=0.5)
    ):
        first = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        second = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    for response in (first, second):
        assert response.status_code == 200
        assert body(response)["checks"]["search"]["detail"] == "green"  # type: ignore[index]
    assert prepared_on == [threading.current_thread().name] * 2


def test_a_function_check_is_prepared_once(client: Client, registered: list[str]) -> None:
    loads: list[int] = []
    foundation_health.register("search", lambda: None, prepare=lambda: loads.append(1))
    registered.append("search")
    with override_settings(FOUNDATION_HEALTH=health_settings(CHECKS=["search"], CACHE_SECONDS=0)):
        assert client.get("/ready/").status_code == 200
        assert client.get("/ready/").status_code == 200
    assert loads == [1]


def test_register_takes_a_check_under_its_own_name_only() -> None:
    with pytest.raises(ValueError, match="under another name"):
        foundation_health.register("b", foundation_health.Check("a"))
