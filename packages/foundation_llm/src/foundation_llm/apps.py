from __future__ import annotations

from django.apps import AppConfig


class FoundationLlmConfig(AppConfig):
    name = "foundation_llm"
    verbose_name = "Foundation LLM"
