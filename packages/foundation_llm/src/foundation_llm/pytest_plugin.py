"""The pytest plugin foundation-llm installs: one fixture, ``foundation_llm_fake_ollama``.

pytest loads this module in every session of a project that has foundation-llm installed, so it
imports nothing but pytest; the fake server loads when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .testing import FakeOllamaServer


@pytest.fixture
def foundation_llm_fake_ollama() -> Iterator[FakeOllamaServer]:
    """A started fake Ollama server knowing ``llama3.2`` and ``nomic-embed-text``."""
    from .testing import FakeOllamaServer

    with FakeOllamaServer(models=["llama3.2", "nomic-embed-text"]) as server:
        yield server
