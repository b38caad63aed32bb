from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from foundation_settings import logging_config, register_secret
from foundation_settings.logs import context


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Capture what the configured JSON handler writes."""
    stream = io.StringIO()
    config = logging_config(json=True)
    config["handlers"]["console"]["stream"] = stream
    config["handlers"]["console"].pop("class")
    config["handlers"]["console"]["()"] = "logging.StreamHandler"
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_log_line_is_one_json_object_with_the_contract_fields(lines: io.StringIO) -> None:
    with context.bound(request="req-1", user=42, act="import.contacts"):
        logging.getLogger("app").warning("imported %d contacts", 3, extra={"batch": 7})
    (record,) = records(lines)
    assert record["message"] == "imported 3 contacts"
    assert (record["level"], record["logger"]) == ("WARNING", "app")
    assert (record["request_id"], record["user_id"], record["action"]) == (
        "req-1",
        42,
        "import.contacts",
    )
    assert record["batch"] == 7
    assert str(record["timestamp"]).endswith("Z") and "T" in str(record["timestamp"])


def test_secrets_are_masked_in_message_extras_and_exception_text(lines: io.StringIO) -> None:
    register_secret("registered-secret-value")
    logger = logging.getLogger("app")
    logger.info(
        "token is registered-secret-value",
        extra={"api_key": "k-123456", "note": "redis://:pw-in-url@h/0"},
    )
    try:
        raise ValueError("cannot reach postgres://app:db-password-1@db/app")
    except ValueError:
        logger.exception("failed with registered-secret-value")
    text = lines.getvalue()
    for secret in ("registered-secret-value", "k-123456", "pw-in-url", "db-password-1"):
        assert secret not in text
    first, second = records(lines)
    assert first["api_key"] == "********"
    assert first["note"] == "redis://:********@h/0"
    assert "postgres://app:********@db/app" in str(second["exception"])


def test_query_string_secrets_are_masked(lines: io.StringIO) -> None:
    logging.getLogger("app").info("GET /reset/?token=abc123def&page=2")
    (record,) = records(lines)
    assert record["message"] == "GET /reset/?token=********&page=2"


def test_the_console_format_is_readable() -> None:
    stream = io.StringIO()
    config = logging_config(json=False)
    config["handlers"]["console"]["stream"] = stream
    config["handlers"]["console"].pop("class")
    config["handlers"]["console"]["()"] = "logging.StreamHandler"
    logging.config.dictConfig(config)
    try:
        with context.bound(request="abcdef123456", user=5):
            logging.getLogger("app").info("hello")
        line = stream.getvalue().strip()
        assert line.endswith("INFO    app [req=abcdef12 user=5] hello")
        assert not line.startswith("{")
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)


def test_bad_log_level_is_named() -> None:
    with pytest.raises(ValueError, match="LOG_LEVEL 'LOUD' is not a level"):
        logging_config(json=True, level="loud")


@pytest.mark.django_db
def test_a_request_is_logged_with_its_id_user_and_action(
    lines: io.StringIO, client: Client
) -> None:
    user = User.objects.create_user("ada", password="pw")
    client.force_login(user)
    response = client.get("/hello/?token=sekret-token", HTTP_X_REQUEST_ID="upstream-id-1")
    assert response["X-Request-ID"] == "upstream-id-1"
    view_line, access_line = records(lines)[-2:]
    assert view_line["message"] == "saying hello"
    assert view_line["password"] == "********"
    for record in (view_line, access_line):
        assert record["request_id"] == "upstream-id-1"
        assert record["user_id"] == user.pk
        assert record["action"] == "GET /hello/"
    assert access_line["status"] == 200 and access_line["logger"] == "foundation_settings.request"
    assert "sekret-token" not in lines.getvalue()


@pytest.mark.django_db
def test_an_unsafe_upstream_request_id_is_replaced(lines: io.StringIO, client: Client) -> None:
    response = client.get("/hello/", HTTP_X_REQUEST_ID='evil"\n{"level":"CRITICAL"}')
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()
    assert records(lines)[-1]["request_id"] == generated
    assert records(lines)[-1]["user_id"] is None


@pytest.mark.django_db
def test_exception_text_in_a_500_is_masked(lines: io.StringIO) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "s3cret-pass" not in lines.getvalue()
    assert any(r["level"] == "ERROR" for r in records(lines))


def test_celery_tasks_carry_the_request_context(lines: io.StringIO) -> None:
    from celery import Celery

    from foundation_settings.logs import celery as celery_hooks

    assert celery_hooks.connect()
    app = Celery("ctx", set_as_current=False)
    app.conf.task_always_eager = True

    @app.task(name="tests.log_something")
    def log_something() -> str:
        logging.getLogger("tests.tasks").info("inside the task")
        return "ok"

    # A published message: the headers carry the context to the worker.
    headers: dict[str, object] = {}
    with context.bound(request="req-from-view", user=9):
        celery_hooks._before_publish(headers=headers)
    assert headers == {"foundation_request_id": "req-from-view", "foundation_user_id": 9}

    # In-process (eager) run inside a request keeps the request's context and names the task.
    with context.bound(request="req-eager", user=3):
        assert log_something.delay().get() == "ok"
    (record,) = [r for r in records(lines) if r["message"] == "inside the task"]
    assert (record["request_id"], record["user_id"], record["action"]) == (
        "req-eager",
        3,
        "tests.log_something",
    )
    assert record["task_id"]


def test_a_celery_worker_keeps_djangos_logging() -> None:
    """A worker configures its logging through ``setup_logging``; with a receiver connected it keeps
    Django's LOGGING (JSON, with the context) instead of replacing the root logger's handlers."""
    from celery import signals
    from django.test import override_settings

    from foundation_settings.logs import celery as celery_hooks

    assert celery_hooks.uses_our_logging()
    signals.setup_logging.disconnect(dispatch_uid="foundation_settings.logging")
    assert celery_hooks.connect()
    receivers = signals.setup_logging.receivers or []
    assert any(lookup[0] == "foundation_settings.logging" for lookup, _ in receivers)
    root = logging.getLogger()
    before = list(root.handlers)
    root.handlers = []
    try:
        signals.setup_logging.send(
            sender=None, loglevel="INFO", logfile=None, format="", colorize=False
        )
        assert [type(h.formatter).__name__ for h in root.handlers] == ["JsonFormatter"]
    finally:
        root.handlers = before
    # Overriding LOGGING applies it: keep the loggers the tests after this one use.
    other = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"x": {"()": "logging.Filter"}},
    }
    with override_settings(LOGGING=other):
        assert not celery_hooks.uses_our_logging()


def test_configuration_names_that_sound_secret_are_not_masked(lines: io.StringIO) -> None:
    from django.test import override_settings

    from foundation_settings import logs

    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": "example",
        }
    }
    with override_settings(
        CACHES=caches, SESSION_COOKIE_NAME="sessionid-long", API_TOKEN="real-token-123"
    ):
        mask = logs.SecretMaskFilter()
        mask._load_settings_secrets()
        logging.getLogger("app").info(
            "serving example_project with sessionid-long and real-token-123"
        )
    (record,) = records(lines)
    assert record["message"] == "serving example_project with sessionid-long and ********"


def test_action_is_masked_like_the_message(lines: io.StringIO) -> None:
    with context.bound(request="r", act="GET /invite/?token=action-secret-1&pw=hunter22"):
        logging.getLogger("app").info("GET /invite/?token=action-secret-1")
    (record,) = records(lines)
    assert "action-secret-1" not in lines.getvalue() and "hunter22" not in lines.getvalue()
    assert record["action"] == "GET /invite/?token=********&pw=********"


RESET_TOKEN = "c4n0x1-8a7b3c9d0e1f2a3b4c5d6e7f"


@pytest.mark.django_db
def test_a_password_reset_link_is_never_logged_in_clear(lines: io.StringIO, client: Client) -> None:
    response = client.get(f"/reset/MQ/{RESET_TOKEN}/")
    assert response.status_code == 200
    missing = client.get(f"/nowhere/MQ/{RESET_TOKEN}/?pw=hunter22")
    assert missing.status_code == 404
    assert RESET_TOKEN not in lines.getvalue() and "hunter22" not in lines.getvalue()
    view, access = records(lines)[:2]
    assert view["action"] == access["action"] == "GET /reset/<uidb64>/<token>/"
    assert records(lines)[-1]["action"] == "GET /nowhere/MQ/********/"


def test_a_500_while_the_user_loads_carries_the_request_id(lines: io.StringIO) -> None:
    """No database access is allowed here (no django_db mark): loading the session fails, as it
    does with the database down."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-hold"
    response = client.get("/hello/", HTTP_X_REQUEST_ID="req-db-down")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-db-down"
    logged = records(lines)
    assert logged and all(r["request_id"] == "req-db-down" for r in logged)
    assert "Internal Server Error: /hello/" in [r["message"] for r in logged]


def test_a_500_raised_in_a_middleware_carries_the_request_id(lines: io.StringIO) -> None:
    response = Client(raise_request_exception=False).get("/fail-in-middleware/")
    assert response.status_code == 500
    rid = response["X-Request-ID"]
    assert rid and all(r["request_id"] == rid for r in records(lines))


def test_under_asgi_the_middleware_runs_async_and_keeps_the_context(lines: io.StringIO) -> None:
    from asgiref.sync import async_to_sync, iscoroutinefunction
    from django.test import AsyncClient

    from foundation_settings.logs.middleware import RequestContextMiddleware

    async def view(request: object) -> object:
        return None

    assert iscoroutinefunction(RequestContextMiddleware(view))  # type: ignore[arg-type]
    client = AsyncClient(raise_request_exception=False)
    get = async_to_sync(client.get)
    response = get("/hello/?token=async-secret", headers={"X-Request-ID": "req-async"})
    assert response.status_code == 200 and response["X-Request-ID"] == "req-async"
    failed = get("/boom/", headers={"X-Request-ID": "req-async-500"})
    assert failed.status_code == 500 and failed["X-Request-ID"] == "req-async-500"
    by_message = {r["message"]: r for r in records(lines)}
    assert by_message["saying hello"]["request_id"] == "req-async"
    assert by_message["saying hello"]["action"] == "GET /hello/"
    assert by_message["Internal Server Error: /boom/"]["request_id"] == "req-async-500"
    assert "async-secret" not in lines.getvalue()
