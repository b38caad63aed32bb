"""The ``ollama`` readiness check, registered with foundation_health when that app is installed.

Registering it imports nothing heavy: the ollama client (ollama, httpx, pydantic) loads in
``prepare()``, which foundation_health can call before it starts the check's clock; a check run
without that calls it itself, once per process, under a lock.
"""

from __future__ import annotations

import threading

from .conf import DEFAULT_ALIAS, alias_config, normalise


class OllamaCheck:
    """The default alias's server answers and has its model."""

    def __init__(self, alias: str = DEFAULT_ALIAS) -> None:
        self.alias = alias
        self._lock = threading.Lock()
        self._prepared = False

    def prepare(self) -> None:
        """Import and build the client (no network I/O); idempotent and thread-safe."""
        if self._prepared:
            return
        with self._lock:
            if not self._prepared:
                from .client import llms

                llms[self.alias].prepare()
                self._prepared = True

    def __call__(self) -> object:
        self.prepare()
        from .client import llms

        config = alias_config(self.alias)
        models = llms[self.alias].list_models(timeout=timeout(config.connect_timeout))
        if normalise(config.model) not in {normalise(m) for m in models}:
            from foundation_health import CheckFailed

            raise CheckFailed(f"model {config.model} is not pulled (ollama pull {config.model})")
        return {"models": len(models)}


def timeout(connect_timeout: float) -> float:
    """The check's budget: one connection and one small answer."""
    return max(connect_timeout, 0.5)


ollama_ready = OllamaCheck()
