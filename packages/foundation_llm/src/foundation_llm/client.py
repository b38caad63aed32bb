"""The Ollama client: the official ``ollama`` package, with one deadline per call, retries on what
can succeed later, clear errors for what cannot, and one structured log event per call.

``llm`` is the default alias; ``llms["other"]`` any alias of ``FOUNDATION_LLM``. Settings are read
at each call; each alias keeps one connection pool per process (rebuilt after a fork, e.g. in a
prefork Celery worker, or when its settings change) and one async pool per event loop, closed when
that loop shuts down.

The parts: ``_transport`` (the deadline of each request, the stream watchdog), ``_retry`` (tenacity's
policy), ``_errors`` (the error table). A ``_Call`` holds one call's state for both the sync and the
async loop.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import ssl
import threading
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

import httpx
import ollama
from ollama import ChatResponse, EmbedResponse, GenerateResponse, ListResponse
from tenacity import AsyncRetrying, Retrying

from . import _errors, _retry, _transport
from .conf import DEFAULT_ALIAS, AliasConfig, alias_config
from .conf import settings as conf_settings
from .errors import LLMError

logger = logging.getLogger("foundation_llm")
T = TypeVar("T")
C = TypeVar("C", ollama.Client, ollama.AsyncClient)
R = TypeVar("R", Retrying, AsyncRetrying)
Messages = Sequence[Mapping[str, Any]]


@dataclass
class _Call:
    """One call: its deadline, attempts and outcome, shared by its attempts (sync or async)."""

    config: AliasConfig
    operation: str
    model: str
    timeout: float | None = None
    stream: bool = False
    started: float = field(default_factory=time.monotonic)
    attempts: int = 0
    ttft: float | None = None

    @property
    def deadline(self) -> float:
        return self.started + (self.timeout if self.timeout is not None else self.config.timeout)

    def error(
        self, exc: BaseException, rules: tuple[_errors.Rule, ...] = _errors.BEFORE_ANSWER
    ) -> LLMError:
        error = _errors.map_error(
            exc,
            host=self.config.host,
            model=self.model,
            attempts=self.attempts,
            budget=self.deadline - self.started,
            rules=rules,
        )
        error.attempts = self.attempts
        return error

    def timed_out(self) -> LLMError:
        return _errors.stream_timeout(
            host=self.config.host,
            model=self.model,
            attempts=self.attempts,
            budget=self.deadline - self.started,
        )

    def attempt(self, send: Callable[[], T]) -> T:
        self.attempts += 1
        try:
            return send()
        except LLMError:
            raise
        except Exception as exc:
            raise self.error(exc) from exc

    async def aattempt(self, send: Callable[[], Awaitable[T]]) -> T:
        self.attempts += 1
        try:
            return await send()
        except LLMError:
            raise
        except Exception as exc:
            raise self.error(exc) from exc

    def log(
        self, *, response: Any = None, error: LLMError | None = None, outcome: str = "ok"
    ) -> None:
        """The call's one log event."""
        outcome = error.code if error is not None else outcome
        level = logging.WARNING if error is not None else logging.INFO
        if not logger.isEnabledFor(level):
            return  # nobody listens: build nothing
        extra: dict[str, Any] = {
            "action": f"llm.{self.operation}",
            "alias": self.config.alias,
            "model": self.model,
            "operation": self.operation,
            "duration_ms": round((time.monotonic() - self.started) * 1000, 1),
            "attempts": self.attempts,
            "outcome": outcome,
            "stream": self.stream,
            "prompt_tokens": getattr(response, "prompt_eval_count", None),
            "output_tokens": getattr(response, "eval_count", None),
        }
        if self.ttft is not None:
            extra["ttft_ms"] = round(self.ttft * 1000, 1)
        if error is not None:
            extra["error"] = error.message
        if self.config.log_content and response is not None:
            message = getattr(response, "message", None)
            extra["output"] = getattr(message, "content", None) or getattr(
                response, "response", None
            )
        plural = "" if self.attempts == 1 else "s"
        logger.log(
            level,
            "llm %s %s %s in %.0f ms (%d attempt%s)",
            self.operation,
            self.model,
            outcome,
            extra["duration_ms"],
            self.attempts,
            plural,
            extra=extra,
        )


@dataclass
class _Pool(Generic[C, R]):
    """A client built for one configuration, with the alias's retry policy."""

    key: tuple[Any, ...] = field(repr=False)  # holds the API key
    client: C
    policy: R
    closer: Any = None  # async pools: see _closed_with_loop


def _key(config: AliasConfig) -> tuple[Any, ...]:
    return (
        os.getpid(),
        config.host,
        config.api_key,
        config.timeout,
        config.connect_timeout,
        config.retries,
    )


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle is most of what building a client costs: do it once per process.
    return httpx.create_ssl_context()


def _client_kwargs(config: AliasConfig) -> dict[str, Any]:
    return {
        "host": config.host,
        "timeout": httpx.Timeout(config.timeout, connect=config.connect_timeout),
        "headers": {"Authorization": f"Bearer {config.api_key}"} if config.api_key else None,
        "follow_redirects": False,
    }


def _close(client: ollama.Client) -> None:
    client.close()  # type: ignore[no-untyped-call]  # ollama leaves it unannotated


async def _closed_with_loop(client: ollama.AsyncClient) -> AsyncIterator[None]:
    """Parked as one of the event loop's async generators: ``asyncio.run`` (and so asgiref's loop
    per request under WSGI) closes those before the loop, and this closes the client then."""
    try:
        yield
    finally:
        await client.close()  # type: ignore[no-untyped-call]


def _first(iterator: Iterator[T]) -> tuple[Iterator[T], T | None]:
    return iterator, next(iterator, None)


async def _afirst(opening: Awaitable[AsyncIterator[T]]) -> tuple[AsyncIterator[T], T | None]:
    iterator = await opening
    try:
        return iterator, await iterator.__anext__()
    except StopAsyncIteration:
        return iterator, None


class LLM:
    """One alias of ``FOUNDATION_LLM``. Thread-safe; share it."""

    def __init__(self, alias: str = DEFAULT_ALIAS) -> None:
        self.alias = alias
        self._lock = threading.Lock()
        self._pool: _Pool[ollama.Client, Retrying] | None = None
        self._async_pools: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, _Pool[ollama.AsyncClient, AsyncRetrying]
        ] = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"<foundation_llm.LLM {self.alias!r}>"

    @property
    def config(self) -> AliasConfig:
        """The alias's settings, read now."""
        return alias_config(self.alias)

    # -- clients -----------------------------------------------------------------------------------

    def _sync_pool(self, config: AliasConfig) -> _Pool[ollama.Client, Retrying]:
        key = _key(config)
        pool = self._pool
        if pool is None or pool.key != key:
            with self._lock:
                pool = self._pool
                if pool is None or pool.key != key:
                    if pool is not None and pool.key[0] == os.getpid():
                        _close(pool.client)  # settings changed (a forked child leaves it alone)
                    transport = _transport.DeadlineTransport(config.connect_timeout, _ssl_context())
                    client = ollama.Client(transport=transport, **_client_kwargs(config))
                    pool = self._pool = _Pool(key, client, _retry.policy(config.retries))
        return pool

    async def _async_pool(self, config: AliasConfig) -> _Pool[ollama.AsyncClient, AsyncRetrying]:
        loop = asyncio.get_running_loop()
        key = _key(config)
        with self._lock:  # other threads run other loops
            old = self._async_pools.get(loop)
        if old is not None and old.key == key:
            return old
        transport = _transport.AsyncDeadlineTransport(config.connect_timeout, _ssl_context())
        client = ollama.AsyncClient(transport=transport, **_client_kwargs(config))
        pool = _Pool(key, client, _retry.async_policy(config.retries), _closed_with_loop(client))
        await pool.closer.__anext__()  # runs to its yield without suspending: no race here
        with self._lock:
            self._async_pools[loop] = pool
        if old is not None:
            await old.closer.aclose()
        return pool

    @property
    def client(self) -> ollama.Client:
        """This process's ``ollama.Client`` for the alias (built on first use)."""
        return self._sync_pool(self.config).client

    def prepare(self) -> None:
        """Build this process's client now (imports and TLS set-up), without any network I/O."""
        self._sync_pool(self.config)

    def close(self) -> None:
        """Close this process's connection pool (the next call opens a new one)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None and pool.key[0] == os.getpid():
            _close(pool.client)

    async def aclose(self) -> None:
        """Close the running event loop's pool now (``asyncio.run`` also does it at its end)."""
        with self._lock:
            pool = self._async_pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.closer.aclose()

    # -- the public calls ----------------------------------------------------------------------

    @overload
    def chat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: Literal[False] = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> ChatResponse: ...
    @overload
    def chat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: Literal[True],
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatResponse]: ...
    def chat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> ChatResponse | Iterator[ChatResponse]:
        """A chat reply, or an iterator of its chunks with ``stream=True``."""
        call, params = self._start(
            "chat", model, timeout, stream, options, kwargs, messages=list(messages)
        )
        if stream:
            return self._stream(call, lambda c: c.chat(**params, stream=True))
        return self._run(call, lambda c: c.chat(**params, stream=False))

    @overload
    def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: Literal[False] = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> GenerateResponse: ...
    @overload
    def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: Literal[True],
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Iterator[GenerateResponse]: ...
    def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> GenerateResponse | Iterator[GenerateResponse]:
        """A completion of ``prompt``, or an iterator of its chunks with ``stream=True``."""
        call, params = self._start(
            "generate", model, timeout, stream, options, kwargs, prompt=prompt
        )
        if stream:
            return self._stream(call, lambda c: c.generate(**params, stream=True))
        return self._run(call, lambda c: c.generate(**params, stream=False))

    def embed(
        self,
        input: str | Sequence[str],
        *,
        model: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> EmbedResponse:
        """Embeddings of a text or a list of texts."""
        call, params = self._start("embed", model, timeout, False, None, kwargs, input=input)
        return self._run(call, lambda c: c.embed(**params))

    def list_models(self, *, timeout: float | None = None) -> list[str]:
        """The names of the models on the server (``name:tag``)."""
        call = _Call(self.config, "list", "", timeout)
        response: ListResponse = self._run(call, lambda c: c.list())
        return [m.model for m in response.models if m.model]

    def version(self, *, timeout: float | None = None) -> str:
        """The server's version (``GET /api/version``, which the ollama client does not wrap)."""
        call = _Call(self.config, "version", "", timeout)

        def fetch(_: ollama.Client) -> str:
            transport = _transport.DeadlineTransport(call.config.connect_timeout, _ssl_context())
            kwargs = _client_kwargs(call.config)
            with httpx.Client(base_url=kwargs.pop("host"), transport=transport, **kwargs) as client:
                reply = client.get("/api/version")
                if reply.is_error:  # the same error mapping as the ollama client's
                    raise ollama.ResponseError(reply.text, reply.status_code)
                return str(reply.json()["version"])

        return self._run(call, fetch)

    @overload
    async def achat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: Literal[False] = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> ChatResponse: ...
    @overload
    async def achat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: Literal[True],
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatResponse]: ...
    async def achat(
        self,
        messages: Messages,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> ChatResponse | AsyncIterator[ChatResponse]:
        """``chat`` for async code; with ``stream=True`` await it for an async iterator."""
        call, params = self._start(
            "chat", model, timeout, stream, options, kwargs, messages=list(messages)
        )
        if stream:
            return self._astream(call, lambda c: c.chat(**params, stream=True))
        return await self._arun(call, lambda c: c.chat(**params, stream=False))

    @overload
    async def agenerate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: Literal[False] = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> GenerateResponse: ...
    @overload
    async def agenerate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: Literal[True],
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[GenerateResponse]: ...
    async def agenerate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> GenerateResponse | AsyncIterator[GenerateResponse]:
        """``generate`` for async code."""
        call, params = self._start(
            "generate", model, timeout, stream, options, kwargs, prompt=prompt
        )
        if stream:
            return self._astream(call, lambda c: c.generate(**params, stream=True))
        return await self._arun(call, lambda c: c.generate(**params, stream=False))

    async def aembed(
        self,
        input: str | Sequence[str],
        *,
        model: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> EmbedResponse:
        """``embed`` for async code."""
        call, params = self._start("embed", model, timeout, False, None, kwargs, input=input)
        return await self._arun(call, lambda c: c.embed(**params))

    # -- machinery -------------------------------------------------------------------------------

    def _start(
        self,
        operation: str,
        model: str | None,
        timeout: float | None,
        stream: bool,
        options: Mapping[str, Any] | None,
        extra: dict[str, Any],
        **fields: Any,
    ) -> tuple[_Call, dict[str, Any]]:
        config = self.config
        name = model or config.model
        if not name or not name.strip():
            raise LLMError(
                "No model given and FOUNDATION_LLM has no MODEL for this alias.", host=config.host
            )
        params: dict[str, Any] = {"model": name, **fields, **extra}
        merged = {**config.options, **(options or {})}
        if merged:
            params["options"] = merged
        if config.keep_alive is not None and "keep_alive" not in params:
            params["keep_alive"] = config.keep_alive
        return _Call(config, operation, name, timeout, stream), params

    def _run(self, call: _Call, send: Callable[[ollama.Client], T]) -> T:
        pool = self._sync_pool(call.config)
        token = _transport.deadline.set(call.deadline)
        try:
            result: T = pool.policy.copy()(call.attempt, lambda: send(pool.client))
        except LLMError as error:
            call.log(error=error)
            raise
        finally:
            _transport.deadline.reset(token)
        call.log(response=result)
        return result

    async def _arun(self, call: _Call, send: Callable[[ollama.AsyncClient], Awaitable[T]]) -> T:
        pool = await self._async_pool(call.config)
        token = _transport.deadline.set(call.deadline)
        try:
            result: T = await pool.policy.copy()(call.aattempt, lambda: send(pool.client))
        except LLMError as error:
            call.log(error=error)
            raise
        finally:
            _transport.deadline.reset(token)
        call.log(response=result)
        return result

    def _stream(
        self, call: _Call, open_stream: Callable[[ollama.Client], Iterator[T]]
    ) -> Iterator[T]:
        """Retried until the first chunk arrives; after that an interruption raises."""
        pool = self._sync_pool(call.config)
        token = _transport.deadline.set(call.deadline)
        try:
            with _transport.capture_streams() as opened:
                first: tuple[Iterator[T], T | None] = pool.policy.copy()(
                    call.attempt, lambda: _first(open_stream(pool.client))
                )
                iterator, chunk = first
        except LLMError as error:
            call.log(error=error)
            raise
        finally:
            _transport.deadline.reset(token)
        call.ttft = time.monotonic() - call.started
        # A server that falls silent mid-answer is cut off at the deadline, not a read timeout later.
        timer = _transport.watchdog.call_at(
            call.deadline, functools.partial(_transport.sever, opened[-1] if opened else None)
        )
        final = None
        try:
            while chunk is not None:
                final = chunk if getattr(chunk, "done", False) else final
                yield chunk
                if time.monotonic() > call.deadline:
                    raise call.timed_out()
                try:
                    chunk = next(iterator, None)
                except Exception as exc:
                    if time.monotonic() >= call.deadline:
                        raise call.timed_out() from exc
                    raise call.error(exc, _errors.MID_ANSWER) from exc
        except LLMError as error:
            call.log(error=error)
            raise
        except GeneratorExit:
            call.log(outcome="closed")  # the caller stopped reading
            raise
        finally:
            _transport.watchdog.cancel(timer)
            close = getattr(iterator, "close", None)
            if callable(close):
                close()
        call.log(response=final)

    async def _astream(
        self, call: _Call, open_stream: Callable[[ollama.AsyncClient], Awaitable[AsyncIterator[T]]]
    ) -> AsyncIterator[T]:
        pool = await self._async_pool(call.config)
        token = _transport.deadline.set(call.deadline)
        try:
            first: tuple[AsyncIterator[T], T | None] = await pool.policy.copy()(
                call.aattempt, lambda: _afirst(open_stream(pool.client))
            )
            iterator, chunk = first
        except LLMError as error:
            call.log(error=error)
            raise
        finally:
            _transport.deadline.reset(token)
        call.ttft = time.monotonic() - call.started
        final = None
        try:
            while chunk is not None:
                final = chunk if getattr(chunk, "done", False) else final
                yield chunk
                if time.monotonic() > call.deadline:
                    raise call.timed_out()
                try:
                    # The transport cannot bound a stall between chunks: wait_for does.
                    left = max(call.deadline - time.monotonic(), 0.0)
                    chunk = await asyncio.wait_for(iterator.__anext__(), left)
                except StopAsyncIteration:
                    chunk = None
                except asyncio.TimeoutError as exc:
                    raise call.timed_out() from exc
                except Exception as exc:
                    raise call.error(exc, _errors.MID_ANSWER) from exc
        except LLMError as error:
            call.log(error=error)
            raise
        except GeneratorExit:
            call.log(outcome="closed")
            raise
        finally:
            aclose = getattr(iterator, "aclose", None)
            if callable(aclose):
                await aclose()
        call.log(response=final)


class LLMHandler:
    """``llms["alias"]``, like Django's ``caches``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._llms: dict[str, LLM] = {DEFAULT_ALIAS: llm}

    def __getitem__(self, alias: str) -> LLM:
        instance = self._llms.get(alias)
        if instance is None or alias not in conf_settings.aliases:
            alias_config(alias)  # raises ImproperlyConfigured for an unknown alias
            with self._lock:
                instance = self._llms.setdefault(alias, LLM(alias))
        return instance

    def all(self) -> list[LLM]:
        with self._lock:
            return list(self._llms.values())


llm = LLM(DEFAULT_ALIAS)
llms = LLMHandler()
