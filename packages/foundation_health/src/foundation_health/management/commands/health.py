from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from foundation_health.views import readiness, render


class Command(BaseCommand):
    help = "Run the readiness checks: a table (or --json), exit status 0 when ready and 1 when not."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON, with details")

    def handle(self, *args: Any, **options: Any) -> None:
        report = readiness(fresh=True)
        if options["json"]:
            self.stdout.write(json.dumps(render(report, details=True), indent=2))
        else:
            width = max((len(name) for name in report.results), default=5)
            for name, result in report.results.items():
                style = (
                    self.style.SUCCESS
                    if result.status == "ok"
                    else self.style.WARNING
                    if result.status == "warn"
                    else self.style.ERROR
                )
                note = result.error or ("" if result.detail is None else json.dumps(result.detail))
                self.stdout.write(
                    f"{name:<{width}}  {style(result.status.upper()):<6}  {result.duration_ms:>8.1f} ms  {note}"
                )
            self.stdout.write(f"status: {report.status}")
        self.stdout.flush()
        # A check thread may still be stuck on a hung dependency: leave without waiting for it.
        code = 0 if report.ready else 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
