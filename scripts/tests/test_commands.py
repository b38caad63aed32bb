"""The README's two commands: their arguments, and scripts/test's check of what it needs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent
ROOT = SCRIPTS.parent


def dev(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPTS / "dev"), *args], capture_output=True, text=True, timeout=60
    )


def test_dev_help_says_how_to_use_it_and_starts_nothing() -> None:
    result = dev("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: scripts/dev [--port PORT]")
    for variable in ("OLLAMA_HOST", "REDIS_URL", "DATABASE_URL", "changepassword dev"):
        assert variable in result.stdout
    assert "Installing" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port"], "--port needs a value"),
        (["--port", "80a"], "the port must be a number, not '80a'"),
        (["--serve"], "unknown argument '--serve' (see scripts/dev --help)"),
    ],
)
def test_dev_refuses_bad_arguments_in_one_line(args: list[str], says: str) -> None:
    result = dev(*args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"scripts/dev: {says}"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_on_a_bare_machine(tmp_path: Path, **variables: str) -> list[str]:
    """The lines check_test_requirements prints with the shell's basic tools only on PATH (no
    interpreter, redis-server, wrk, valgrind, chromium, npm or apt-get: nothing is installed, even
    as root) and nothing answering on the database ports."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sed", "sort", "tr", "cat"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    script = f'ROOT="{tmp_path}"; source "{SCRIPTS / "_requirements.sh"}"; check_test_requirements'
    env = {"PATH": str(bin_dir), "TEST_MARIADB_PORT": str(closed_port()), **variables}
    result = subprocess.run(
        [str(bin_dir / "bash"), "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith("scripts/test: ") for line in lines)
    return lines


def first_words(lines: list[str]) -> list[str]:
    return [line.split(":", 2)[1].split()[0] for line in lines]


def test_missing_requirements_stop_the_run_with_one_line_each(tmp_path: Path) -> None:
    pg_port = str(closed_port())
    lines = missing_on_a_bare_machine(
        tmp_path, TEST_PG_PORT=pg_port, TOX_ENVS="py311-ui-django52,py313-ui-django61"
    )
    assert first_words(lines) == [
        "python3.11",
        "python3.13",
        "redis-server",
        "PostgreSQL",
        "MariaDB",
        "wrk",
        "valgrind",
        "chromium",
        "npm",
    ]
    assert f"127.0.0.1:{pg_port}" in lines[3]


@pytest.mark.parametrize(
    ("envs", "expected"),
    [
        ("py313-ui-django61", ["python3.13", "redis-server", "PostgreSQL"]),
        ("py312-ui-django52-mariadb", ["python3.12", "redis-server", "PostgreSQL", "MariaDB"]),
    ],
)
def test_the_quick_run_needs_no_browser_benchmark_tool_or_mariadb(
    tmp_path: Path, envs: str, expected: list[str]
) -> None:
    lines = missing_on_a_bare_machine(
        tmp_path, TEST_PG_PORT=str(closed_port()), TOX_ENVS=envs, FOUNDATION_TEST_QUICK="1"
    )
    assert first_words(lines) == expected


def test_test_help_says_how_to_use_it_and_runs_nothing() -> None:
    result = subprocess.run(
        ["bash", str(SCRIPTS / "test"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: scripts/test [--quick] [--help]")
    assert "py313-*-django61" in result.stdout and "TOX_ENVS" in result.stdout
    assert "==>" not in result.stdout + result.stderr
    refused = subprocess.run(
        ["bash", str(SCRIPTS / "test"), "--fast"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "scripts/test: unknown argument '--fast' (see scripts/test --help)"
    ]


def test_nothing_missing_passes_quietly() -> None:
    needed = ["redis-server", "chromium", "python3.13", "wrk", "valgrind"]
    if any(shutil.which(tool) is None for tool in needed):
        pytest.skip("this machine lacks part of what scripts/test needs")
    script = (
        f'ROOT="{SCRIPTS.parent}"; source "{SCRIPTS / "_requirements.sh"}"; check_test_requirements'
    )
    env = {**os.environ, "TOX_ENVS": "py313-ui-django61"}
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    if "PostgreSQL" in result.stderr or "MariaDB" in result.stderr:
        pytest.skip("no PostgreSQL or MariaDB on this machine")
    assert (result.returncode, result.stderr) == (0, "")


def test_the_benchmark_smoke_step_runs_every_benchmark() -> None:
    # A benchmark left out of scripts/bench_smoke.sh rots unseen (two did).
    smoke = (ROOT / "scripts" / "bench_smoke.sh").read_text()
    benchmarks = sorted(
        path.parent.name
        for path in (ROOT / "benchmarks").glob("*/run.*")
        if path.suffix in {".py", ".sh"}
    )
    assert benchmarks
    assert [name for name in benchmarks if f"benchmarks/{name}/run." not in smoke] == []
