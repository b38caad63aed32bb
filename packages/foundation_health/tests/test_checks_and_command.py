from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings

import foundation_health
from foundation_health import CheckFailed
from foundation_health.checks import check_settings

from .conftest import RedisServer


@pytest.mark.parametrize(
    ("value", "check_id"),
    [
        ({"TIMOUT": 1}, "foundation_health.E001"),
        ({"TIMEOUT": 0}, "foundation_health.E002"),
        ({"CACHE_SECONDS": -1}, "foundation_health.E002"),
        ({"TIMEOUTS": {"redis": -2}}, "foundation_health.E002"),
        ({"CHECKS": ["database", "elasticsearch"]}, "foundation_health.E003"),
        ({"CHECKS": ["redis"]}, "foundation_health.E004"),
        ({"DEADLINE": 0}, "foundation_health.E002"),
        ({"LIVENESS_PATHS": ["livez"]}, "foundation_health.E005"),
        ({"READINESS_PATHS": ["/"]}, "foundation_health.E005"),
        ({"TIMEOUTS": {"ollama": 2.0}}, "foundation_health.W003"),
        ({"PUBLIC_DETAILS": True}, "foundation_health.W001"),
        ({"TOKEN": "short"}, "foundation_health.W002"),
    ],
)
def test_each_bad_setting_has_its_id(value: dict[str, object], check_id: str) -> None:
    with override_settings(FOUNDATION_HEALTH=value):
        assert check_id in {m.id for m in check_settings()}


def test_the_default_settings_are_clean() -> None:
    with override_settings(FOUNDATION_HEALTH={}):
        assert check_settings() == []


def test_system_check_is_registered() -> None:
    with (
        override_settings(FOUNDATION_HEALTH={"TIMEOUT": -1}),
        pytest.raises(SystemCheckError, match=r"foundation_health\.E002"),
    ):
        call_command("check")


def test_ids_are_unique_per_meaning() -> None:
    source = Path(check_settings.__code__.co_filename).read_text()
    import re

    ids = re.findall(r'id="(foundation_health\.[EW]\d{3})"', source)
    assert sorted(set(ids)) == [f"foundation_health.E00{i}" for i in range(1, 6)] + [
        f"foundation_health.W00{i}" for i in range(1, 4)
    ]


def run_command(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **environ}
    return subprocess.run(
        [sys.executable, "-m", "django", "health", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_command_exits_0_when_ready_and_prints_a_table() -> None:
    result = run_command(TEST_HEALTH_CHECKS="cache")
    assert result.returncode == 0, result.stderr
    assert "cache:default" in result.stdout
    assert result.stdout.strip().endswith("status: ok")


def test_command_json_and_exit_1_when_a_dependency_hangs(redis_server: RedisServer) -> None:
    redis_server.pause()
    try:
        started = time.monotonic()
        result = run_command(
            "--json", TEST_HEALTH_CHECKS="cache,redis", TEST_HEALTH_REDIS_URL=redis_server.url
        )
        elapsed = time.monotonic() - started
    finally:
        redis_server.resume()
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["status"] == "fail"
    assert data["checks"]["redis"]["status"] == "fail"
    assert data["checks"]["cache:default"]["status"] == "ok"
    # redis-py's socket timeout (the check's own, 1 s) or the command's 2 s, whichever first
    assert data["checks"]["redis"]["error"] in {"TimeoutError", "timed out after 2 s"}
    assert elapsed < 30  # a cold process on a busy machine, not left waiting on the thread


def test_command_runs_in_process_through_call_command() -> None:
    out = io.StringIO()
    with override_settings(FOUNDATION_HEALTH={"CHECKS": ["cache"]}):
        call_command("health", "--json", stdout=out)
    assert json.loads(out.getvalue())["checks"]["cache:default"]["status"] == "ok"


def test_command_raises_command_error_with_status_1_when_not_ready(registered: list[str]) -> None:
    def down() -> object:
        raise CheckFailed("down")

    foundation_health.register("down", down)
    registered.append("down")
    with (
        override_settings(FOUNDATION_HEALTH={"CHECKS": ["down", "cache"]}),
        pytest.raises(CommandError, match="not ready") as raised,
    ):
        call_command("health", stdout=io.StringIO())
    assert raised.value.returncode == 1
