from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foundation_settings import Env


def test_settings_report_shows_sources_and_masks_secrets(tmp_path: Path) -> None:
    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={
            "DATABASE_URL": "postgres://app:report-db-pw@db/app",
            "API_TOKEN": "tok-report-123",
            "WORKERS": "4",
        },
    )
    env.database()
    env.str("API_TOKEN")
    env.int("WORKERS")
    env.int("TIMEOUT", default=30)
    out = StringIO()
    call_command("settings_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    rows = {row["name"]: row for row in report["variables"]}
    assert report["profile"] == "prod"
    assert rows["WORKERS"]["source"] == "environment" and rows["WORKERS"]["value"] == 4
    assert rows["TIMEOUT"]["source"] == "default"
    assert rows["API_TOKEN"]["value"] == "********"
    assert report["settings"]["SECRET_KEY"] == "********"
    text = out.getvalue()
    assert "report-db-pw" not in text and "tok-report-123" not in text
    table = StringIO()
    call_command("settings_report", stdout=table)
    assert "WORKERS" in table.getvalue() and "report-db-pw" not in table.getvalue()


@pytest.fixture
def settings_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    package = tmp_path / "envexample_site"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "prod.py").write_text(
        "from pathlib import Path\n"
        "from foundation_settings import Env\n"
        "env = Env(profile='prod', base_dir=Path(__file__).parent)\n"
        "SECRET_KEY = env.secret_key()\n"
        "DATABASES = {'default': env.database()}\n"
        "DEBUG = env.bool('DEBUG', default=False, help='never true in production')\n"
        "ALLOWED_HOSTS = env.list('ALLOWED_HOSTS', help='host names')\n"
        "env.finish()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    return "envexample_site.prod"


def test_env_example_lists_every_variable_without_values(
    tmp_path: Path, settings_module: str
) -> None:
    target = tmp_path / ".env.example"
    call_command(
        "env_example", "--module", settings_module, "--output", str(target), stdout=StringIO()
    )
    text = target.read_text()
    assert "# never true in production (bool, optional)\nDEBUG=false\n" in text
    assert "# at least 50 random characters (secret, required)\nSECRET_KEY=\n" in text
    assert "ALLOWED_HOSTS=\n" in text
    assert "DATABASE_URL=\n" in text
    call_command(
        "env_example",
        "--module",
        settings_module,
        "--output",
        str(target),
        "--check",
        stdout=StringIO(),
    )
    target.write_text(text.replace("DEBUG=false", "DEBUG=true"))
    with pytest.raises(CommandError, match="out of date"):
        call_command("env_example", "--module", settings_module, "--output", str(target), "--check")


def test_env_example_reports_a_broken_module() -> None:
    with pytest.raises(CommandError, match=r"Could not import no\.such\.module"):
        call_command("env_example", "--module", "no.such.module", "--output", "-")


def test_a_redis_password_inside_a_structured_value_is_masked(tmp_path: Path) -> None:

    env = Env(
        profile="prod",
        base_dir=tmp_path,
        environ={"REDIS_URL": "redis://:structured-pw-1@h:6379/0"},
    )
    env.redis()
    out = StringIO()
    call_command("settings_report", "--json", stdout=out)
    assert "structured-pw-1" not in out.getvalue()
    assert "redis://:********@h:6379/0" in out.getvalue()


def test_secret_key_in_dev_is_never_printed(tmp_path: Path) -> None:
    env = Env(profile="dev", base_dir=tmp_path, environ={})
    key = env.secret_key()
    out = StringIO()
    call_command("settings_report", stdout=out)
    assert key not in out.getvalue()
    assert "generated" in out.getvalue()
