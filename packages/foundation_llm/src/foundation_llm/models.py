from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class LLMJob(models.Model):
    """One background chat: what was asked, by whom, what came back and how it went."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    alias = models.CharField(max_length=64, default="default")
    model = models.CharField(max_length=200, blank=True)
    request = models.JSONField(default=dict, help_text="messages and options sent to Ollama")
    answer = models.TextField(blank=True)
    error = models.TextField(blank=True, help_text="what went wrong, for the user (no secrets)")
    error_code = models.CharField(max_length=32, blank=True)
    prompt_tokens = models.PositiveIntegerField(null=True, blank=True)
    output_tokens = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="task runs, not HTTP attempts")
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="running: renewed by the worker while it runs; queued: when the sweeper queues it again",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="llm_jobs",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "LLM job"
        verbose_name_plural = "LLM jobs"

    def __str__(self) -> str:
        return f"LLM job {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def as_dict(self) -> dict[str, Any]:
        """What a page polling the job needs."""
        return {
            "id": self.pk,
            "status": self.status,
            "answer": self.answer,
            "error": self.error,
            "error_code": self.error_code,
            "model": self.model,
            "prompt_tokens": self.prompt_tokens,
            "output_tokens": self.output_tokens,
            "finished": self.finished,
        }


# The statuses a job ends in (the values of LLMJob.Status.DONE, FAILED and CANCELLED).
FINISHED: frozenset[str] = frozenset({"done", "failed", "cancelled"})
