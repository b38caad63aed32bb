from __future__ import annotations

import io
import json
import logging
import logging.config
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from foundation_settings import Env, context, logging_config, mask_text, register_secret
from foundation_settings import celery as celery_context
from foundation_settings.middleware import RequestContextMiddleware

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    config = logging_config(json=True, level="INFO")
    config["handlers"]["console"]["stream"] = out
    logging.config.dictConfig(config)
    yield out
    logging.config.dictConfig(
        {"version": 1, "disable_existing_loggers": False, "root": {"handlers": []}}
    )


def lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_json_line_has_every_field(stream: io.StringIO) -> None:
    logging.getLogger("shop.orders").warning(
        "order %s shipped", 7, extra={"event": "order.shipped", "order": 7}
    )
    (record,) = lines(stream)
    assert ISO_UTC.match(record["timestamp"])
    assert record["level"] == "WARNING"
    assert record["logger"] == "shop.orders"
    assert record["message"] == "order 7 shipped"
    assert record["action"] == "order.shipped"
    assert record["request_id"] is None
    assert record["user_id"] is None
    assert record["order"] == 7


def test_secrets_are_masked_in_messages_extras_and_exceptions(
    stream: io.StringIO, tmp_path: Path
) -> None:
    secret = "sk-live-0123456789abcdef"
    env = Env(base_dir=tmp_path, profile="prod", environ={"PAYMENT_API_KEY": secret})
    assert env.secret("PAYMENT_API_KEY") == secret
    log = logging.getLogger("shop")
    log.info("calling with %s", secret)
    log.info("db at postgres://app:Pa55word!x@db/app and token=abc123xyz")
    log.info("login", extra={"password": "hunter2hunter2", "note": f"key {secret}"})
    try:
        raise RuntimeError(f"upstream refused {secret}")
    except RuntimeError:
        log.exception("failed")
    text = stream.getvalue()
    assert secret not in text
    assert "Pa55word!x" not in text
    assert "abc123xyz" not in text
    assert "hunter2hunter2" not in text
    records = lines(stream)
    assert len(records) == 4
    assert "RuntimeError: upstream refused ********" in records[3]["exception"]
    assert records[1]["message"] == "db at postgres://app:********@db/app and token=********"


def test_secret_named_environment_variables_are_masked_even_when_not_read(tmp_path: Path) -> None:
    Env(base_dir=tmp_path, profile="dev", environ={"AWS_SECRET_ACCESS_KEY": "AKIAunreadvalue99"})
    assert mask_text("leaked AKIAunreadvalue99 here") == "leaked ******** here"


def test_short_values_are_not_registered() -> None:
    register_secret("abc")
    assert mask_text("abc def") == "abc def"


class _User:
    is_authenticated = True
    pk = 42


class _Anonymous:
    is_authenticated = False
    pk = None


def _view(status: int = 200) -> Any:
    def view(request: HttpRequest) -> HttpResponse:
        logging.getLogger("shop.view").info("inside the view")
        return HttpResponse(status=status)

    return view


def test_middleware_sets_request_id_action_and_logs_one_json_line(stream: io.StringIO) -> None:
    request = RequestFactory().get("/orders/?token=s3cr3tt0ken", HTTP_X_REQUEST_ID="abc-123.def")
    request.user = _Anonymous()  # type: ignore[attr-defined]
    response = RequestContextMiddleware(_view())(request)
    assert response["X-Request-ID"] == "abc-123.def"
    inside, done = lines(stream)
    assert inside["request_id"] == "abc-123.def"
    assert inside["action"] == "GET /orders/"
    assert done["logger"] == "foundation_settings.request"
    assert done["message"] == "GET /orders/ 200"
    assert done["status"] == 200
    assert done["user_id"] is None
    assert done["request_id"] == "abc-123.def"
    assert "s3cr3tt0ken" not in stream.getvalue()
    assert context.request_id.get() is None  # reset after the request


@pytest.mark.parametrize("upstream", ["", "x" * 129, "evil\nFAKE LOG LINE", "a b", "é"])
def test_insane_upstream_request_ids_are_replaced(stream: io.StringIO, upstream: str) -> None:
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=upstream)
    response = RequestContextMiddleware(_view())(request)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert all(line["request_id"] == response["X-Request-ID"] for line in lines(stream))


def test_user_id_is_logged_for_an_authenticated_user(stream: io.StringIO) -> None:
    request = RequestFactory().post("/cart/")
    request.user = _User()  # type: ignore[assignment]
    RequestContextMiddleware(_view(201))(request)
    assert lines(stream)[-1]["user_id"] == 42
    assert lines(stream)[-1]["action"] == "POST /cart/"


def test_celery_task_context_carries_task_id_name_and_request_id(stream: io.StringIO) -> None:
    class Task:
        name = "demo.ping"
        request = type("Req", (), {"foundation_request_id": "req-from-web"})()

    headers: dict[str, Any] = {}
    token = context.request_id.set("req-from-web")
    celery_context._before_publish(headers=headers)
    context.request_id.reset(token)
    assert headers == {"foundation_request_id": "req-from-web"}
    celery_context._prerun(task_id="t-1", task=Task())
    logging.getLogger("demo").info("pong")
    celery_context._postrun(task_id="t-1")
    logging.getLogger("demo").info("after")
    during, after = lines(stream)
    assert during["task_id"] == "t-1"
    assert during["action"] == "demo.ping"
    assert during["request_id"] == "req-from-web"
    assert "task_id" not in after
    assert after["request_id"] is None


def test_console_format_is_readable() -> None:
    out = io.StringIO()
    config = logging_config(json=False)
    config["handlers"]["console"]["stream"] = out
    logging.config.dictConfig(config)
    token = context.request_id.set("0123456789abcdef")
    try:
        logging.getLogger("shop").warning("hello")
    finally:
        context.request_id.reset(token)
        logging.config.dictConfig(
            {"version": 1, "disable_existing_loggers": False, "root": {"handlers": []}}
        )
    assert re.fullmatch(r"\d\d:\d\d:\d\d WARNING shop \[req 01234567\] hello\n", out.getvalue())


def test_async_middleware_binds_the_same_context(stream: io.StringIO) -> None:
    import asyncio

    async def view(request: HttpRequest) -> HttpResponse:
        logging.getLogger("shop.async").info("async view")
        return HttpResponse()

    middleware = RequestContextMiddleware(view)
    request = RequestFactory().get("/a/", HTTP_X_REQUEST_ID="async-1")
    response = asyncio.run(middleware(request))
    assert response["X-Request-ID"] == "async-1"
    inside, done = lines(stream)
    assert inside["request_id"] == "async-1"
    assert inside["action"] == "GET /a/"
    assert done["message"] == "GET /a/ 200"
