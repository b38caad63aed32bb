from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import LLMJob


@admin.register(LLMJob)
class LLMJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: jobs are a record of what happened."""

    list_display = (
        "id",
        "status",
        "model",
        "user",
        "created_at",
        "attempts",
        "lease_expires_at",
        "duration_ms",
        "prompt_tokens",
        "output_tokens",
        "error_code",
    )
    list_filter = ("status", "error_code", "alias", "model")
    search_fields = ("id", "user__username", "error")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
