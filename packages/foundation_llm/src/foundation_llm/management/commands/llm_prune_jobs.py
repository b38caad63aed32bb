from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from foundation_llm.models import FINISHED, LLMJob


class Command(BaseCommand):
    help = (
        "Delete finished LLM jobs older than --days (default 30). Queued and running jobs are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        cutoff = timezone.now() - timedelta(days=options["days"])
        old = LLMJob.objects.filter(status__in=FINISHED, created_at__lt=cutoff)
        count = old.count()
        if not options["dry_run"]:
            old.delete()
        self.stdout.write(
            f"{'Would delete' if options['dry_run'] else 'Deleted'} {count} LLM job(s) older than {options['days']} days."
        )
