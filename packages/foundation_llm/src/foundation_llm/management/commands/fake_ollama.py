from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from foundation_llm.testing import FakeOllamaServer


class Command(BaseCommand):
    help = "Serve the fake Ollama server (deterministic answers) for local development, until interrupted."

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
        server.start()
        self.stdout.write(
            f"Fake Ollama at {server.url} with {', '.join(server.models)}. Point the site at it "
            f"with FOUNDATION_LLM's HOST or OLLAMA_HOST={server.url}. Ctrl-C stops it."
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
