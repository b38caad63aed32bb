"""What a call to Ollama raises. The underlying exception is always chained (``__cause__``)."""

from __future__ import annotations


class LLMError(Exception):
    """A call to Ollama failed and retrying will not help (or the error is unknown)."""

    code = "error"

    def __init__(
        self,
        message: str,
        *,
        host: str = "",
        model: str = "",
        status: int | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.host = host
        self.model = model
        self.status = status
        self.attempts = attempts


class ModelNotFound(LLMError):
    """The model is not on the Ollama server; ``ollama pull <model>`` fetches it."""

    code = "model_not_found"


class LLMTimeout(LLMError):
    """The call's deadline passed (all attempts included)."""

    code = "timeout"


class LLMUnavailable(LLMError):
    """Ollama could not be reached or was busy for every attempt; it may succeed later."""

    code = "unavailable"
