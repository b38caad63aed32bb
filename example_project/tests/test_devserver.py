"""`manage.py devserver` (what scripts/dev runs): the address and a way in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from demo.management.commands.devserver import DEV_USER, Command

PROJECT = Path(__file__).resolve().parent.parent


def greet(addrport: str = "127.0.0.1:8123") -> str:
    out = StringIO()
    Command(stdout=out).greet(addrport)
    return out.getvalue()


@pytest.mark.django_db
def test_first_run_creates_the_dev_user_and_prints_its_password_once(settings) -> None:
    settings.SETTINGS_MODULE = "config.settings.dev"
    first = greet()
    assert "http://127.0.0.1:8123/" in first
    password = re.search(r"with the password (\S+) \(shown once\)", first)
    assert password is not None
    user = get_user_model().objects.get(username=DEV_USER)
    assert user.is_superuser
    assert user.check_password(password.group(1))

    second = greet()
    assert password.group(1) not in second
    assert f"changepassword {DEV_USER}" in second


@pytest.mark.django_db
def test_no_dev_user_outside_the_development_profile(settings) -> None:
    settings.SETTINGS_MODULE = "config.settings.prod"
    with pytest.raises(CommandError, match="development profile only"):
        greet()
    assert not get_user_model().objects.filter(username=DEV_USER).exists()


@pytest.mark.parametrize(("run_main", "said"), [(None, True), ("true", False)])
def test_the_reloaded_child_does_not_repeat_the_startup_notice(
    run_main: str | None, said: bool, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RUN_MAIN"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_LEVEL": "INFO"}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    if run_main:
        env["RUN_MAIN"] = run_main
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert ("REDIS_URL is not set" in result.stdout + result.stderr) is said
