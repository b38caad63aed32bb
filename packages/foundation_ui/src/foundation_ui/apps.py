from __future__ import annotations

from django.apps import AppConfig


class FoundationUiConfig(AppConfig):
    name = "foundation_ui"
    verbose_name = "Foundation UI"
