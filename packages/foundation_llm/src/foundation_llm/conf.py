"""``FOUNDATION_LLM``: aliases in the style of Django's ``CACHES``, read from settings at each access.

Nothing is cached, so ``override_settings`` and the pytest-django ``settings`` fixture just work: a
client notices a changed configuration on its next call (see ``client.LLM``).

An alias without ``HOST`` uses the default alias's host (and its ``API_KEY``), which itself defaults
to ``OLLAMA_HOST``, then ``http://localhost:11434``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_ALIAS = "default"
ALIAS_DEFAULTS: dict[str, Any] = {
    "HOST": None,  # None: the default alias's HOST, else OLLAMA_HOST, else http://localhost:11434
    "MODEL": "llama3.2",
    "TIMEOUT": 120.0,  # one deadline for a whole call, every attempt included
    "CONNECT_TIMEOUT": 5.0,
    "RETRIES": 2,  # attempts after the first, on what can succeed later
    "KEEP_ALIVE": None,  # e.g. "10m"; None: the server's default
    "OPTIONS": {},  # model options sent with every call (temperature, num_ctx...)
    "API_KEY": None,  # sent as a bearer token (Ollama behind a proxy, ollama.com)
    "LOG_CONTENT": False,  # log prompts and answers (off: only sizes and counts)
    "HEALTH_CHECK": True,  # register the "ollama" readiness check when foundation_health is installed
    "HEALTH_CRITICAL": False,  # an unreachable Ollama fails readiness
}


@dataclass(frozen=True)
class AliasConfig:
    alias: str
    host: str
    model: str
    timeout: float
    connect_timeout: float
    retries: int
    keep_alive: str | float | None
    options: dict[str, Any] = field(default_factory=dict)
    api_key: str | None = field(default=None, repr=False)
    log_content: bool = False
    health_check: bool = True
    health_critical: bool = False


class Settings:
    """The package's settings, read on every access like django-cors-headers' ``conf.settings``."""

    @property
    def aliases(self) -> dict[str, dict[str, Any]]:
        """Each alias's own values, over the defaults; the default alias always exists."""
        value = getattr(django_settings, "FOUNDATION_LLM", None)
        configured = value if isinstance(value, dict) and value else {}
        names = [DEFAULT_ALIAS, *(name for name in configured if name != DEFAULT_ALIAS)]
        return {name: {**ALIAS_DEFAULTS, **(configured.get(name) or {})} for name in names}

    def host_and_key(self, alias: str) -> tuple[str, str | None]:
        """The alias's raw HOST and API_KEY, inherited from the default alias when HOST is unset."""
        aliases = self.aliases
        values = aliases[alias]
        if not values["HOST"]:
            values = aliases[DEFAULT_ALIAS]
        return str(values["HOST"] or default_host()), values["API_KEY"] or None

    def alias(self, alias: str) -> AliasConfig:
        aliases = self.aliases
        if alias not in aliases:
            raise ImproperlyConfigured(
                f"FOUNDATION_LLM has no alias {alias!r} (aliases: {', '.join(aliases)})"
            )
        values = aliases[alias]
        host, api_key = self.host_and_key(alias)
        try:
            host = normalise_host(host)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FOUNDATION_LLM[{alias!r}]['HOST'] is not usable: {exc}"
            ) from None
        return AliasConfig(
            alias=alias,
            host=host,
            model=str(values["MODEL"]),
            timeout=float(values["TIMEOUT"]),
            connect_timeout=float(values["CONNECT_TIMEOUT"]),
            retries=int(values["RETRIES"]),
            keep_alive=values["KEEP_ALIVE"],
            options=dict(values["OPTIONS"] or {}),
            api_key=api_key,
            log_content=bool(values["LOG_CONTENT"]),
            health_check=bool(values["HEALTH_CHECK"]),
            health_critical=bool(values["HEALTH_CRITICAL"]),
        )


settings = Settings()


def alias_config(alias: str) -> AliasConfig:
    """The configuration of ``alias`` as it stands now (raises ``ImproperlyConfigured``)."""
    return settings.alias(alias)


def normalise(name: str) -> str:
    """A model name as Ollama lists it: ``x`` means ``x:latest``."""
    return name if ":" in name.split("/")[-1] else f"{name}:latest"


def default_host() -> str:
    return os.environ.get("OLLAMA_HOST") or "http://localhost:11434"


def normalise_host(host: str) -> str:
    """Ollama's own rules: http when no scheme; port 11434 when neither scheme nor port is given,
    else the scheme's port; path prefix kept; no trailing slash. Raises ValueError if unusable."""
    text = host.strip()
    had_scheme = "://" in text
    if not had_scheme:
        text = "http://" + text
    scheme, _, rest = text.partition("://")
    if scheme not in {"http", "https"}:
        raise ValueError(f"unsupported scheme {scheme!r}: use http:// or https://")
    netloc, _, path = rest.partition("/")
    if not netloc or any(c.isspace() for c in netloc):
        raise ValueError("no host name")
    bracketed = netloc.startswith("[")
    has_port = "]:" in netloc if bracketed else ":" in netloc
    if has_port:
        port = netloc.rsplit(":", 1)[1]
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"invalid port {port!r}")
    else:
        netloc += ":11434" if not had_scheme else (":443" if scheme == "https" else ":80")
    path = path.strip("/")
    return f"{scheme}://{netloc}" + (f"/{path}" if path else "")
