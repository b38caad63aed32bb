from __future__ import annotations

import asyncio
import logging
import os
import socket
import time

import ollama
import pytest
from django.test import override_settings

from foundation_llm import LLMError, LLMTimeout, LLMUnavailable, ModelNotFound, llm, llms
from foundation_llm.testing import FakeOllamaServer

HI = [{"role": "user", "content": "hi there"}]


def test_chat_through_the_official_client(
    server: FakeOllamaServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="foundation_llm")
    reply = llm.chat(HI)
    assert reply.message.content == "Echo: hi there"
    assert (reply.prompt_eval_count, reply.eval_count) == (2, 3)
    (event,) = [r for r in caplog.records if r.name == "foundation_llm"]
    assert (event.alias, event.model, event.operation, event.outcome, event.attempts) == (
        "default",
        "llama3.2",
        "chat",
        "ok",
        1,
    )
    assert (event.prompt_tokens, event.output_tokens) == (2, 3)
    assert event.duration_ms >= 0
    assert not hasattr(event, "output")  # content is not logged unless LOG_CONTENT asks
    assert "hi there" not in event.getMessage()
    assert server.calls("/api/chat")[0].headers["Host"].startswith("127.0.0.1")


def test_a_model_name_means_its_latest_tag(server: FakeOllamaServer) -> None:
    assert llm.chat(HI, model="llama3.2:latest").message.content == "Echo: hi there"
    assert "llama3.2:latest" in llm.list_models()


def test_streaming_chat_and_generate(
    server: FakeOllamaServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="foundation_llm")
    chunks = list(llm.chat([{"role": "user", "content": "one two three"}], stream=True))
    assert "".join(c.message.content for c in chunks) == "Echo: one two three"
    assert chunks[-1].done and chunks[-1].eval_count == 4
    text = "".join(c.response for c in llm.generate("say this", stream=True))
    assert text == "Echo: say this"
    events = [r for r in caplog.records if r.name == "foundation_llm"]
    assert all(e.stream and e.ttft_ms >= 0 and e.outcome == "ok" for e in events)
    assert events[0].output_tokens == 4


def test_embed(server: FakeOllamaServer) -> None:
    result = llm.embed(["a", "b"], model="nomic-embed-text")
    assert len(result.embeddings) == 2
    assert result.embeddings[0] != result.embeddings[1]


def test_missing_model_names_it_and_says_how_to_pull_without_retrying(
    server: FakeOllamaServer,
) -> None:
    with pytest.raises(ModelNotFound) as info:
        llm.chat(HI, model="llama9")
    message = str(info.value)
    assert "llama9" in message and server.url in message and "ollama pull llama9" in message
    assert isinstance(info.value.__cause__, ollama.ResponseError)
    assert len(server.calls("/api/chat")) == 1
    with pytest.raises(ModelNotFound):
        llm.generate("x", model="llama9")


def test_a_url_that_is_not_ollama_is_named(server: FakeOllamaServer) -> None:
    config = {
        "default": {
            "HOST": server.url + "/wrong-prefix",
            "MODEL": "llama3.2",
            "TIMEOUT": 3,
            "RETRIES": 2,
        }
    }
    with (
        override_settings(FOUNDATION_LLM=config),
        pytest.raises(LLMError, match="does not look like the Ollama API") as info,
    ):
        llm.chat(HI)
    assert type(info.value) is LLMError
    server.fail("/api/chat", "html_404")
    with pytest.raises(LLMError, match="does not look like the Ollama API"):
        llm.chat(HI)


@pytest.mark.parametrize("status", [400, 401, 403])
def test_client_errors_are_not_retried(server: FakeOllamaServer, status: int) -> None:
    server.fail("/api/chat", status=status, body="nope")
    with pytest.raises(LLMError) as info:
        llm.chat(HI)
    assert type(info.value) is LLMError
    assert info.value.status == status
    assert len(server.calls("/api/chat")) == 1


def test_a_capability_error_is_a_400_from_the_server(server: FakeOllamaServer) -> None:
    with pytest.raises(LLMError, match="does not support thinking"):
        llm.chat(HI, think=True)
    assert len(server.calls("/api/chat")) == 1


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(
    server: FakeOllamaServer, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="foundation_llm")
    server.fail("/api/chat", status=status, times=2)
    assert llm.chat(HI).message.content == "Echo: hi there"
    assert len(server.calls("/api/chat")) == 3
    assert [r.attempts for r in caplog.records if r.name == "foundation_llm"] == [3]


def test_a_permanent_500_is_not_retried(server: FakeOllamaServer) -> None:
    server.fail(
        "/api/chat",
        status=500,
        body="model requires more system memory (9.0 GiB) than is available (2.0 GiB)",
    )
    with pytest.raises(LLMError, match="requires more system memory"):
        llm.chat(HI)
    assert len(server.calls("/api/chat")) == 1


def test_retries_run_out_with_the_last_status(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", status=503, times=None)
    with pytest.raises(LLMUnavailable) as info:
        llm.chat(HI)
    assert (info.value.status, info.value.attempts) == (503, 3)
    assert "server busy" in str(info.value)
    assert len(server.calls("/api/chat")) == 3


def test_connection_refused_is_unavailable_with_host_and_attempts() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = {
        "default": {
            "HOST": f"http://127.0.0.1:{port}",
            "TIMEOUT": 3,
            "CONNECT_TIMEOUT": 1,
            "RETRIES": 2,
        }
    }
    with override_settings(FOUNDATION_LLM=config):
        with pytest.raises(LLMUnavailable) as info:
            llm.chat(HI)
        with pytest.raises(LLMUnavailable):
            list(llm.chat(HI, stream=True))
    assert info.value.attempts == 3
    assert f"127.0.0.1:{port}" in str(info.value)
    assert info.value.__cause__ is not None


def test_a_reset_connection_is_retried(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "reset")
    assert llm.chat(HI).message.content == "Echo: hi there"
    assert len(server.calls("/api/chat")) == 2


def test_a_hung_server_meets_one_deadline_for_all_attempts(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "hang", times=None, seconds=30)
    config = {"default": {"HOST": server.url, "TIMEOUT": 1.0, "CONNECT_TIMEOUT": 0.5, "RETRIES": 5}}
    with override_settings(FOUNDATION_LLM=config):
        started = time.monotonic()
        with pytest.raises(LLMTimeout) as info:
            llm.chat(HI)
        elapsed = time.monotonic() - started
    # The deadline, not six attempts of it (6 s); the slack is for a busy machine.
    assert 0.9 <= elapsed < 1.0 + 3.0
    assert "1 s deadline" in str(info.value)


def test_a_stream_is_retried_only_before_its_first_chunk(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", status=503)
    assert "".join(c.message.content for c in llm.chat(HI, stream=True)) == "Echo: hi there"
    assert len(server.calls("/api/chat")) == 2
    server.clear()
    server.fail("/api/chat", "drop_mid_stream", after_chunks=1)
    received = []
    with pytest.raises(LLMUnavailable, match="lost mid-answer"):
        for chunk in llm.chat(HI, stream=True):
            received.append(chunk.message.content)
    assert received == ["Echo: "]
    assert len(server.calls("/api/chat")) == 1


def test_an_error_line_in_a_stream(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "error_line", after_chunks=0)
    assert "".join(c.message.content for c in llm.chat(HI, stream=True)) == "Echo: hi there"
    assert len(server.calls("/api/chat")) == 2
    server.clear()
    server.fail("/api/chat", "error_line", after_chunks=2, body="runner crashed")
    with pytest.raises(LLMError, match="runner crashed"):
        list(llm.chat(HI, stream=True))
    assert len(server.calls("/api/chat")) == 1


def test_the_deadline_bounds_a_trickling_stream(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "trickle", seconds=0.4)
    config = {"default": {"HOST": server.url, "TIMEOUT": 1.0, "CONNECT_TIMEOUT": 0.5}}
    words = " ".join(f"w{i}" for i in range(20))
    with override_settings(FOUNDATION_LLM=config):
        started = time.monotonic()
        with pytest.raises(LLMTimeout, match="still streaming"):
            list(llm.chat([{"role": "user", "content": words}], stream=True))
    # 20 chunks 0.4 s apart would take 8 s; the slack is for a busy machine.
    assert 0.9 <= time.monotonic() - started < 1.0 + 3.0


def test_the_official_client_works_unchanged_against_the_fake(server: FakeOllamaServer) -> None:
    client = ollama.Client(host=server.url)
    assert [m.model for m in client.list().models] == ["llama3.2:latest", "nomic-embed-text:latest"]
    assert client.show("llama3.2").capabilities == ["completion"]
    assert client.chat(model="llama3.2", messages=HI).message.content == "Echo: hi there"
    assert [m.model for m in client.ps().models] == ["llama3.2:latest"]
    assert client.generate(model="llama3.2", prompt="").done_reason == "load"
    with pytest.raises(ollama.ResponseError) as info:
        client.chat(model="missing", messages=HI)
    assert info.value.status_code == 404
    assert llm.version() == "0.13.0"
    client.close()


def test_one_pool_per_process_rebuilt_after_fork(
    server: FakeOllamaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = llms["default"].client
    assert llms["default"].client is first
    monkeypatch.setattr(os, "getpid", lambda: -1)
    second = llms["default"].client
    assert second is not first
    # In a real fork the parent keeps its pool; here both live in one process.
    first.close()


def test_aliases_are_independent_and_inherit_the_default_host(server: FakeOllamaServer) -> None:
    config = {
        "default": {"HOST": server.url, "MODEL": "llama3.2"},
        "embeddings": {"MODEL": "nomic-embed-text"},  # no HOST: the default alias's
    }
    with override_settings(FOUNDATION_LLM=config):
        assert llms["embeddings"].config.host == server.url
        assert len(llms["embeddings"].embed("x").embeddings) == 1
        assert server.calls("/api/embed")[0].body["model"] == "nomic-embed-text"
        with pytest.raises(Exception, match="no alias 'other'"):
            llms["other"]


def test_changed_settings_apply_to_the_next_call() -> None:
    with FakeOllamaServer() as first, FakeOllamaServer() as second:
        for fake in (first, second):
            with override_settings(FOUNDATION_LLM={"default": {"HOST": fake.url}}):
                assert llm.chat(HI).message.content == "Echo: hi there"
        assert (len(first.calls("/api/chat")), len(second.calls("/api/chat"))) == (1, 1)
    llm.close()


def test_async_chat_and_stream(server: FakeOllamaServer) -> None:
    async def main() -> tuple[str, str]:
        reply = await llm.achat(HI)
        chunks = [c.message.content async for c in await llm.achat(HI, stream=True)]
        await llm.aclose()
        return reply.message.content, "".join(chunks)

    assert asyncio.run(main()) == ("Echo: hi there", "Echo: hi there")
    server.fail("/api/chat", status=503)

    async def retried() -> str:
        try:
            return (await llm.achat(HI)).message.content
        finally:
            await llm.aclose()

    assert asyncio.run(retried()) == "Echo: hi there"


def test_a_stream_that_falls_silent_mid_answer_is_cut_at_the_deadline(
    server: FakeOllamaServer,
) -> None:
    # httpx's read timeout is per read: without the watchdog this would wait the whole budget
    # again after the last chunk, and the stall lasts 30 s.
    config = {"default": {"HOST": server.url, "TIMEOUT": 1.5, "CONNECT_TIMEOUT": 0.5}}
    with override_settings(FOUNDATION_LLM=config):
        server.fail("/api/chat", "stall_mid_stream", after_chunks=2, seconds=30)
        received = []
        started = time.monotonic()
        with pytest.raises(LLMTimeout, match="still streaming") as info:
            for chunk in llm.chat(HI, stream=True):
                received.append(chunk.message.content)
        elapsed = time.monotonic() - started
        assert received == ["Echo: ", "hi "]
        assert info.value.__cause__ is not None
        # Cut at the deadline: not before it, and long before the stall ends (slack for load).
        assert 1.4 <= elapsed < 1.5 + 4.0
        # The severed connection is not handed to the next call.
        assert llm.chat(HI).message.content == "Echo: hi there"


def test_a_trickling_stream_within_the_deadline_completes(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", "trickle", seconds=0.05)
    assert "".join(c.message.content for c in llm.chat(HI, stream=True)) == "Echo: hi there"


def test_an_async_stream_that_falls_silent_is_cut_at_the_deadline(
    server: FakeOllamaServer,
) -> None:
    config = {"default": {"HOST": server.url, "TIMEOUT": 1.0, "CONNECT_TIMEOUT": 0.5}}
    server.fail("/api/chat", "stall_mid_stream", after_chunks=1, seconds=30)

    async def main() -> list[str]:
        received = []
        try:
            async for chunk in await llm.achat(HI, stream=True):
                received.append(chunk.message.content)
        finally:
            await llm.aclose()
        return received

    with override_settings(FOUNDATION_LLM=config):
        started = time.monotonic()
        with pytest.raises(LLMTimeout, match="still streaming"):
            asyncio.run(main())
    assert 0.9 <= time.monotonic() - started < 1.0 + 3.0


def test_a_slow_first_byte_within_the_deadline_is_awaited_and_beyond_it_times_out(
    server: FakeOllamaServer,
) -> None:
    config = {"default": {"HOST": server.url, "TIMEOUT": 2.0, "CONNECT_TIMEOUT": 0.5}}
    with override_settings(FOUNDATION_LLM=config):
        server.fail("/api/chat", "slow_first_byte", seconds=0.3)
        assert llm.chat(HI).message.content == "Echo: hi there"  # a cold model loading
        server.fail("/api/chat", "slow_first_byte", seconds=6, times=None)
        started = time.monotonic()
        with pytest.raises(LLMTimeout) as info:
            list(llm.chat(HI, stream=True))
        assert 1.9 <= time.monotonic() - started < 2.0 + 3.0
    assert isinstance(info.value.__cause__, ollama_timeout_types())


def ollama_timeout_types() -> tuple[type[BaseException], ...]:
    import httpx

    return (httpx.TimeoutException,)


def test_a_page_that_is_not_ollamas_json_is_an_error_not_a_retry(
    server: FakeOllamaServer,
) -> None:
    server.fail("/api/chat", "not_json")
    with pytest.raises(LLMError) as info:
        llm.chat(HI)
    assert type(info.value) is LLMError
    assert info.value.__cause__ is not None
    assert len(server.calls("/api/chat")) == 1


def test_a_405_is_a_wrong_url_not_a_missing_model(server: FakeOllamaServer) -> None:
    server.fail("/api/chat", status=405, body="405 method not allowed")
    with pytest.raises(LLMError, match="does not look like the Ollama API") as info:
        llm.chat(HI)
    assert type(info.value) is LLMError and info.value.status == 405


def test_the_fake_answers_what_it_is_told(server: FakeOllamaServer) -> None:
    server.answers["hi there"] = "General Kenobi"
    assert llm.chat(HI).message.content == "General Kenobi"
    assert llm.generate("hi there").response == "General Kenobi"
    server.responder = lambda body: f"{len(body['messages'])} messages"
    assert llm.chat([*HI, {"role": "assistant", "content": "x"}, *HI]).message.content == (
        "3 messages"
    )


def test_keep_alive_is_sent_and_shows_in_ps(server: FakeOllamaServer) -> None:
    config = {"default": {"HOST": server.url, "KEEP_ALIVE": "10m", "OPTIONS": {"seed": 7}}}
    with override_settings(FOUNDATION_LLM=config):
        llm.chat(HI, options={"temperature": 0})
    body = server.calls("/api/chat")[-1].body
    assert body["keep_alive"] == "10m"
    assert body["options"] == {"seed": 7, "temperature": 0}
    with ollama.Client(host=server.url) as client:
        (loaded,) = client.ps().models
        assert loaded.model == "llama3.2:latest"
        assert loaded.expires_at is not None
        remaining = loaded.expires_at.timestamp() - time.time()
        assert 500 < remaining <= 600
        assert client.generate(model="llama3.2", prompt="", keep_alive=0).done_reason == "unload"
        assert client.ps().models == []


def test_the_api_key_is_sent_and_never_shown(
    server: FakeOllamaServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "sk-not-for-logs-4242"
    config = {"default": {"HOST": server.url, "API_KEY": secret, "TIMEOUT": 10}}
    with override_settings(FOUNDATION_LLM=config):
        llm.chat(HI)
        server.fail("/api/chat", status=503, times=None)
        with pytest.raises(LLMUnavailable) as info:
            llm.chat(HI)
        shown = [repr(llm.config), repr(llm._sync_pool(llm.config)), str(info.value), caplog.text]
    headers = {k.lower(): v for k, v in server.calls("/api/chat")[0].headers.items()}
    assert headers["authorization"] == f"Bearer {secret}"
    assert not [text for text in shown if secret in text]
