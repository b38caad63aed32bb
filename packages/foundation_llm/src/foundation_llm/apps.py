from __future__ import annotations

from django.apps import AppConfig, apps
from django.core import checks


class FoundationLlmConfig(AppConfig):
    name = "foundation_llm"
    verbose_name = "Foundation LLM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks as llm_checks

        checks.register(llm_checks.check_settings)
        if apps.is_installed("foundation_health"):
            from .conf import alias_config

            try:
                config = alias_config("default")
            except Exception:  # reported by the system checks
                return
            if config.health_check:
                import foundation_health

                from .health import ollama_ready, timeout

                foundation_health.register(
                    "ollama",
                    ollama_ready,
                    critical=config.health_critical,
                    timeout=timeout(config.connect_timeout),
                    # Loads the client before foundation_health starts the check's clock.
                    prepare=ollama_ready.prepare,
                )
