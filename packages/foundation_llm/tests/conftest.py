from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from foundation_llm.testing import FakeOllamaServer

from . import celery_app  # noqa: F401  (the Celery app every task binds to)


@pytest.fixture
def server() -> Iterator[FakeOllamaServer]:
    with FakeOllamaServer(models=["llama3.2", "nomic-embed-text"]) as fake:
        config = {
            "default": {
                "HOST": fake.url,
                "MODEL": "llama3.2",
                # Generous: retry backoff must not meet the deadline on a busy machine.
                "TIMEOUT": 10,
                "CONNECT_TIMEOUT": 1,
                "RETRIES": 2,
            }
        }
        with override_settings(FOUNDATION_LLM=config):
            yield fake


@pytest.fixture(autouse=True)
def _no_events_from_earlier_tests() -> None:
    # Rolled-back tests reuse job ids: forget the in-memory event streams between tests.
    from foundation_llm import streams

    streams._memory.streams.clear()
