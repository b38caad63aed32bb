from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from foundation_settings import Env

SECRET = "Zq8$9w!x" * 8


@pytest.fixture
def env(tmp_path: Path) -> Env:
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n", encoding="utf-8")
    env = Env(
        base_dir=tmp_path,
        profile="prod",
        environ={
            "SECRET_KEY": SECRET,
            "DATABASE_URL": "postgres://app:Db-Pa55w0rd@db/app",
            "REDIS_URL": "redis://:Redis-Pa55@cache:6379/0",
            "ALLOWED_HOSTS": "example.com",
            "HEALTH_TOKEN": "health-token-value",
        },
    )
    env.secret_key()
    env.database()
    env.redis_url()
    env.hosts()
    env.origins()
    env.str("LOG_LEVEL", "INFO")
    env.secret("HEALTH_TOKEN", "")
    env.int("HSTS", 60, help="seconds")
    env.seal()
    return env


def test_settings_report_shows_sources_and_masks_secrets(env: Env) -> None:
    out = io.StringIO()
    call_command("settings_report", stdout=out)
    text = out.getvalue()
    for secret in (SECRET, "Db-Pa55w0rd", "Redis-Pa55", "health-token-value"):
        assert secret not in text
    lines = {line.split()[0]: line for line in text.splitlines()[1:]}
    assert lines["LOG_LEVEL"].endswith("[.env line 1]")
    assert lines["SECRET_KEY"].endswith("[environment]")
    assert "********" in lines["SECRET_KEY"]
    assert "postgres://app:********@db/app" in lines["DATABASE_URL"]
    assert lines["HSTS"].endswith("[default]")


def test_settings_report_json(env: Env) -> None:
    out = io.StringIO()
    call_command("settings_report", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["profile"] == "prod"
    assert {row["name"] for row in data["variables"]} >= {
        "SECRET_KEY",
        "DATABASE_URL",
        "HEALTH_TOKEN",
    }
    assert "health-token-value" not in out.getvalue()


def test_env_example_lists_every_declared_variable_without_values(env: Env, tmp_path: Path) -> None:
    target = tmp_path / "out.env.example"
    call_command("env_example", "--output", str(target), stdout=io.StringIO())
    text = target.read_text(encoding="utf-8")
    assert "\nSECRET_KEY=\n" in text
    assert "\nDATABASE_URL=\n" in text
    assert "\nALLOWED_HOSTS=\n" in text
    assert "# LOG_LEVEL=INFO" in text
    assert "# HSTS=60" in text
    assert "# HEALTH_TOKEN=\n" in text
    assert "required in production" in text
    for secret in (SECRET, "Db-Pa55w0rd", "health-token-value", "DEBUG"):
        assert secret not in text


def test_settings_report_all_masks_every_secret_setting(env: Env) -> None:
    from django.test import override_settings

    out = io.StringIO()
    caches = {"default": {"BACKEND": "x", "LOCATION": "redis://:Redis-Pa55@cache:6379/2"}}
    with override_settings(
        CELERY_BROKER_URL="redis://:Redis-Pa55@cache:6379/0", SECRET_KEY=SECRET, CACHES=caches
    ):
        call_command("settings_report", "--all", stdout=out)
    text = out.getvalue()
    assert "CELERY_BROKER_URL = redis://:********@cache:6379/0" in text
    assert SECRET not in text
    assert "Redis-Pa55" not in text
    assert "INSTALLED_APPS = " in text
