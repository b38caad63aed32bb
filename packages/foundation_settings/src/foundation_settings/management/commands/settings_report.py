from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from foundation_settings import env as env_module
from foundation_settings import report


class Command(BaseCommand):
    help = (
        "Print the effective settings: each environment variable the settings read, where its "
        "value came from (environment, .env, file, default, generated), and key Django settings. "
        "Secrets are masked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        current = env_module.current()
        rows = report.variables(env_module.created())
        django_settings = report.django_settings()
        if options["json"]:
            payload = {
                "profile": current.profile if current else None,
                "variables": rows,
                "settings": django_settings,
            }
            self.stdout.write(json.dumps(payload, indent=2, sort_keys=True))
            return
        profile = (
            current.profile
            if current
            else "unknown (the settings do not use foundation_settings.Env)"
        )
        self.stdout.write(f"Profile: {profile}\n")
        if rows:
            width = max(len(r["name"]) for r in rows)
            source_width = max(len(r["source"]) for r in rows)
            self.stdout.write("Variables:")
            for row in rows:
                value = (
                    json.dumps(row["value"]) if not isinstance(row["value"], str) else row["value"]
                )
                self.stdout.write(
                    f"  {row['name']:<{width}}  {row['source']:<{source_width}}  {value}"
                )
        self.stdout.write("\nDjango settings:")
        for name, value in django_settings.items():
            self.stdout.write(f"  {name} = {json.dumps(value)}")
