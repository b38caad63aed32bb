"""runserver for a fresh machine: starts the fake Ollama when nothing answers at OLLAMA_HOST, a
Celery worker when REDIS_URL is set, and creates the development user on the first run.
`scripts/dev` runs it."""

from __future__ import annotations

import atexit
import os
import secrets
import socket
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.views import FAKE_OLLAMA_VARIABLE
from foundation_llm.conf import alias_config
from foundation_llm.testing import FakeOllamaServer
from foundation_settings import profile_from_settings_module

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
DEV_USER = "dev"


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
            self.greet(options["addrport"])
        call_command("runserver", options["addrport"])

    def greet(self, addrport: str) -> None:
        """The address to open and a way in: the development user, created on the first run."""
        if profile_from_settings_module(settings.SETTINGS_MODULE) != "dev":
            raise CommandError("devserver runs the development profile only (config.settings.dev).")
        host, _, port = addrport.rpartition(":")
        url = f"http://{host or '127.0.0.1'}:{port}/"
        users = get_user_model()._default_manager
        if users.filter(username=DEV_USER).exists():
            way_in = (
                f"log in as '{DEV_USER}' (its password was printed on the first run;"
                f" `manage.py changepassword {DEV_USER}` sets another)"
            )
        else:
            # Shown once, on this terminal only: a local account of a development database.
            password = secrets.token_urlsafe(12)
            users.create_superuser(DEV_USER, "", password)
            way_in = f"log in as '{DEV_USER}' with the password {password} (shown once)"
        self.stdout.write(self.style.SUCCESS(f"Open {url} and {way_in}."))

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
            return  # foundation_settings has said so at startup
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info"]
        )
        atexit.register(worker.terminate)
        self.stdout.write(f"Started a Celery worker (pid {worker.pid}) for REDIS_URL.")
