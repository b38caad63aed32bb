"""runserver for a fresh machine: starts the fake Ollama when nothing answers at OLLAMA_HOST, and a
Celery worker when REDIS_URL is set. `scripts/dev` runs it."""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from demo.views import FAKE_OLLAMA_VARIABLE
from foundation_llm.conf import alias_config
from foundation_llm.testing import FakeOllamaServer

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "runserver, plus the fake Ollama when none answers and a Celery worker when REDIS_URL is set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        # runserver's autoreloader runs this command again in a child process (RUN_MAIN=true):
        # only the parent starts the helpers, which then live as long as it does.
        if os.environ.get("RUN_MAIN") != "true":
            self.start_ollama_if_missing()
            self.start_worker_if_redis()
        call_command("runserver", options["addrport"])

    def start_ollama_if_missing(self) -> None:
        url = urlsplit(alias_config("default").host)
        host, port = url.hostname or "localhost", url.port or 11434
        if answers(host, port):
            self.stdout.write(f"Ollama answers at {url.geturl()}.")
            return
        if host not in LOOPBACK:
            self.stderr.write(
                self.style.WARNING(
                    f"Nothing answers at {url.geturl()}: the LLM page will show an error."
                )
            )
            return
        server = FakeOllamaServer(host if host != "localhost" else "127.0.0.1", port).start()
        atexit.register(server.stop)
        os.environ[FAKE_OLLAMA_VARIABLE] = "1"
        banner = "!" * 78
        self.stdout.write(
            self.style.WARNING(
                f"{banner}\n  No Ollama answered at {url.geturl()}: started the FAKE Ollama server there.\n"
                "  Answers are echoes. Install and start Ollama (https://ollama.com) for real answers.\n"
                f"{banner}"
            )
        )

    def start_worker_if_redis(self) -> None:
        if not os.environ.get("REDIS_URL"):
            self.stdout.write("REDIS_URL is not set: tasks run in-process.")
            return
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info"]
        )
        atexit.register(worker.terminate)
        self.stdout.write(f"Started a Celery worker (pid {worker.pid}) for REDIS_URL.")
