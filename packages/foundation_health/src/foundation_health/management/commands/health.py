"""``manage.py health``: readiness from the command line, fit for a container's health check.

It exits 0 when ready and 1 when not (a ``CommandError``, so ``call_command`` raises instead of
ending the process). A check thread stuck on a hung dependency is a daemon thread: it neither
delays the answer nor the interpreter's exit.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foundation_health.builtin_checks import celery_app
from foundation_health.service import readiness, render


class Command(BaseCommand):
    help = (
        "Run the readiness checks: a table (or --json), exit status 0 when ready and 1 when not. "
        "With --worker: whether this host's Celery worker answers a ping."
    )
    requires_system_checks = ()  # a health check must not pay for the system checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON, with details")
        parser.add_argument(
            "--worker",
            nargs="?",
            const="",
            default=None,
            metavar="NODENAME",
            help="ping this host's Celery worker instead (default node name: celery@<hostname>)",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=2.0,
            help=(
                "seconds the checks (or the worker) have to answer; default 2. Each check gets "
                "at least this long: a container's CPU is shared with the site's own workers"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["timeout"] <= 0:
            raise CommandError("--timeout must be positive")
        if options["worker"] is not None:
            self.worker(options["worker"], options["timeout"], as_json=options["json"])
            return
        report = readiness(fresh=True, deadline=options["timeout"])
        if options["json"]:
            self.stdout.write(json.dumps(render(report, details=True), indent=2))
        else:
            width = max((len(name) for name in report.results), default=5)
            for name, result in report.results.items():
                style = {"ok": self.style.SUCCESS, "warn": self.style.WARNING}.get(
                    result.status, self.style.ERROR
                )
                note = result.error or ("" if result.detail is None else json.dumps(result.detail))
                self.stdout.write(
                    f"{name:<{width}}  {style(result.status.upper()):<6}  "
                    f"{result.duration_ms:>8.1f} ms  {note}"
                )
            self.stdout.write(f"status: {report.status}")
        if not report.ready:
            raise CommandError("not ready", returncode=1)

    def worker(self, node: str, timeout: float, *, as_json: bool) -> None:
        from celery.utils.nodenames import default_nodename

        node = node or default_nodename(None)
        started = time.monotonic()
        try:
            replies = celery_app().control.ping(destination=[node], timeout=timeout)
        except Exception as exc:  # the broker is down: the worker cannot be asked
            replies, error = [], type(exc).__name__
        else:
            error = "" if replies else f"no answer within {timeout:g} s"
        ok = any(node in reply for reply in replies)
        seconds = time.monotonic() - started
        if as_json:
            data: dict[str, Any] = {"status": "ok" if ok else "fail", "worker": node}
            data["duration_ms"] = round(seconds * 1000, 2)
            if not ok:
                data["error"] = error
            self.stdout.write(json.dumps(data, indent=2))
        else:
            self.stdout.write(f"{node}: {'ok' if ok else 'fail'} {seconds * 1000:.1f} ms {error}")
        if not ok:
            raise CommandError(f"worker {node} did not answer", returncode=1)
