"""Django system checks for ``FOUNDATION_LLM``: cheap, no network."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from . import conf

MODEL_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._/-]*(:[a-zA-Z0-9._-]+)?")
LOCAL = {"localhost", "127.0.0.1", "::1"}


def check_settings(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias, values in conf.settings.aliases.items():
        where = f"FOUNDATION_LLM[{alias!r}]"
        # An alias without HOST uses the default alias's host, which is checked there.
        inherited = alias != conf.DEFAULT_ALIAS and not values["HOST"]
        host, api_key = conf.settings.host_and_key(alias)
        normalised, hostname = "", ""
        if not inherited:
            messages.extend(_host_messages(where, host))
            with contextlib.suppress(ValueError):
                normalised = conf.normalise_host(host)
                hostname = urlsplit(normalised).hostname or ""
        model = str(values["MODEL"] or "")
        if not MODEL_NAME.fullmatch(model):
            messages.append(
                Error(
                    f"{where}['MODEL'] {model!r} is not a model name.",
                    hint="For example llama3.2 or llama3.2:3b.",
                    id="foundation_llm.E003",
                )
            )
        timeout, connect = values["TIMEOUT"], values["CONNECT_TIMEOUT"]
        if not _positive(timeout) or not _positive(connect):
            messages.append(
                Error(
                    f"{where}: TIMEOUT and CONNECT_TIMEOUT must be positive numbers of seconds.",
                    hint="For example TIMEOUT=120, CONNECT_TIMEOUT=5.",
                    id="foundation_llm.E004",
                )
            )
        elif connect > timeout:
            messages.append(
                Error(
                    f"{where}: CONNECT_TIMEOUT ({connect}) is above TIMEOUT ({timeout}), the deadline of a whole call.",
                    hint="Lower CONNECT_TIMEOUT.",
                    id="foundation_llm.E005",
                )
            )
        if not isinstance(values["RETRIES"], int) or values["RETRIES"] < 0:
            messages.append(
                Error(
                    f"{where}['RETRIES'] must be a whole number >= 0.",
                    hint="For example 2.",
                    id="foundation_llm.E006",
                )
            )
        # Without API_KEY the ollama client sends OLLAMA_API_KEY from the environment, to any host.
        key_source = (
            "API_KEY" if api_key else "OLLAMA_API_KEY" if os.environ.get("OLLAMA_API_KEY") else ""
        )
        if (
            key_source
            and not inherited
            and normalised.startswith("http://")
            and hostname not in LOCAL
        ):
            messages.append(
                Warning(
                    f"{where} sends its key ({key_source}) in clear over http:// to {hostname}.",
                    hint="Use https:// for a remote Ollama, or unset OLLAMA_API_KEY if this server needs no key.",
                    id="foundation_llm.W001",
                )
            )
        if _positive(timeout):
            visibility = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}).get(
                "visibility_timeout", 3600
            )
            broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
            if broker.startswith(("redis://", "rediss://")) and timeout + 30 >= visibility:
                messages.append(
                    Warning(
                        f"{where}: the chat task's time limit ({timeout + 30:g} s) is not below Redis' visibility timeout ({visibility} s): "
                        "a long job would be delivered to a second worker while the first still runs.",
                        hint="Raise CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] or lower TIMEOUT.",
                        id="foundation_llm.W002",
                    )
                )
    return messages


def _host_messages(where: str, host: str) -> list[CheckMessage]:
    try:
        hostname = urlsplit(conf.normalise_host(host)).hostname or ""
    except ValueError as exc:
        return [
            Error(
                f"{where}['HOST'] is not usable: {exc}.",
                hint="For example http://localhost:11434.",
                id="foundation_llm.E001",
            )
        ]
    if hostname in {"0.0.0.0", "::"}:
        return [
            Error(
                f"{where}['HOST'] uses {hostname}, a listening address, not one a client can connect to.",
                hint="OLLAMA_HOST=0.0.0.0 tells the server where to listen; clients use 127.0.0.1 or the server's name.",
                id="foundation_llm.E002",
            )
        ]
    return []


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
