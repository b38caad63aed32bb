"""`manage.py devserver` (what scripts/dev runs): the address and a way in."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from demo.management.commands.devserver import DEV_USER, Command


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
