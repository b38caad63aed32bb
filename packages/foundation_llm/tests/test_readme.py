"""What the README's functions do when called.

Every block of the README runs in the repository's README snippet runner
(scripts/tests/test_readme_snippets.py). Two blocks only define functions a site would call (an
async view and a view that submits a job); the runner sees them defined, these tests call them.
"""

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
# The blocks defining functions that the runner does not call.
CALLING = ("async def answer", "def ask(")


def block(marker: str) -> str:
    (found,) = [b for b in BLOCKS if marker in b]
    return found


def run(marker: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(block(marker), f"README.md ({marker})", "exec"), namespace)
    return namespace


def test_each_calling_block_is_found_once() -> None:
    assert [sum(marker in b for b in BLOCKS) for marker in CALLING] == [1] * len(CALLING)


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
