"""The Ollama client: the official ``ollama`` package, with one deadline per call, retries on what
can succeed later, clear errors for what cannot, and one structured log event per call.

``llm`` is the default alias; ``llms["other"]`` any alias of ``FOUNDATION_LLM``. Each alias keeps
one connection pool per process (rebuilt after a fork, e.g. in a prefork Celery worker).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import httpx
import ollama
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    wait_random_exponential,
)

from .conf import AliasConfig, alias_config
from .errors import LLMError, LLMTimeout, LLMUnavailable, ModelNotFound

logger = logging.getLogger("foundation_llm")
T = TypeVar("T")

BACKOFF_MULTIPLIER = 0.25
BACKOFF_MAX = 4.0
RETRIABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# 500s that no retry will fix.
PERMANENT_500 = (
    "insufficient memory",
    "does not support",
    "unknown capability",
    "requires more system memory",
)

_deadline: ContextVar[float | None] = ContextVar("foundation_llm_deadline", default=None)
# While a stream opens, the transport puts each response's network stream here, so that the stream
# can be cut at the deadline even while a read is blocked (httpx's read timeout is per read).
_opened: ContextVar[list[Any] | None] = ContextVar("foundation_llm_opened", default=None)


def _timeouts(connect: float) -> dict[str, float] | None:
    """Every timeout of one HTTP request: the time left before the call's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    remaining = max(deadline - time.monotonic(), 0.001)
    return {
        "connect": min(connect, remaining),
        "read": remaining,
        "write": remaining,
        "pool": remaining,
    }


def _sever(network_stream: Any) -> None:
    """Shut a stream's socket down: a read blocked on it returns at once (httpcore then discards
    the connection instead of pooling it)."""
    sock = network_stream.get_extra_info("socket") if network_stream is not None else None
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _full_jitter(attempt: int) -> float:
    """The wait after ``attempt`` failed attempts: uniform in [0, min(max, multiplier * 2**attempt)]."""
    return random.uniform(0, min(BACKOFF_MAX, BACKOFF_MULTIPLIER * 2**attempt))


class _DeadlineTransport(httpx.BaseTransport):
    """Gives every request the time left before the call's deadline."""

    def __init__(self, inner: httpx.BaseTransport, connect_timeout: float) -> None:
        self.inner = inner
        self.connect_timeout = connect_timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = _timeouts(self.connect_timeout)
        if timeouts is not None:
            request.extensions["timeout"] = timeouts
        response = self.inner.handle_request(request)
        opened = _opened.get()
        if opened is not None:
            opened.append(response.extensions.get("network_stream"))
        return response

    def close(self) -> None:
        self.inner.close()


class _AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, connect_timeout: float) -> None:
        self.inner = inner
        self.connect_timeout = connect_timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = _timeouts(self.connect_timeout)
        if timeouts is not None:
            request.extensions["timeout"] = timeouts
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Retriable(Exception):
    """Internal: a mapped error that another attempt may fix."""

    def __init__(self, error: LLMError) -> None:
        super().__init__(error.message)
        self.error = error


class LLM:
    """One alias of ``FOUNDATION_LLM``. Thread-safe; share it."""

    def __init__(self, config: AliasConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._client: ollama.Client | None = None
        self._client_pid = 0
        self._async_clients: dict[tuple[int, int], ollama.AsyncClient] = {}

    # -- clients -----------------------------------------------------------------------------------

    def _client_kwargs(self) -> dict[str, Any]:
        headers = (
            {"Authorization": f"Bearer {self.config.api_key}"} if self.config.api_key else None
        )
        timeout = httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout)
        return {
            "host": self.config.host,
            "timeout": timeout,
            "headers": headers,
            "follow_redirects": False,
        }

    @property
    def client(self) -> ollama.Client:
        pid = os.getpid()
        if self._client is None or self._client_pid != pid:
            with self._lock:
                if self._client is None or self._client_pid != pid:
                    transport = _DeadlineTransport(
                        httpx.HTTPTransport(retries=0), self.config.connect_timeout
                    )
                    self._client = ollama.Client(transport=transport, **self._client_kwargs())
                    self._client_pid = pid
        return self._client

    @property
    def async_client(self) -> ollama.AsyncClient:
        key = (os.getpid(), id(asyncio.get_running_loop()))
        client = self._async_clients.get(key)
        if client is None:
            transport = _AsyncDeadlineTransport(
                httpx.AsyncHTTPTransport(retries=0), self.config.connect_timeout
            )
            client = ollama.AsyncClient(transport=transport, **self._client_kwargs())
            self._async_clients = {k: v for k, v in self._async_clients.items() if k[0] == key[0]}
            self._async_clients[key] = client
        return client

    def close(self) -> None:
        """Close this process's connection pool (settings changed, or shutting down)."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None and self._client_pid == os.getpid():
            client._client.close()

    async def aclose(self) -> None:
        """Close the async pool of the running event loop (call before the loop ends)."""
        key = (os.getpid(), id(asyncio.get_running_loop()))
        client = self._async_clients.pop(key, None)
        if client is not None:
            await client._client.aclose()

    # -- the public calls ----------------------------------------------------------------------

    def chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        """``ollama.ChatResponse``, or an iterator of them with ``stream=True``."""
        name = model or self.config.model
        params = self._params(name, options, kwargs, messages=list(messages))
        if stream:
            return self._stream(
                "chat", name, timeout, lambda: self.client.chat(stream=True, **params)
            )
        return self._call("chat", name, timeout, lambda: self.client.chat(stream=False, **params))

    def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        name = model or self.config.model
        params = self._params(name, options, kwargs, prompt=prompt)
        if stream:
            return self._stream(
                "generate", name, timeout, lambda: self.client.generate(stream=True, **params)
            )
        return self._call(
            "generate", name, timeout, lambda: self.client.generate(stream=False, **params)
        )

    def embed(
        self,
        input: str | Sequence[str],
        *,
        model: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        name = model or self.config.model
        params = self._params(name, None, kwargs, input=input)
        return self._call("embed", name, timeout, lambda: self.client.embed(**params))

    def list_models(self, *, timeout: float | None = None) -> list[str]:
        response = self._call("list", "", timeout, lambda: self.client.list())
        return [m.model for m in response.models if m.model]

    def version(self, *, timeout: float | None = None) -> str:
        def fetch() -> str:
            reply = self.client._client.get("/api/version")
            reply.raise_for_status()
            return str(reply.json()["version"])

        return self._call("version", "", timeout, fetch)

    async def achat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        name = model or self.config.model
        params = self._params(name, options, kwargs, messages=list(messages))
        if stream:
            return self._astream(
                "chat", name, timeout, lambda: self.async_client.chat(stream=True, **params)
            )
        return await self._acall(
            "chat", name, timeout, lambda: self.async_client.chat(stream=False, **params)
        )

    async def agenerate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        name = model or self.config.model
        params = self._params(name, options, kwargs, prompt=prompt)
        if stream:
            return self._astream(
                "generate", name, timeout, lambda: self.async_client.generate(stream=True, **params)
            )
        return await self._acall(
            "generate", name, timeout, lambda: self.async_client.generate(stream=False, **params)
        )

    async def aembed(
        self,
        input: str | Sequence[str],
        *,
        model: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        name = model or self.config.model
        params = self._params(name, None, kwargs, input=input)
        return await self._acall("embed", name, timeout, lambda: self.async_client.embed(**params))

    # -- machinery -------------------------------------------------------------------------------

    def _params(
        self, model: str, options: Mapping[str, Any] | None, extra: dict[str, Any], **fields: Any
    ) -> dict[str, Any]:
        if not model or not model.strip():
            raise LLMError(
                "No model given and FOUNDATION_LLM has no MODEL for this alias.",
                host=self.config.host,
            )
        merged = {**self.config.options, **(options or {})}
        params: dict[str, Any] = {"model": model, **fields, **extra}
        if merged:
            params["options"] = merged
        if self.config.keep_alive is not None and "keep_alive" not in params:
            params["keep_alive"] = self.config.keep_alive
        return params

    def _retrying(
        self, deadline: float, cls: type[Retrying] | type[AsyncRetrying] = Retrying, offset: int = 0
    ) -> Any:
        """tenacity's loop; ``offset`` attempts already happened before it."""
        base_wait = wait_random_exponential(multiplier=BACKOFF_MULTIPLIER, max=BACKOFF_MAX)

        def wait(state: RetryCallState) -> float:
            # Full jitter, never sleeping past the deadline.
            state.attempt_number += offset
            try:
                return max(min(base_wait(state), deadline - time.monotonic() - 0.05), 0.0)
            finally:
                state.attempt_number -= offset

        def stop(state: RetryCallState) -> bool:
            done = state.attempt_number + offset >= self.config.retries + 1
            return done or time.monotonic() >= deadline - 0.05

        return cls(
            stop=stop,
            wait=wait,
            retry=retry_if_exception(lambda e: isinstance(e, _Retriable)),
            reraise=True,
        )

    def _begin(self, timeout: float | None) -> tuple[float, float, Any, Any]:
        started = time.monotonic()
        deadline = started + (timeout if timeout is not None else self.config.timeout)
        return started, deadline, _deadline.set(deadline), None

    def _end(self, tokens: tuple[Any, Any]) -> None:
        _deadline.reset(tokens[0])

    def _call(self, operation: str, model: str, timeout: float | None, call: Callable[[], T]) -> T:
        started, deadline, *tokens = self._begin(timeout)
        attempts = 1
        try:
            # The first attempt runs bare: most calls succeed, and they should pay nothing for
            # the retry machinery. tenacity takes over after a failure that may pass.
            try:
                result = call()
            except Exception as exc:
                first = self._mapped(exc, model, 1, deadline, started)
                if (
                    not isinstance(first, _Retriable)
                    or self.config.retries < 1
                    or time.monotonic() >= deadline - 0.05
                ):
                    raise first from exc
                attempts, result = self._retry_rest(call, model, deadline, started)
        except _Retriable as wrapped:
            error = wrapped.error
            error.attempts = max(attempts, error.attempts)
            self._log(operation, model, started, error.attempts, error.code, error=error)
            raise error from wrapped.__cause__
        except LLMError as error:
            error.attempts = max(attempts, error.attempts)
            self._log(operation, model, started, error.attempts, error.code, error=error)
            raise
        finally:
            self._end((tokens[0], tokens[1]))
        self._log(operation, model, started, attempts, "ok", response=result)
        return result

    def _retry_rest(
        self, call: Callable[[], T], model: str, deadline: float, started: float
    ) -> tuple[int, T]:
        """Attempts 2.. under tenacity, after the same backoff the first retry would have had."""
        attempts = 1
        time.sleep(max(min(_full_jitter(1), deadline - time.monotonic() - 0.05), 0.0))
        for attempt in self._retrying(deadline, offset=1):
            with attempt:
                attempts += 1
                try:
                    return attempts, call()
                except Exception as exc:
                    raise self._mapped(exc, model, attempts, deadline, started) from exc
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _acall(
        self, operation: str, model: str, timeout: float | None, call: Callable[[], Any]
    ) -> Any:
        started, deadline, *tokens = self._begin(timeout)
        attempts = 0
        try:
            async for attempt in self._retrying(deadline, AsyncRetrying):
                with attempt:
                    attempts += 1
                    try:
                        result = await call()
                    except Exception as exc:
                        raise self._mapped(exc, model, attempts, deadline, started) from exc
        except _Retriable as wrapped:
            error = wrapped.error
            error.attempts = attempts
            self._log(operation, model, started, attempts, error.code, error=error)
            raise error from wrapped.__cause__
        except LLMError as error:
            error.attempts = attempts
            self._log(operation, model, started, attempts, error.code, error=error)
            raise
        finally:
            self._end((tokens[0], tokens[1]))
        self._log(operation, model, started, attempts, "ok", response=result)
        return result

    def _stream(
        self,
        operation: str,
        model: str,
        timeout: float | None,
        open_stream: Callable[[], Iterator[Any]],
    ) -> Iterator[Any]:
        """Retried until the first chunk arrives; after that an interruption raises."""

        opened: list[Any] = []

        def first_chunk() -> tuple[Iterator[Any], Any]:
            opened.clear()
            iterator = open_stream()
            token = _opened.set(opened)
            try:
                return iterator, next(iterator)
            except StopIteration:
                return iterator, None
            finally:
                _opened.reset(token)

        def run() -> Iterator[Any]:
            started, deadline, *tokens = self._begin(timeout)
            attempts = 0
            iterator: Iterator[Any] | None = None
            final: Any = None
            ttft: float | None = None
            watchdog: threading.Timer | None = None
            try:
                try:
                    for attempt in self._retrying(deadline):
                        with attempt:
                            attempts += 1
                            try:
                                iterator, chunk = first_chunk()
                            except Exception as exc:
                                raise self._mapped(exc, model, attempts, deadline, started) from exc
                except _Retriable as wrapped:
                    wrapped.error.attempts = attempts
                    raise wrapped.error from wrapped.__cause__
                ttft = time.monotonic() - started
                if chunk is not None and opened:
                    # A server that falls silent mid-answer is cut off at the deadline.
                    watchdog = threading.Timer(
                        max(deadline - time.monotonic(), 0.0), _sever, (opened[-1],)
                    )
                    watchdog.daemon = True
                    watchdog.start()
                while chunk is not None:
                    if getattr(chunk, "done", False):
                        final = chunk
                    yield chunk
                    if time.monotonic() > deadline:
                        raise self._stream_timeout(model, attempts, deadline - started)
                    try:
                        chunk = next(iterator) if iterator is not None else None
                    except StopIteration:
                        chunk = None
                    except Exception as exc:
                        if time.monotonic() >= deadline:
                            raise self._stream_timeout(model, attempts, deadline - started) from exc
                        raise self._interrupted(exc, model, attempts) from exc
            except LLMError as error:
                error.attempts = attempts
                self._log(
                    operation,
                    model,
                    started,
                    attempts,
                    error.code,
                    error=error,
                    ttft=ttft,
                    stream=True,
                )
                raise
            finally:
                if watchdog is not None:
                    watchdog.cancel()
                close = getattr(iterator, "close", None)
                if callable(close):
                    close()
                self._end((tokens[0], tokens[1]))
            self._log(
                operation, model, started, attempts, "ok", response=final, ttft=ttft, stream=True
            )

        return run()

    async def _astream(
        self, operation: str, model: str, timeout: float | None, open_stream: Callable[[], Any]
    ) -> AsyncIterator[Any]:
        started, deadline, *tokens = self._begin(timeout)
        attempts = 0
        iterator: Any = None
        final: Any = None
        ttft: float | None = None
        try:
            try:
                async for attempt in self._retrying(deadline, AsyncRetrying):
                    with attempt:
                        attempts += 1
                        try:
                            iterator = await open_stream()
                            try:
                                chunk = await iterator.__anext__()
                            except StopAsyncIteration:
                                chunk = None
                        except Exception as exc:
                            raise self._mapped(exc, model, attempts, deadline, started) from exc
            except _Retriable as wrapped:
                wrapped.error.attempts = attempts
                raise wrapped.error from wrapped.__cause__
            ttft = time.monotonic() - started
            while chunk is not None:
                if getattr(chunk, "done", False):
                    final = chunk
                yield chunk
                if time.monotonic() > deadline:
                    raise self._stream_timeout(model, attempts, deadline - started)
                try:
                    # A server that falls silent mid-answer is cut off at the deadline.
                    chunk = await asyncio.wait_for(
                        iterator.__anext__(), max(deadline - time.monotonic(), 0.0)
                    )
                except StopAsyncIteration:
                    chunk = None
                except asyncio.TimeoutError as exc:
                    raise self._stream_timeout(model, attempts, deadline - started) from exc
                except Exception as exc:
                    raise self._interrupted(exc, model, attempts) from exc
        except LLMError as error:
            error.attempts = attempts
            self._log(
                operation, model, started, attempts, error.code, error=error, ttft=ttft, stream=True
            )
            raise
        finally:
            if iterator is not None and hasattr(iterator, "aclose"):
                await iterator.aclose()
            self._end((tokens[0], tokens[1]))
        self._log(operation, model, started, attempts, "ok", response=final, ttft=ttft, stream=True)

    # -- errors ----------------------------------------------------------------------------------

    def _mapped(
        self, exc: BaseException, model: str, attempts: int, deadline: float, started: float
    ) -> Exception:
        """The error to raise for ``exc``: an LLMError, wrapped in _Retriable when worth retrying."""
        host = self.config.host
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, ollama.ResponseError):
            return self._response_error(exc, model, attempts)
        if isinstance(exc, httpx.ConnectTimeout):
            return _Retriable(
                LLMUnavailable(
                    f"Ollama at {host} did not accept a connection in time",
                    host=host,
                    model=model,
                    attempts=attempts,
                )
            )
        if isinstance(exc, httpx.TimeoutException):
            budget = deadline - started
            return _Retriable(
                LLMTimeout(
                    f"Ollama at {host} did not answer within the {budget:g} s deadline",
                    host=host,
                    model=model,
                    attempts=attempts,
                )
            )
        if isinstance(exc, (ConnectionError, httpx.ConnectError)):
            return _Retriable(
                LLMUnavailable(
                    f"Cannot reach Ollama at {host}: is it running (`ollama serve`) and is FOUNDATION_LLM HOST right?",
                    host=host,
                    model=model,
                    attempts=attempts,
                )
            )
        if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
            return _Retriable(
                LLMUnavailable(
                    f"The connection to Ollama at {host} was lost",
                    host=host,
                    model=model,
                    attempts=attempts,
                )
            )
        if isinstance(exc, json.JSONDecodeError):
            return LLMError(
                f"{host} answered something that is not Ollama's JSON: check HOST",
                host=host,
                model=model,
                attempts=attempts,
            )
        return LLMError(
            f"Calling Ollama at {host} failed: {exc.__class__.__name__}: {exc}",
            host=host,
            model=model,
            attempts=attempts,
        )

    def _response_error(self, exc: ollama.ResponseError, model: str, attempts: int) -> Exception:
        host, status, text = self.config.host, exc.status_code, (exc.error or "").strip()
        if status == 404 and "not found" in text and "model" in text:
            return ModelNotFound(
                f"Model {model!r} is not on the Ollama server at {host}: run `ollama pull {model}` there.",
                host=host,
                model=model,
                status=404,
                attempts=attempts,
            )
        if status in {404, 405}:
            return LLMError(
                f"{host} answered {status} ({text[:60]!r}): it does not look like the Ollama API; check HOST and any path prefix.",
                host=host,
                model=model,
                status=status,
                attempts=attempts,
            )
        if status == 403 and not text:
            return LLMError(
                f"Ollama at {host} refused the request (403, empty body): it rejects a Host header it does not serve; "
                "set OLLAMA_ORIGINS/OLLAMA_HOST on the server or fix the proxy.",
                host=host,
                model=model,
                status=403,
                attempts=attempts,
            )
        if status == -1:  # an error line in a stream, before any content
            return _Retriable(
                LLMUnavailable(
                    f"Ollama at {host} failed while starting to answer: {text}",
                    host=host,
                    model=model,
                    attempts=attempts,
                )
            )
        if status in RETRIABLE_STATUSES and not (
            status == 500 and any(p in text for p in PERMANENT_500)
        ):
            return _Retriable(
                LLMUnavailable(
                    f"Ollama at {host} answered {status}: {text}",
                    host=host,
                    model=model,
                    status=status,
                    attempts=attempts,
                )
            )
        return LLMError(
            f"Ollama at {host} refused the request ({status}): {text}",
            host=host,
            model=model,
            status=status,
            attempts=attempts,
        )

    def _stream_timeout(self, model: str, attempts: int, budget: float) -> LLMTimeout:
        return LLMTimeout(
            f"Ollama at {self.config.host} was still streaming when the {budget:g} s deadline passed",
            host=self.config.host,
            model=model,
            attempts=attempts,
        )

    def _interrupted(self, exc: BaseException, model: str, attempts: int) -> LLMError:
        """After the first chunk nothing is retried: the caller already has part of the answer."""
        host = self.config.host
        if isinstance(exc, ollama.ResponseError):
            return LLMError(
                f"Ollama at {host} failed mid-answer: {exc.error}",
                host=host,
                model=model,
                attempts=attempts,
            )
        if isinstance(exc, httpx.TimeoutException):
            return LLMTimeout(
                f"Ollama at {host} stopped sending mid-answer",
                host=host,
                model=model,
                attempts=attempts,
            )
        return LLMUnavailable(
            f"The connection to Ollama at {host} was lost mid-answer",
            host=host,
            model=model,
            attempts=attempts,
        )

    # -- observability -------------------------------------------------------------------------

    def _log(
        self,
        operation: str,
        model: str,
        started: float,
        attempts: int,
        outcome: str,
        *,
        response: Any = None,
        error: LLMError | None = None,
        ttft: float | None = None,
        stream: bool = False,
    ) -> None:
        level = logging.INFO if outcome == "ok" else logging.WARNING
        if not logger.isEnabledFor(level):
            return  # nobody listens: build nothing
        extra: dict[str, Any] = {
            "action": f"llm.{operation}",
            "alias": self.config.alias,
            "model": model,
            "operation": operation,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "attempts": attempts,
            "outcome": outcome,
            "stream": stream,
            "prompt_tokens": getattr(response, "prompt_eval_count", None),
            "output_tokens": getattr(response, "eval_count", None),
        }
        if ttft is not None:
            extra["ttft_ms"] = round(ttft * 1000, 1)
        if error is not None:
            extra["error"] = error.message
        if self.config.log_content and response is not None:
            message = getattr(response, "message", None)
            extra["output"] = getattr(message, "content", None) or getattr(
                response, "response", None
            )
        # makeRecord + handle: the same event as logger.log, without walking the stack for a
        # source line that would only ever point here.
        record = logger.makeRecord(
            logger.name,
            level,
            __file__,
            0,
            "llm %s %s %s in %.0f ms (%d attempt%s)",
            (
                operation,
                model,
                outcome,
                extra["duration_ms"],
                attempts,
                "" if attempts == 1 else "s",
            ),
            None,
            extra=extra,
        )
        logger.handle(record)


class LLMHandler:
    """``llms["alias"]``, like Django's ``caches``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._llms: dict[str, LLM] = {}

    def __getitem__(self, alias: str) -> LLM:
        llm = self._llms.get(alias)
        if llm is None:
            with self._lock:
                llm = self._llms.get(alias)
                if llm is None:
                    llm = LLM(alias_config(alias))
                    self._llms[alias] = llm
        return llm

    def reset(self) -> None:
        with self._lock:
            old, self._llms = self._llms, {}
        for instance in old.values():
            instance.close()


llms = LLMHandler()


class DefaultLLM:
    """``foundation_llm.llm``: the default alias, looked up on each use (so settings can change)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(llms["default"], name)

    def __repr__(self) -> str:
        return "<foundation_llm.llm: the 'default' alias>"


llm = DefaultLLM()
