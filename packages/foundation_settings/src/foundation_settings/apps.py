from __future__ import annotations

import logging

from django.apps import AppConfig
from django.core import checks

logger = logging.getLogger("foundation_settings")


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"

    def ready(self) -> None:
        from . import celery_hooks, env
        from . import checks as settings_checks

        checks.register(settings_checks.check_env_finished)
        checks.register(settings_checks.check_production, checks.Tags.security, deploy=True)
        celery_hooks.connect()
        current = env.current()
        for message in current.notices if current else []:
            logger.info(message)
