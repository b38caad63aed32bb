"""foundation-llm's readiness plug-in, which needs foundation-health installed beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any as SettingsWrapper

import pytest
from django.test import Client

from foundation_health.registry import registered
from foundation_llm.testing import FakeOllamaServer

TOKEN = "a-long-health-token-for-tests"


def test_the_ollama_check_is_registered() -> None:
    check = registered()["ollama"]
    assert check.critical is False  # an LLM outage warns; the site stays in rotation


def test_the_ollama_check_loads_its_client_before_the_clock_starts() -> None:
    # foundation_health calls a check's prepare() before it times run(): registering the check
    # imports nothing heavy, and its prepare() loads the ollama client.
    script = (
        "import sys, django; django.setup()\n"
        "from foundation_health.registry import registered\n"
        "before = 'ollama' in sys.modules\n"
        "registered()['ollama'].prepare()\n"
        "print(before, 'ollama' in sys.modules)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert done.stdout.split()[-2:] == ["False", "True"]


@pytest.fixture
def ollama_only(
    settings: SettingsWrapper, foundation_llm_fake_ollama: FakeOllamaServer
) -> FakeOllamaServer:
    settings.FOUNDATION_LLM = {
        "default": {"HOST": foundation_llm_fake_ollama.url, "MODEL": "llama3.2"}
    }
    # TIMEOUT bounds only a check that never answers: generous, for a busy machine.
    settings.FOUNDATION_HEALTH = {
        "CHECKS": ["ollama"],
        "TOKEN": TOKEN,
        "CACHE_SECONDS": 0,
        "TIMEOUT": 30,
    }
    return foundation_llm_fake_ollama


def ready(client: Client) -> tuple[int, dict[str, object]]:
    response = client.get("/ready/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return response.status_code, json.loads(response.content)


def test_ready_when_ollama_has_the_model(client: Client, ollama_only: FakeOllamaServer) -> None:
    status, body = ready(client)
    assert status == 200
    assert body["checks"]["ollama"]["status"] == "ok"  # type: ignore[index]
    assert body["checks"]["ollama"]["detail"] == {"models": 2}  # type: ignore[index]


def test_a_missing_model_is_a_warning_that_says_how_to_pull_it(
    client: Client, ollama_only: FakeOllamaServer
) -> None:
    ollama_only.remove_model("llama3.2")
    status, body = ready(client)
    assert status == 200
    assert body["status"] == "warn"
    assert (
        body["checks"]["ollama"]["error"] == "model llama3.2 is not pulled (ollama pull llama3.2)"
    )  # type: ignore[index]


def test_an_unreachable_ollama_is_reported_by_class_only(
    client: Client, ollama_only: FakeOllamaServer, settings: SettingsWrapper
) -> None:
    settings.FOUNDATION_HEALTH = {
        "CHECKS": ["ollama"],
        "TOKEN": TOKEN,
        "CACHE_SECONDS": 0,
        "TIMEOUT": 30,
        "CRITICAL": {"ollama": True},
    }
    ollama_only.fail("/api/tags", status=503, times=None)
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["ollama"]["error"] == "LLMUnavailable"  # type: ignore[index]
    assert ollama_only.url not in json.dumps(body)
