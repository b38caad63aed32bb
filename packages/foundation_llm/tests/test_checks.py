from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from foundation_llm.checks import check_settings


def ids(**alias: object) -> set[str]:
    with override_settings(FOUNDATION_LLM={"default": alias}):
        return {m.id for m in check_settings() if m.id}


def test_defaults_are_clean() -> None:
    assert ids(HOST="http://localhost:11434") == set()


@pytest.mark.parametrize(
    ("alias", "check_id"),
    [
        ({"HOST": "ftp://ollama"}, "foundation_llm.E001"),
        ({"HOST": "http://ollama:99999"}, "foundation_llm.E001"),
        ({"HOST": "http://0.0.0.0:11434"}, "foundation_llm.E002"),
        ({"MODEL": ""}, "foundation_llm.E003"),
        ({"MODEL": "llama 3"}, "foundation_llm.E003"),
        ({"TIMEOUT": 0}, "foundation_llm.E004"),
        ({"CONNECT_TIMEOUT": -1}, "foundation_llm.E004"),
        ({"TIMEOUT": 5, "CONNECT_TIMEOUT": 10}, "foundation_llm.E005"),
        ({"RETRIES": -1}, "foundation_llm.E006"),
        ({"HOST": "http://gpu.internal:11434", "API_KEY": "k"}, "foundation_llm.W001"),
    ],
)
def test_each_bad_setting_has_its_id(alias: dict[str, object], check_id: str) -> None:
    assert check_id in ids(**alias)


def test_a_local_http_host_may_carry_a_key() -> None:
    assert "foundation_llm.W001" not in ids(HOST="http://127.0.0.1:11434", API_KEY="k")


def test_task_time_limit_against_the_redis_visibility_timeout() -> None:
    with override_settings(
        CELERY_BROKER_URL="redis://localhost:6379/1",
        CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 100},
    ):
        assert "foundation_llm.W002" in ids(TIMEOUT=90)
        assert "foundation_llm.W002" not in ids(TIMEOUT=30)


@pytest.mark.django_db
def test_checks_are_registered() -> None:
    with (
        override_settings(FOUNDATION_LLM={"default": {"TIMEOUT": -5}}),
        pytest.raises(SystemCheckError, match=r"foundation_llm\.E004"),
    ):
        call_command("check")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", "http://localhost:11434"),
        ("http://example.com", "http://example.com:80"),
        ("https://example.com/ollama/", "https://example.com:443/ollama"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("[::1]", "http://[::1]:11434"),
    ],
)
def test_hosts_follow_ollamas_rules(host: str, expected: str) -> None:
    from foundation_llm.conf import normalise_host

    assert normalise_host(host) == expected


def test_a_key_from_the_environment_counts_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # The ollama client sends OLLAMA_API_KEY to whatever host it is given.
    monkeypatch.setenv("OLLAMA_API_KEY", "from-env")
    assert "foundation_llm.W001" in ids(HOST="http://gpu.internal:11434")
    assert "foundation_llm.W001" not in ids(HOST="https://gpu.internal")
    monkeypatch.delenv("OLLAMA_API_KEY")
    assert "foundation_llm.W001" not in ids(HOST="http://gpu.internal:11434")
