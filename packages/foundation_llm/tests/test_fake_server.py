"""The fake Ollama server itself: its backlog, its quiet, its pytest plugin."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable

import ollama
import pytest

from foundation_llm.testing import FAULT_KINDS, FakeOllamaServer


def test_fifty_clients_at_once_are_all_answered() -> None:
    with FakeOllamaServer() as fake:
        barrier = threading.Barrier(50)
        answers: list[str] = []
        errors: list[BaseException] = []

        def one() -> None:
            try:
                with ollama.Client(host=fake.url, timeout=60) as client:
                    barrier.wait(30)
                    reply = client.chat(
                        model="llama3.2", messages=[{"role": "user", "content": "x"}]
                    )
                    answers.append(reply.message.content or "")
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=one) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
    assert errors == []
    assert answers == ["Echo: x"] * 50


def test_a_client_that_hangs_up_leaves_no_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    with FakeOllamaServer() as fake:
        fake.fail("/api/chat", "trickle", seconds=0.05)
        words = " ".join(f"w{i}" for i in range(40))
        body = json.dumps({"model": "llama3.2", "messages": [{"role": "user", "content": words}]})
        host, port = fake.url.removeprefix("http://").split(":")
        for _ in range(3):
            with socket.create_connection((host, int(port))) as sock:
                request = f"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n{body}"
                sock.sendall(request.encode())
                sock.recv(200)  # the headers and a first chunk; then hang up mid-stream
                sock.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
        # The handler notices on its next writes, within the trickle of the remaining chunks.
        fake.fail("/api/version", "slow_first_byte", seconds=2.5)
        with ollama.Client(host=fake.url) as client:
            client.ps()
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err
    assert "BrokenPipe" not in captured.err and "ConnectionReset" not in captured.err


def test_an_unknown_fault_kind_is_refused() -> None:
    fake = FakeOllamaServer()
    with pytest.raises(ValueError, match="unknown fault 'hung'"):
        fake.fail("/api/chat", "hung")  # type: ignore[arg-type]
    assert "stall_mid_stream" in FAULT_KINDS


def test_the_pytest_plugin_costs_nothing_and_defines_only_namespaced_fixtures() -> None:
    code = (
        "import sys, time; before = set(sys.modules); started = time.perf_counter();"
        "import foundation_llm.pytest_plugin as plugin;"
        "elapsed = time.perf_counter() - started;"
        "new = sorted(set(sys.modules) - before - {'foundation_llm', 'foundation_llm.errors', 'foundation_llm.pytest_plugin'});"
        "import json; print(json.dumps({'new': new, 'ms': elapsed * 1000,"
        " 'fixtures': sorted(n for n in vars(plugin) if hasattr(getattr(plugin, n), '_fixture_function_marker') or type(getattr(plugin, n)).__name__ == 'FixtureFunctionDefinition')}))"
    )
    # pytest itself is already imported when pytest loads a plugin.
    result = subprocess.run(
        [sys.executable, "-c", "import pytest;" + code], capture_output=True, text=True, check=True
    )
    report = json.loads(result.stdout)
    assert report["new"] == []
    assert report["ms"] < 50
    assert report["fixtures"] == ["foundation_llm_fake_ollama"]


def test_the_plugin_fixture_serves(foundation_llm_fake_ollama: FakeOllamaServer) -> None:
    with ollama.Client(host=foundation_llm_fake_ollama.url) as client:
        assert [m.model for m in client.list().models] == [
            "llama3.2:latest",
            "nomic-embed-text:latest",
        ]


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# SIGINT is Ctrl-C; SIGTERM is what `docker stop` and process managers send. Each is also sent to
# a command that inherited SIGINT ignored, as anything started with `&` by a script does.
@pytest.mark.parametrize(
    ("signum", "inherited"),
    [
        (signal.SIGINT, None),
        (signal.SIGTERM, None),
        (signal.SIGINT, ignore_sigint),
    ],
    ids=["ctrl-c", "terminated", "ctrl-c-in-a-background-job"],
)
def test_the_fake_ollama_command_serves_until_interrupted(
    signum: signal.Signals, inherited: Callable[[], None] | None
) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "django", "fake_ollama", "--port", "0", "--model", "qwen3"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env=env, preexec_fn=inherited
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"OLLAMA_HOST=(\S+)\.", line)
        assert url is not None, line
        with ollama.Client(host=url.group(1)) as client:
            assert [m.model for m in client.list().models] == ["qwen3:latest"]
        process.send_signal(signum)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:  # never left behind, and never waited on without a bound
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
