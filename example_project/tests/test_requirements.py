"""example_project/requirements*.txt are uv.lock exported: a check fails when they drift."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = Path("scripts", "export_requirements.py")


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / SCRIPT), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_committed_requirements_match_the_lock_file() -> None:
    result = check(ROOT)
    assert result.returncode == 0, result.stderr


def test_the_site_requirements_pin_what_the_site_imports() -> None:
    lines = (ROOT / "example_project" / "requirements.txt").read_text().splitlines()
    names = {line.split("==")[0] for line in lines if "==" in line}
    assert {"django", "celery", "gunicorn", "whitenoise", "psycopg", "ollama"} <= names
    assert "pytest" not in names and "mypy" not in names  # development tools stay out
    dev = (ROOT / "example_project" / "requirements-dev.txt").read_text()
    assert "-e ./packages/foundation_llm" in dev and "\npytest==" in dev


def test_a_drifted_pin_fails_the_check_and_says_how_to_fix_it(tmp_path: Path) -> None:
    # A copy of just what `uv export --frozen` reads: the lock and the workspace's pyproject files.
    for relative in [
        Path("pyproject.toml"),
        Path("uv.lock"),
        SCRIPT,
        Path("example_project", "pyproject.toml"),
        Path("example_project", "requirements-dev.txt"),
        *(p.relative_to(ROOT) for p in ROOT.glob("packages/*/pyproject.toml")),
    ]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    (tmp_path / ".tools" / "bin").mkdir(parents=True)
    uv = ROOT / ".tools" / "bin" / "uv"
    if uv.exists():
        (tmp_path / ".tools" / "bin" / "uv").symlink_to(uv)
    site = (ROOT / "example_project" / "requirements.txt").read_text()
    django_pin = next(line for line in site.splitlines() if line.startswith("django=="))
    (tmp_path / "example_project" / "requirements.txt").write_text(
        site.replace(django_pin, django_pin.replace("==", "==0.0.1."), 1)
    )
    result = check(tmp_path)
    assert result.returncode == 1
    assert "out of date with uv.lock: example_project/requirements.txt;" in result.stderr
    assert "requirements-dev.txt" not in result.stderr.splitlines()[-1]
    assert f"+{django_pin}" in result.stderr  # the diff shows the pin uv.lock has
