from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class FoundationHealthConfig(AppConfig):
    name = "foundation_health"
    verbose_name = "Foundation health"

    def ready(self) -> None:
        from . import checks as settings_checks

        checks.register(settings_checks.check_settings)
        checks.register(settings_checks.check_metrics)
