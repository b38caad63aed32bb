"""What ollama and httpx raise, mapped to this package's errors by one table each for "before the
answer" (retried when the class is LLMUnavailable or LLMTimeout) and "mid-answer" (never retried:
the caller already holds part of it).

ollama 0.6 raises ``ResponseError`` for HTTP errors (``status_code`` -1 for an error line inside a
stream), the builtin ``ConnectionError`` when a plain call cannot connect but raw httpx errors for
the same failure on a stream, and raw httpx timeouts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import ollama

from .errors import LLMError, LLMTimeout, LLMUnavailable, ModelNotFound

RETRIABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# 500s that no retry will fix.
PERMANENT_500 = (
    "insufficient memory",
    "does not support",
    "unknown capability",
    "requires more system memory",
)


@dataclass(frozen=True)
class Rule:
    catches: tuple[type[BaseException], ...]
    raises: type[LLMError]
    message: str  # formatted with host, model, status, text and budget
    statuses: frozenset[int] | None = None  # for ollama.ResponseError: None matches any status
    when: Callable[[str], bool] | None = None  # a test of the server's error text


def _statuses(*codes: int) -> frozenset[int]:
    return frozenset(codes)


_NOT_OLLAMA = "{host} answered {status} ({short!r}): it does not look like the Ollama API; check HOST and any path prefix."
_REFUSED = "Ollama at {host} refused the request ({status}): {text}"

BEFORE_ANSWER: tuple[Rule, ...] = (
    Rule(
        (ollama.ResponseError,),
        ModelNotFound,
        "Model {model!r} is not on the Ollama server at {host}: run `ollama pull {model}` there.",
        _statuses(404),
        lambda text: "not found" in text and "model" in text,
    ),
    Rule((ollama.ResponseError,), LLMError, _NOT_OLLAMA, _statuses(404, 405)),
    Rule(
        (ollama.ResponseError,),
        LLMError,
        "Ollama at {host} refused the request (403, empty body): it rejects a Host header it does "
        "not serve; set OLLAMA_ORIGINS/OLLAMA_HOST on the server or fix the proxy.",
        _statuses(403),
        lambda text: not text,
    ),
    Rule(
        (ollama.ResponseError,),
        LLMError,
        _REFUSED,
        _statuses(500),
        lambda text: any(p in text for p in PERMANENT_500),
    ),
    Rule(
        (ollama.ResponseError,),
        LLMUnavailable,
        "Ollama at {host} failed while starting to answer: {text}",
        _statuses(-1),
    ),
    Rule(
        (ollama.ResponseError,),
        LLMUnavailable,
        "Ollama at {host} answered {status}: {text}",
        RETRIABLE_STATUSES,
    ),
    Rule((ollama.ResponseError,), LLMError, _REFUSED),
    Rule(
        (httpx.ConnectTimeout, httpx.PoolTimeout),
        LLMUnavailable,
        "Ollama at {host} did not accept a connection in time",
    ),
    Rule(
        (httpx.TimeoutException,),
        LLMTimeout,
        "Ollama at {host} did not answer within the {budget:g} s deadline",
    ),
    Rule(
        (ConnectionError, httpx.ConnectError),
        LLMUnavailable,
        "Cannot reach Ollama at {host}: is it running (`ollama serve`) and is FOUNDATION_LLM HOST right?",
    ),
    Rule(
        (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError),
        LLMUnavailable,
        "The connection to Ollama at {host} was lost",
    ),
    Rule(
        (json.JSONDecodeError,),
        LLMError,
        "{host} answered something that is not Ollama's JSON: check HOST",
    ),
)

MID_ANSWER: tuple[Rule, ...] = (
    Rule((ollama.ResponseError,), LLMError, "Ollama at {host} failed mid-answer: {text}"),
    Rule((httpx.TimeoutException,), LLMTimeout, "Ollama at {host} stopped sending mid-answer"),
    Rule((Exception,), LLMUnavailable, "The connection to Ollama at {host} was lost mid-answer"),
)

_FALLBACK = Rule((BaseException,), LLMError, "Calling Ollama at {host} failed: {kind}: {exc}")


def map_error(
    exc: BaseException,
    *,
    host: str,
    model: str,
    attempts: int,
    budget: float,
    rules: tuple[Rule, ...] = BEFORE_ANSWER,
) -> LLMError:
    """The LLMError to raise for ``exc`` (the caller chains ``exc`` as its cause)."""
    if isinstance(exc, LLMError):
        return exc
    status = exc.status_code if isinstance(exc, ollama.ResponseError) else None
    text = (exc.error or "").strip() if isinstance(exc, ollama.ResponseError) else ""
    rule = next((r for r in rules if _matches(r, exc, status, text)), _FALLBACK)
    message = rule.message.format(
        host=host,
        model=model,
        status=status,
        text=text,
        short=text[:60],
        budget=budget,
        kind=type(exc).__name__,
        exc=exc,
    )
    http_status = status if status is not None and status > 0 else None
    return rule.raises(message, host=host, model=model, status=http_status, attempts=attempts)


def _matches(rule: Rule, exc: BaseException, status: int | None, text: str) -> bool:
    if not isinstance(exc, rule.catches):
        return False
    if rule.statuses is not None and status not in rule.statuses:
        return False
    return rule.when is None or rule.when(text)


def stream_timeout(*, host: str, model: str, attempts: int, budget: float) -> LLMTimeout:
    return LLMTimeout(
        f"Ollama at {host} was still streaming when the {budget:g} s deadline passed",
        host=host,
        model=model,
        attempts=attempts,
    )
