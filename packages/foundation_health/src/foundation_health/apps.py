from __future__ import annotations

from django.apps import AppConfig


class FoundationHealthConfig(AppConfig):
    name = "foundation_health"
    verbose_name = "Foundation health"
