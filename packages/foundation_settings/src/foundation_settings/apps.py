from __future__ import annotations

import logging

from django.apps import AppConfig
from django.core import checks

logger = logging.getLogger("foundation_settings")


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"

    def ready(self) -> None:
        from . import checks as settings_checks
        from . import env
        from .logs import celery as celery_hooks

        checks.register(settings_checks.check_env_finished)
        checks.register(settings_checks.check_production, checks.Tags.security, deploy=True)
        celery_hooks.connect()
        for message in dict.fromkeys(m for e in env.created() for m in e.notices):
            logger.info(message)
