from __future__ import annotations

from django.apps import AppConfig


class FoundationSettingsConfig(AppConfig):
    name = "foundation_settings"
    verbose_name = "Foundation settings"
