"""The ``ollama`` readiness check, registered with foundation_health when that app is installed."""

from __future__ import annotations

from .client import llms
from .conf import alias_config, normalise


def ollama_ready() -> object:
    """The default alias's server answers and has its model."""
    config = alias_config("default")
    models = llms["default"].list_models(timeout=max(config.connect_timeout, 0.5))
    if normalise(config.model) not in {normalise(m) for m in models}:
        from foundation_health import CheckFailed

        raise CheckFailed(f"model {config.model} is not pulled (ollama pull {config.model})")
    return {"models": len(models)}
