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


# A settings module converted one variable at a time: django-environ reads next to ours.
PARTLY_CONVERTED = """
from pathlib import Path

import environ

from foundation_settings import Env

BASE_DIR = Path(__file__).resolve().parent
legacy = environ.Env(DEBUG=(bool, False))
env = Env(base_dir=BASE_DIR)

DEBUG = legacy("DEBUG")
SECRET_KEY = legacy("SECRET_KEY")
ALLOWED_HOSTS = legacy.list("ALLOWED_HOSTS", default=["localhost"])
DATABASES = {"default": env.database()}
CACHES = {"default": legacy.cache("CACHE_URL", default="locmemcache://")}
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "foundation_settings"]
USE_TZ = True
env.finish()
"""


@pytest.fixture
def partly_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    package = tmp_path / "partly_site"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "prod.py").write_text(PARTLY_CONVERTED)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    return "partly_site.prod"


def test_env_example_lists_the_django_environ_reads_of_a_partly_converted_module(
    partly_converted: str,
) -> None:
    out = StringIO()
    call_command("env_example", "--module", partly_converted, "--output", "-", stdout=out)
    text = out.getvalue()
    for line in ("DEBUG=false\n", "SECRET_KEY=\n", "ALLOWED_HOSTS=localhost\n", "DATABASE_URL=\n"):
        assert line in text
    assert "CACHE_URL=locmemcache://\n" in text
    assert "(prod profile)" in text


def test_settings_report_runs_on_a_partly_converted_module(
    tmp_path: Path, partly_converted: str
) -> None:
    import os
    import subprocess

    environ = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
        "DJANGO_SETTINGS_MODULE": partly_converted,
        "SECRET_KEY": "legacy-" + "k" * 50,
        "DATABASE_URL": "postgres://app:partly-db-pw@db/app",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "settings_report", "--json"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["profile"] == "prod"
    assert [row["name"] for row in report["variables"]] == ["DATABASE_URL"]
    assert report["settings"]["SECRET_KEY"] == "********"
    assert "partly-db-pw" not in result.stdout and "k" * 50 not in result.stdout
