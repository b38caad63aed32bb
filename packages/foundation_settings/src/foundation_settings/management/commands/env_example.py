from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foundation_settings import env as env_module
from foundation_settings import report


class Command(BaseCommand):
    help = (
        "Write a .env.example listing every environment variable a settings module reads, with its "
        "help, type and default (secrets and required values left blank). --check fails when the "
        "file on disk is out of date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--module",
            default=None,
            help="settings module to list (default: the current one; use your production module "
            "to list every variable production needs)",
        )
        parser.add_argument(
            "--output",
            "-o",
            default=None,
            help="file to write (default: BASE_DIR/.env.example); - for stdout",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit 1 if the file differs from what would be written",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        module = options["module"] or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if not module:
            raise CommandError("No settings module: pass --module or set DJANGO_SETTINGS_MODULE.")
        try:
            profile, rows = report.collect(module)
        except RuntimeError as exc:
            raise CommandError(f"Could not import {module}: {exc}") from None
        text = report.env_example(rows, profile)
        output = options["output"]
        if output == "-":
            self.stdout.write(text)
            return
        base_dir = current.base_dir if (current := env_module.current()) else Path.cwd()
        path = Path(output) if output else base_dir / ".env.example"
        if options["check"]:
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            if existing != text:
                raise CommandError(
                    f"{path.name} is out of date: run `manage.py env_example --module {module}`."
                )
            self.stdout.write(f"{path.name} is up to date ({len(rows)} variables).")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {path.name}: {len(rows)} variables from {module} ({profile} profile)."
        )
