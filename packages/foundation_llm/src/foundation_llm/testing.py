"""A fake Ollama server on a real loopback socket, speaking Ollama's HTTP API, for tests and local
development. The official ``ollama`` client works against it unchanged.

    with FakeOllamaServer() as server:      # or the ``foundation_llm_fake_ollama`` pytest fixture
        server.add_model("llama3.2")
        server.fail("/api/chat", status=503, times=1)   # scripted faults
        Client(host=server.url).chat(...)
        server.requests                            # what it received

Answers are deterministic: a chat or generate answers ``Echo: <the last user text>`` split into word
chunks, with token counts equal to word counts. ``answers={"question": "answer"}`` (or
``server.answers[...]``) scripts the answer to a given last user text (or prompt), and ``responder=`` a
function of the request body replaces the rule altogether. Endpoints: ``GET|HEAD /``, ``/api/version``,
``/api/tags``, ``/api/ps``, ``POST /api/show``, ``/api/chat``, ``/api/generate``, ``/api/embed``,
``/api/embeddings``. Errors use Ollama's own bodies; unknown routes get gin's ``text/plain`` 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, get_args

from .conf import normalise

VERSION = "0.13.0"
FaultKind = Literal[
    "status",  # answer ``status`` with Ollama's error body (or ``body``)
    "reset",  # reset the connection before answering
    "hang",  # answer nothing for ``seconds`` (default: until the server stops)
    "slow_first_byte",  # wait ``seconds`` before answering (a cold model loading)
    "trickle",  # wait ``seconds`` after each streamed chunk
    "drop_mid_stream",  # drop the connection after ``after_chunks`` chunks
    "stall_mid_stream",  # fall silent for ``seconds`` after ``after_chunks`` chunks
    "error_line",  # an ``{"error": ...}`` line after ``after_chunks`` chunks (status stays 200)
    "html_404",  # a web server's HTML 404 where Ollama's API should be
    "not_json",  # a proxy's HTML page with status 200
]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
MID_STREAM = frozenset({"drop_mid_stream", "stall_mid_stream", "error_line"})
# A real Ollama listens with the system's backlog; http.server's default of 5 refuses a burst.
BACKLOG = 1024


@dataclass
class Fault:
    path: str
    kind: FaultKind
    status: int = 500
    body: str | None = None
    times: int | None = 1  # None: every time
    seconds: float = 0.0  # hang / slow_first_byte / trickle / stall_mid_stream delay
    after_chunks: int = 1  # drop_mid_stream / stall_mid_stream / error_line


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Model:
    name: str
    capabilities: list[str] = field(default_factory=lambda: ["completion"])
    size: int = 2_019_393_189


class FakeOllamaServer:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        models: list[str] | None = None,
        answers: dict[str, str] | None = None,
        responder: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.models: dict[str, Model] = {}
        # The answer to a given last user text (chat) or prompt (generate), before the echo rule.
        self.answers: dict[str, str] = dict(answers or {})
        # A function of the request body returning the answer text; wins over ``answers``.
        self.responder = responder
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self.loaded: dict[str, float] = {}  # model -> when it unloads (epoch seconds)
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._release = threading.Event()
        for name in models if models is not None else ["llama3.2"]:
            self.add_model(name)

    # -- control -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake Ollama server is not started")
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> FakeOllamaServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server((self.host, self.port), handler)
        self._release.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-ollama", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # free hung handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOllamaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add_model(self, name: str, *, capabilities: list[str] | None = None) -> None:
        caps = capabilities or (["embedding"] if "embed" in name else ["completion"])
        self.models[normalise(name)] = Model(normalise(name), caps)

    def remove_model(self, name: str) -> None:
        self.models.pop(normalise(name), None)

    def fail(self, path: str, kind: FaultKind = "status", **options: Any) -> Fault:
        """Script a fault for the next request(s) to ``path`` (``times=None`` for every one)."""
        if kind not in FAULT_KINDS:  # a typo in an untyped test
            raise ValueError(f"unknown fault {kind!r}: use one of {', '.join(FAULT_KINDS)}")
        fault = Fault(path, kind, **options)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.requests.clear()

    def answer(self, body: dict[str, Any]) -> str:
        """The text a chat or generate request gets (before ``num_predict`` cuts it)."""
        if self.responder is not None:
            return str(self.responder(body))
        question = last_user_text(body.get("messages"), body.get("prompt"))
        if question in self.answers:
            return self.answers[question]
        return answer_for(body.get("messages"), body.get("prompt"))

    def calls(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path == path:
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
        return None


def last_user_text(messages: list[dict[str, Any]] | None = None, prompt: str | None = None) -> str:
    """The last user message's text (chat), else the prompt (generate)."""
    for message in reversed(messages or []):
        if message.get("role") == "user":
            return str(message.get("content", ""))
    return prompt or ""


def answer_for(messages: list[dict[str, Any]] | None = None, prompt: str | None = None) -> str:
    """The fake's default answer: ``Echo: `` and the last user text (or the prompt)."""
    return f"Echo: {last_user_text(messages, prompt)}".strip()


def _keep_alive_seconds(value: Any) -> float:
    """Ollama's ``keep_alive``: seconds, or a duration like ``"10m"``; negative is forever; default 5m."""
    if value is None or value == "":
        return 300.0
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip()
        units = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
        unit = next((u for u in ("ms", "s", "m", "h") if text.endswith(u)), "")
        try:
            seconds = float(text[: len(text) - len(unit)]) * units.get(unit, 1.0)
        except ValueError:
            return 300.0
    return 10.0 * 365 * 86400 if seconds < 0 else seconds


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")


POST_ROUTES = frozenset(
    {"/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/api/show"}
)


def _unsupported(path: str, model: Model, body: dict[str, Any]) -> str:
    """What the model cannot do that the request asks for ("" if nothing)."""
    if path == "/api/show":
        return ""
    if path in {"/api/embed", "/api/embeddings"}:
        return "" if "embedding" in model.capabilities else "embeddings"
    if "completion" not in model.capabilities:
        return "chat" if path == "/api/chat" else "generate"
    if body.get("think") and "thinking" not in model.capabilities:
        return "thinking"
    return ""


def _pieces(text: str) -> list[str]:
    """The streamed chunks of an answer: one word each, with the space after it."""
    words = text.split(" ") if text else []
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


def _final_chunk(
    name: str, chat: bool, body: dict[str, Any], reason: str, text: str, warm: bool
) -> dict[str, Any]:
    """The last chunk (or the whole answer, unstreamed), with Ollama's metrics in nanoseconds,
    left out where Ollama leaves them out (``load_duration`` on a warm model, all on a load)."""
    streamed = body.get("stream", True)
    final: dict[str, Any] = {
        "model": name,
        "created_at": _now(),
        "done": True,
        "done_reason": reason,
    }
    content = "" if streamed else text
    final.update(
        {"message": {"role": "assistant", "content": content}} if chat else {"response": content}
    )
    if reason in {"stop", "length"}:
        count = len(_pieces(text))
        prompt_tokens = len(last_user_text(body.get("messages"), body.get("prompt")).split())
        final.update(
            total_duration=5_000_000 * (count + 1),
            prompt_eval_count=max(prompt_tokens, 1),
            prompt_eval_duration=1_000_000,
            eval_count=count,
            eval_duration=4_000_000 * max(count, 1),
        )
        if not warm:
            final["load_duration"] = 2_000_000
    return final


class _Server(ThreadingHTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (a deadline, a closed stream) is normal, not a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOllamaServer
    protocol_version = "HTTP/1.1"
    server_version = "fake-ollama"
    # Headers and body are separate writes: without this, Nagle's algorithm and the client's
    # delayed ACK add 40 ms to every answer.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    # -- plumbing --------------------------------------------------------------------------------

    def _record(self, body: Any) -> None:
        with self.fake.lock:
            self.fake.requests.append(
                Recorded(self.command, self.path, dict(self.headers.items()), body)
            )

    def _body(self) -> tuple[Any, str | None]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None, "missing request body"
        try:
            return json.loads(raw), None
        except json.JSONDecodeError as exc:
            return None, f"invalid character in JSON at offset {exc.pos}"

    def _send(
        self, status: int, payload: Any, content_type: str = "application/json; charset=utf-8"
    ) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, {"error": message})

    def _gin_404(self) -> None:
        self._send(404, b"404 page not found", "text/plain")

    def _chunk(self, obj: Any) -> None:
        line = json.dumps(obj).encode() + b"\n"
        self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
        self.wfile.flush()

    def _end_chunks(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _apply_fault(self, fault: Fault | None) -> bool:
        """Apply a fault that acts before the response; True if the request is answered."""
        if fault is None:
            return False
        if fault.kind == "slow_first_byte":
            time.sleep(fault.seconds)
            return False
        answer = {
            "status": self._fault_status,
            "not_json": lambda _: self._send(
                200, b"<html><body>Welcome</body></html>", "text/html"
            ),
            "html_404": lambda _: self._send(
                404, b"<html><body><h1>Not Found</h1></body></html>", "text/html"
            ),
            "reset": self._fault_reset,
            "hang": self._fault_hang,
        }.get(fault.kind)
        if answer is None:
            return False  # a fault for later in the stream
        answer(fault)
        return True

    def _fault_status(self, fault: Fault) -> None:
        busy = "server busy, please try again.  maximum pending requests exceeded"
        default = busy if fault.status == 503 else "internal error"
        self._error(fault.status, fault.body if fault.body is not None else default)

    def _fault_reset(self, fault: Fault) -> None:
        # SO_LINGER with a zero timeout: close() sends a TCP reset.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _fault_hang(self, fault: Fault) -> None:
        self.fake._release.wait(fault.seconds or 3600)
        self.close_connection = True

    # -- routes ----------------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self._record(None)
        path = self.path.split("?")[0]
        if self._apply_fault(self.fake._take_fault(path)):
            return
        if path == "/":
            self._send(200, b"Ollama is running", "text/plain; charset=utf-8")
        elif path == "/api/version":
            self._send(200, {"version": VERSION})
        elif path == "/api/tags":
            self._send(200, {"models": [self._model_entry(m) for m in self.fake.models.values()]})
        elif path == "/api/ps":
            self._send(
                200,
                {
                    "models": [
                        self._ps_entry(self.fake.models[n], until)
                        for n, until in self.fake.loaded.items()
                        if n in self.fake.models and until > time.time()
                    ]
                },
            )
        elif path in {"/api/chat", "/api/generate", "/api/embed", "/api/show"}:
            self._send(405, b"405 method not allowed", "text/plain")
        else:
            self._gin_404()

    def do_POST(self) -> None:
        body, error = self._body()
        self._record(body)
        path = self.path.split("?")[0]
        fault = self.fake._take_fault(path)
        if self._apply_fault(fault):
            return
        if path not in POST_ROUTES:
            self._gin_404()
        elif error:
            self._error(400, error)
        elif (model := self._model(path, body)) is None:
            return  # answered: no such model
        elif problem := _unsupported(path, model, body):
            self._error(400, f'"{body["model"]}" does not support {problem}')
        elif path == "/api/show":
            self._show(model)
        elif path in {"/api/embed", "/api/embeddings"}:
            self._embed(path, body["model"], body)
        else:
            self._generate(path, body["model"], model, body, fault)

    def _model(self, path: str, body: dict[str, Any]) -> Model | None:
        """The model asked for; else answer Ollama's error (which differs by endpoint)."""
        name = str(body.get("model") or "")
        model = self.fake.models.get(normalise(name)) if name else None
        if model is not None:
            return model
        if not name and path == "/api/chat":
            self._error(400, "model is required")
        elif path == "/api/generate" or not name:
            self._error(404, f"model '{name}' not found")
        else:
            self._error(404, f'model "{name}" not found, try pulling it first')
        return None

    def _show(self, model: Model) -> None:
        info = {"general.architecture": "llama", "llama.context_length": 131072}
        self._send(
            200,
            {
                "modelfile": f"FROM {model.name}",
                "parameters": "",
                "template": "{{ .Prompt }}",
                "details": self._details(),
                "model_info": info,
                "capabilities": model.capabilities,
            },
        )

    # -- generation ------------------------------------------------------------------------------

    def _generate(
        self, path: str, name: str, model: Model, body: dict[str, Any], fault: Fault | None
    ) -> None:
        chat = path == "/api/chat"
        reason, text, warm = self._answer(model, body)
        final = _final_chunk(name, chat, body, reason, text, warm)
        if not body.get("stream", True):
            self._send(200, final)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index, piece in enumerate(_pieces(text)):
            if self._mid_stream_fault(fault, index):
                return
            chunk: dict[str, Any] = {"model": name, "created_at": _now(), "done": False}
            chunk.update(
                {"message": {"role": "assistant", "content": piece}}
                if chat
                else {"response": piece}
            )
            self._chunk(chunk)
            if fault is not None and fault.kind == "trickle":
                time.sleep(fault.seconds)
        self._chunk(final)
        self._end_chunks()

    def _answer(self, model: Model, body: dict[str, Any]) -> tuple[str, str, bool]:
        """The done reason, the text and whether the model was loaded: an empty chat or prompt
        loads the model (unloads it with ``keep_alive`` 0), anything else is answered."""
        empty = not (body.get("messages") or body.get("prompt"))
        keep_alive = body.get("keep_alive")
        now = time.time()
        warm = self.fake.loaded.get(model.name, 0.0) > now
        if empty and keep_alive in (0, "0", "0s"):
            self.fake.loaded.pop(model.name, None)
            return "unload", "", warm
        self.fake.loaded[model.name] = now + _keep_alive_seconds(keep_alive)
        if empty:
            return "load", "", warm
        text = self.fake.answer(body)
        limit = (body.get("options") or {}).get("num_predict")
        if isinstance(limit, int) and 0 < limit < len(text.split()):
            return "length", " ".join(text.split()[:limit]), warm
        return "stop", text, warm

    def _mid_stream_fault(self, fault: Fault | None, index: int) -> bool:
        """Apply a fault due before chunk ``index``; True if the stream ends here."""
        if fault is None or fault.kind not in MID_STREAM or index != fault.after_chunks:
            return False
        if fault.kind == "stall_mid_stream":
            self.fake._release.wait(fault.seconds or 3600)
            return False
        if fault.kind == "error_line":
            self._chunk({"error": fault.body or "an error was encountered while running the model"})
            self._end_chunks()
        else:  # drop_mid_stream
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        return True

    def _embed(self, path: str, name: str, body: dict[str, Any]) -> None:
        inputs = body.get("input") if path == "/api/embed" else body.get("prompt")
        texts = [inputs] if isinstance(inputs, str) else list(inputs or [])
        vectors = [self._vector(t) for t in texts]
        if path == "/api/embeddings":
            self._send(200, {"embedding": vectors[0] if vectors else []})
            return
        self._send(
            200,
            {
                "model": name,
                "embeddings": vectors,
                "total_duration": 1_000_000,
                "prompt_eval_count": sum(len(t.split()) for t in texts),
            },
        )

    @staticmethod
    def _vector(text: str, dims: int = 8) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        return [round((b - 128) / 128, 4) for b in digest[:dims]]

    @staticmethod
    def _details() -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": "gguf",
            "family": "llama",
            "families": ["llama"],
            "parameter_size": "3.2B",
            "quantization_level": "Q4_K_M",
        }

    def _ps_entry(self, model: Model, until: float) -> dict[str, Any]:
        entry = self._model_entry(model)
        del entry["modified_at"]
        expires = dt.datetime.fromtimestamp(until, dt.timezone.utc)
        entry.update(expires_at=expires.isoformat(), size_vram=model.size, context_length=4096)
        return entry

    def _model_entry(self, model: Model) -> dict[str, Any]:
        return {
            "name": model.name,
            "model": model.name,
            "modified_at": "2026-01-01T00:00:00Z",
            "size": model.size,
            "digest": hashlib.sha256(model.name.encode()).hexdigest(),
            "details": self._details(),
        }


__all__ = [
    "FAULT_KINDS",
    "FakeOllamaServer",
    "Fault",
    "FaultKind",
    "answer_for",
    "last_user_text",
]
