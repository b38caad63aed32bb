from __future__ import annotations

import logging
import sys

from django.apps import AppConfig
from django.core import checks

logger = logging.getLogger("foundation_settings")


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"

    def ready(self) -> None:
        # Only what start-up needs: the checks import the rest when they run.
        from . import checks as settings_checks

        checks.register(settings_checks.check_env_finished)
        checks.register(settings_checks.check_production, checks.Tags.security, deploy=True)
        if "celery" in sys.modules:  # a site that uses Celery has imported it by now
            from .logs import celery as celery_hooks

            celery_hooks.connect()
        # Settings that never imported the env module made no Env and have no notice to log.
        env = sys.modules.get(f"{self.name}.env")
        if env is not None:
            for message in dict.fromkeys(m for e in env.created() for m in e.notices):
                logger.info(message)
