from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from foundation_llm.jobs import sweep_jobs


class Command(BaseCommand):
    help = (
        "Queue again the LLM jobs whose worker died or whose message was lost, and give up those "
        "that were interrupted too often. Safe to run at any time, from several places at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_jobs()
        self.stdout.write(f"Queued {result.requeued} LLM job(s) again; gave up {result.given_up}.")
