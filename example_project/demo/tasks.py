from __future__ import annotations

from celery import shared_task


@shared_task(name="demo.ping")
def ping() -> str:
    """Answer "pong": proves a worker is consuming the queue."""
    return "pong"
