from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foundation_llm.client import LLM, llms
from foundation_llm.conf import normalise
from foundation_llm.errors import LLMError


class Command(BaseCommand):
    help = 'Talk to the configured Ollama: check, models, prompt "...", warm.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "models", "prompt", "warm"])
        parser.add_argument("text", nargs="?", help="the prompt, for `prompt`")
        parser.add_argument("--alias", default="default")
        parser.add_argument("--model", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        client = llms[options["alias"]]
        model = options["model"] or client.config.model
        try:
            getattr(self, f"do_{options['action']}")(client, model, options)
        except LLMError as exc:
            raise CommandError(str(exc)) from exc

    def do_check(self, client: LLM, model: str, options: dict[str, Any]) -> None:
        version = client.version(timeout=client.config.connect_timeout + 2)
        self.stdout.write(f"Ollama {version} answers at {client.config.host}.")
        models = client.list_models()
        if normalise(model) not in {normalise(m) for m in models}:
            raise CommandError(
                f"Model {model} is not pulled on {client.config.host}: run `ollama pull {model}` there."
            )
        self.stdout.write(self.style.SUCCESS(f"Model {model} is available."))

    def do_models(self, client: LLM, model: str, options: dict[str, Any]) -> None:
        for name in client.list_models():
            marker = " (configured)" if normalise(name) == normalise(model) else ""
            self.stdout.write(f"{name}{marker}")

    def do_prompt(self, client: LLM, model: str, options: dict[str, Any]) -> None:
        text = options["text"]
        if not text:
            raise CommandError('Give the prompt: manage.py llm prompt "Why is the sky blue?"')
        for chunk in client.chat([{"role": "user", "content": text}], model=model, stream=True):
            sys.stdout.write(chunk.message.content or "")
            sys.stdout.flush()
        sys.stdout.write("\n")

    def do_warm(self, client: LLM, model: str, options: dict[str, Any]) -> None:
        # An empty chat loads the model into memory without generating anything.
        client.chat([], model=model)
        self.stdout.write(self.style.SUCCESS(f"Model {model} is loaded."))
