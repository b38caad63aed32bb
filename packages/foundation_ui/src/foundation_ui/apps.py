from __future__ import annotations

from django.apps import AppConfig


class FoundationUiConfig(AppConfig):
    name = "foundation_ui"
    verbose_name = "Foundation UI"

    def ready(self) -> None:
        from django.core import checks

        from foundation_ui.checks import check_setup

        checks.register(check_setup)
