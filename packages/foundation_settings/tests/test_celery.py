"""Celery tasks log with their task id and name, through the real celery.signals."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest

from foundation_settings import logging_config
from foundation_settings.celery import connect_celery_signals

celery = pytest.importorskip("celery", reason="celery is not installed")


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    config = logging_config(json=True)
    config["handlers"]["console"]["stream"] = out
    logging.config.dictConfig(config)
    yield out
    logging.config.dictConfig(
        {"version": 1, "disable_existing_loggers": False, "root": {"handlers": []}}
    )


def test_task_log_lines_carry_task_id_and_name(stream: io.StringIO) -> None:
    assert connect_celery_signals() is True
    assert connect_celery_signals(only_if_imported=True) is True  # idempotent
    app = celery.Celery("tests", set_as_current=False)
    app.conf.task_always_eager = True

    @app.task(name="tests.shout")
    def shout(word: str) -> str:
        logging.getLogger("tests.tasks").info("shouting %s", word)
        return word.upper()

    result = shout.apply(args=["hi"], task_id="task-123")
    assert result.get() == "HI"
    logging.getLogger("tests").info("outside")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    inside, outside = (r for r in records if r["logger"].startswith("tests"))
    assert inside["task_id"] == "task-123"
    assert inside["action"] == "tests.shout"
    assert inside["request_id"] == "task-123"
    assert "task_id" not in outside
    assert outside["request_id"] is None
