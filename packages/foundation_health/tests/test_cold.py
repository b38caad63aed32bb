"""Fresh interpreters, real PostgreSQL and Redis: what a new gunicorn worker or a container's
health check meets."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RedisServer

PACKAGE = Path(__file__).resolve().parent.parent
CLIENTS = {"redis", "kombu", "celery"}


def fresh(
    args: list[str], redis_server: RedisServer, **environ: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.cold_settings",
        "TEST_COLD_REDIS_URL": redis_server.url,
        "CELERY_BROKER_URL": redis_server.url,
        **environ,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=PACKAGE, env=env, capture_output=True, text=True, timeout=120
    )


def test_concurrent_first_requests_in_fresh_processes_all_pass(redis_server: RedisServer) -> None:
    """Eight first /ready/ requests at once, in each of four new processes: no 503, no
    ImportError, and no client library imported on a check thread or at setup."""
    for _ in range(4):
        result = fresh(["-m", "tests.cold_process", "8"], redis_server)
        assert result.returncode == 0, result.stderr
        outcome = json.loads(result.stdout)
        assert not CLIENTS & set(outcome["after_setup"])
        assert not CLIENTS & set(outcome["after_urls_and_checks"])
        for module, thread in outcome["imported_on"].items():
            assert not thread.startswith("foundation-health"), (module, thread)
        assert len(outcome["answers"]) == 8
        for answer in outcome["answers"]:
            assert answer["status"] == 200, answer
            assert {c["status"] for c in answer["body"]["checks"].values()} == {"ok"}


def test_cold_command_passes_on_the_default_budget(
    redis_server: RedisServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh processes on the default budget: first with no bytecode at all, every module compiled
    from source; then as the Dockerfile's HEALTHCHECK runs it, reading the bytecode compiled at
    build time and writing none."""
    # Untraced: coverage.py, when it measures the suite's subprocesses, doubles this one's CPU.
    for name in [name for name in os.environ if name.startswith("COVERAGE_")]:
        monkeypatch.delenv(name)

    def health(dont_write_bytecode: str) -> subprocess.CompletedProcess[str]:
        return fresh(
            ["-m", "django", "health"],
            redis_server,
            TEST_COLD_DEFAULT_BUDGET="1",
            PYTHONDONTWRITEBYTECODE=dont_write_bytecode,
            PYTHONPYCACHEPREFIX=str(tmp_path),
        )

    # The cache starts empty; "" unsets PYTHONDONTWRITEBYTECODE (CI machines often set it).
    compiling = health("")
    assert compiling.returncode == 0, compiling.stdout + compiling.stderr
    assert compiling.stdout.strip().endswith("status: ok")
    cached = sorted(tmp_path.rglob("*.pyc"))
    assert cached  # the first run compiled and wrote what it imported

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = health("1")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("status: ok")
    assert sorted(tmp_path.rglob("*.pyc")) == cached  # read the cache, wrote nothing
    # CPU seconds, not wall time, which a busy machine stretches: about 1.2 s here; 4 s would
    # mean imports grew, or happen more than once, or the cache was not read.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 4, cpu


@pytest.mark.parametrize("module", ["foundation_health.urls", "foundation_health.checks"])
def test_importing_the_package_loads_no_client(module: str, redis_server: RedisServer) -> None:
    code = f"import django; django.setup(); import {module}, sys; print(sorted(sys.modules))"
    result = fresh(["-c", code], redis_server)
    assert result.returncode == 0, result.stderr
    loaded = {name.split(".")[0] for name in json.loads(result.stdout.replace("'", '"'))}
    assert not CLIENTS & loaded
