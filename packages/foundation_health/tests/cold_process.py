"""Run in a fresh interpreter by the tests: set Django up, fire concurrent first ``/ready/``
requests, and print what happened as JSON.

It records which thread imported each heavy client module, and what ``django.setup()`` and
URL loading imported on their own.
"""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
import threading
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

HEAVY = ("redis", "kombu", "celery", "psycopg")

imported_on: dict[str, str] = {}


class Recorder(importlib.abc.MetaPathFinder):
    """Notes the thread that first imports each heavy top-level package; finds nothing itself."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname in HEAVY:
            imported_on.setdefault(fullname, threading.current_thread().name)
        return None


def main() -> None:
    sys.meta_path.insert(0, Recorder())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.cold_settings")
    import django

    django.setup()
    after_setup = sorted(m for m in HEAVY if m in sys.modules)
    from django.core.checks import run_checks
    from django.urls import resolve

    resolve("/ready/")
    run_checks()
    after_urls_and_checks = sorted(m for m in HEAVY if m in sys.modules)

    from django.test import Client

    requests = int(sys.argv[1])
    barrier = threading.Barrier(requests)
    answers: list[dict[str, object]] = []
    lock = threading.Lock()

    def probe() -> None:
        barrier.wait()
        try:
            response = Client().get(
                "/ready/", HTTP_AUTHORIZATION="Bearer a-long-test-token-0123456789"
            )
            answer = {"status": response.status_code, "body": json.loads(response.content)}
        except Exception as exc:
            answer = {"status": 0, "body": repr(exc)}
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=probe, name=f"probe-{i}") for i in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    print(
        json.dumps(
            {
                "after_setup": after_setup,
                "after_urls_and_checks": after_urls_and_checks,
                "imported_on": imported_on,
                "answers": answers,
            }
        )
    )


if __name__ == "__main__":
    main()
