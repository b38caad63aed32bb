"""An Ollama client for Django with one deadline per call, retries on what can succeed later, clear
errors for what cannot, a Celery task and a fake Ollama server for tests.

    from foundation_llm import llm
    reply = llm.chat([{"role": "user", "content": "Hello"}])
    reply.message.content
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import LLMError, LLMTimeout, LLMUnavailable, ModelNotFound

__version__ = "0.1.0"

__all__ = [
    "LLM",
    "LLMError",
    "LLMTimeout",
    "LLMUnavailable",
    "ModelNotFound",
    "__version__",
    "llm",
    "llms",
    "submit_chat",
]

if TYPE_CHECKING:
    from .client import LLM, llm, llms
    from .jobs import submit_chat


def __getattr__(name: str) -> Any:
    # Imported on first use: the client pulls in httpx and ollama, and jobs needs the app registry.
    if name in {"LLM", "llm", "llms"}:
        from . import client

        return getattr(client, name)
    if name == "submit_chat":
        from .jobs import submit_chat

        return submit_chat
    raise AttributeError(f"module 'foundation_llm' has no attribute {name!r}")
