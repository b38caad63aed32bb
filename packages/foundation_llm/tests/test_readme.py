"""Every Python block of the README runs, against the fake server."""

from __future__ import annotations

import asyncio
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = [
    textwrap.dedent(code)
    for _, code in re.findall(r"^([ \t]*)```python\n(.*?)^\1```", README.read_text(), re.S | re.M)
]
# The blocks that call the package; every other block is settings, run on its own.
CALLING = ("async def answer", "def ask(", "def test_answer", "with FakeOllamaServer")


def block(marker: str) -> str:
    (found,) = [b for b in BLOCKS if marker in b]
    return found


def run(marker: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(block(marker), f"README.md ({marker})", "exec"), namespace)
    return namespace


def test_each_calling_block_is_found_once() -> None:
    assert [sum(marker in b for b in BLOCKS) for marker in CALLING] == [1] * len(CALLING)


def test_the_settings_blocks() -> None:
    settings_blocks = [b for b in BLOCKS if not any(marker in b for marker in CALLING)]
    assert len(settings_blocks) >= 1
    for code in settings_blocks:
        namespace: dict[str, Any] = {}
        exec(compile(code, "README.md (settings)", "exec"), namespace)
        assert [name for name in namespace if name.isupper()], code
    namespace = run("INSTALLED_APPS")
    assert "foundation_llm" in namespace["INSTALLED_APPS"]
    assert namespace["FOUNDATION_LLM"]["embeddings"] == {"MODEL": "nomic-embed-text"}


def test_the_calls_block(server: FakeOllamaServer) -> None:
    config = {"default": {"HOST": server.url}, "embeddings": {"MODEL": "nomic-embed-text"}}
    with override_settings(FOUNDATION_LLM=config):
        namespace = run("async def answer")
        assert len(namespace["vectors"]) == 2
        assert asyncio.run(namespace["answer"](None)) == "Echo: Hello"


@pytest.mark.django_db
def test_the_jobs_block() -> None:
    request = RequestFactory().post("/ask/", {"question": "Why?"})
    request.user = AnonymousUser()
    job = LLMJob.objects.get(pk=run("def ask(")["ask"](request))
    assert job.request["messages"] == [{"role": "user", "content": "Why?"}]


def test_the_testing_block(server: FakeOllamaServer, settings: Any) -> None:
    run("def test_answer")["test_answer"](foundation_llm_fake_ollama=server, settings=settings)


def test_the_server_block(capsys: pytest.CaptureFixture[str]) -> None:
    run("with FakeOllamaServer")
    assert capsys.readouterr().out.startswith("http://127.0.0.1:")
