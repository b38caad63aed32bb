from __future__ import annotations

import logging

from django.apps import AppConfig

logger = logging.getLogger("foundation_settings")


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .celery import connect_celery_signals
        from .env import current_env

        connect_celery_signals(only_if_imported=True)
        env = current_env()
        for message in env.notes if env is not None else ():
            logger.info(message)
        if env is not None:
            env.notes.clear()  # said once per process
