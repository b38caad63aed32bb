"""Prometheus metrics of calls and jobs, read from prometheus_client's default registry as any
exporter reads them."""

from __future__ import annotations

import socket

import pytest
from asgiref.sync import async_to_sync
from django.db import transaction
from django.test import override_settings
from prometheus_client import REGISTRY

from foundation_llm import LLMUnavailable, ModelNotFound, llm, submit_chat
from foundation_llm.testing import FakeOllamaServer

HI = [{"role": "user", "content": "hi there"}]
DEFAULT = {"alias": "default", "model": "llama3.2"}


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Delta:
    """The change of some samples over a block."""

    def __init__(self, *samples: tuple[str, dict[str, str]]) -> None:
        self.samples = samples

    def __enter__(self) -> Delta:
        self.before = [sample(name, **labels) for name, labels in self.samples]
        return self

    def __exit__(self, *exc: object) -> None:
        self.after = [sample(name, **labels) for name, labels in self.samples]

    @property
    def changes(self) -> list[float]:
        return [a - b for a, b in zip(self.after, self.before, strict=True)]


CALL = {**DEFAULT, "operation": "chat"}


def test_a_call_counts_once_with_its_latency_and_tokens(server: FakeOllamaServer) -> None:
    with Delta(
        ("foundation_llm_calls_total", CALL),
        ("foundation_llm_call_duration_seconds_count", CALL),
        ("foundation_llm_tokens_total", {**DEFAULT, "direction": "prompt"}),
        ("foundation_llm_tokens_total", {**DEFAULT, "direction": "output"}),
        ("foundation_llm_retries_total", DEFAULT),
    ) as delta:
        reply = llm.chat(HI)
    assert delta.changes == [1, 1, reply.prompt_eval_count, reply.eval_count, 0]


def test_retries_count_the_attempts_beyond_the_first(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", status=503, times=2)
    with Delta(
        ("foundation_llm_calls_total", CALL),
        ("foundation_llm_retries_total", DEFAULT),
        ("foundation_llm_errors_total", {**DEFAULT, "kind": "unavailable"}),
    ) as delta:
        llm.chat(HI)
    assert delta.changes == [1, 2, 0]


def test_errors_are_counted_by_kind(server: FakeOllamaServer) -> None:
    missing = {"alias": "default", "model": "llama9", "kind": "model_not_found"}
    with Delta(("foundation_llm_errors_total", missing)) as delta, pytest.raises(ModelNotFound):
        llm.chat(HI, model="llama9")
    assert delta.changes == [1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = {
        "default": {
            "HOST": f"http://127.0.0.1:{port}",
            "MODEL": "llama3.2",
            "TIMEOUT": 3,
            "CONNECT_TIMEOUT": 1,
            "RETRIES": 2,
        }
    }
    with (
        override_settings(FOUNDATION_LLM=config),
        Delta(
            ("foundation_llm_errors_total", {**DEFAULT, "kind": "unavailable"}),
            ("foundation_llm_retries_total", DEFAULT),
        ) as delta,
        pytest.raises(LLMUnavailable),
    ):
        llm.chat(HI)
    assert delta.changes == [1, 2]


def test_async_and_streamed_calls_count_once_each(server: FakeOllamaServer) -> None:
    async def ask() -> None:
        await llm.achat(HI)

    with Delta(("foundation_llm_calls_total", CALL)) as delta:
        async_to_sync(ask)()
        chunks = list(llm.chat(HI, stream=True))
    assert len(chunks) > 1
    assert delta.changes == [2]


@pytest.mark.django_db(transaction=True)
def test_jobs_are_counted_by_the_status_they_enter(server: FakeOllamaServer) -> None:
    statuses = ("queued", "done", "failed")
    with Delta(*(("foundation_llm_jobs_total", {"status": s}) for s in statuses)) as delta:
        with transaction.atomic():
            submit_chat(HI)
        submit_chat(HI, model="mistral")  # not on the server: the job fails
    assert delta.changes == [2, 1, 1]
