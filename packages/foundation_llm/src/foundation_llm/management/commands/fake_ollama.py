from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from foundation_llm.testing import FakeOllamaServer


class Command(BaseCommand):
    help = (
        "Serve the fake Ollama server (deterministic answers) for local development, until "
        "interrupted (Ctrl-C) or terminated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=11434, help="0: any free port")
        parser.add_argument(
            "--model", action="append", dest="models", help="a model it knows (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = FakeOllamaServer(
            options["host"],
            options["port"],
            models=options["models"] or ["llama3.2", "nomic-embed-text"],
        )
        # Handlers of our own for both signals: a process started in the background by a
        # non-interactive shell inherits SIGINT ignored, and Python then raises no
        # KeyboardInterrupt, so Ctrl-C alone would never stop it there.
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        server.start()
        self.stdout.write(
            f"Fake Ollama at {server.url} with {', '.join(server.models)}. Point the site at it "
            f"with FOUNDATION_LLM's HOST or OLLAMA_HOST={server.url}. Ctrl-C stops it."
        )
        try:
            stop.wait()
        finally:
            server.stop()
