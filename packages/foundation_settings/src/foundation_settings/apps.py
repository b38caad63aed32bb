from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"

    def ready(self) -> None:
        from . import celery_hooks
        from . import checks as settings_checks

        checks.register(settings_checks.check_env_finished)
        checks.register(settings_checks.check_production, checks.Tags.security, deploy=True)
        celery_hooks.connect()
