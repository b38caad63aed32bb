from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from foundation_settings import Env, logging_config
from foundation_settings import checks as checks_module

STRONG = "K3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"
SAFE = {
    "SECRET_KEY": STRONG,
    "DATABASES": {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "x",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    },
}


def ids(**overrides: object) -> set[str]:
    with override_settings(**{**SAFE, **overrides}):
        return {m.id for m in checks_module.check_production() if m.id}


def test_safe_configuration_has_no_finding() -> None:
    assert ids() == set()


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"CORS_ALLOW_ALL_ORIGINS": True}, "foundation_settings.W001"),
        (
            {
                "MIDDLEWARE": [
                    "django.middleware.common.CommonMiddleware",
                    "corsheaders.middleware.CorsMiddleware",
                ]
            },
            "foundation_settings.W009",
        ),
        ({"MIDDLEWARE": ["django.middleware.common.CommonMiddleware"]}, "foundation_settings.W002"),
        (
            {
                "CELERY_BROKER_URL": "redis://cache:6379/0",
                "CACHES": {
                    "default": {
                        "BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://cache:6379/0",
                    }
                },
            },
            "foundation_settings.W003",
        ),
        (
            {"DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}},
            "foundation_settings.W004",
        ),
        (
            {
                "DATABASES": {
                    "default": {
                        "ENGINE": "django.db.backends.postgresql",
                        "NAME": "x",
                        "CONN_MAX_AGE": 60,
                    }
                }
            },
            "foundation_settings.W005",
        ),
        ({"CSRF_TRUSTED_ORIGINS": ["http://app.example.com"]}, "foundation_settings.W006"),
        ({"SECRET_KEY": "foundation-dev-" + "x" * 60}, "foundation_settings.W007"),
        (
            {
                "INSTALLED_APPS": ["foundation_settings"],
                "CORS_ALLOWED_ORIGINS": ["https://a.example"],
            },
            "foundation_settings.W010",
        ),
        (
            {
                "LOGGING": {
                    "version": 1,
                    "handlers": {"console": {"class": "logging.StreamHandler"}},
                }
            },
            "foundation_settings.W008",
        ),
    ],
)
def test_each_unsafe_setting_has_its_id(overrides: dict[str, object], check_id: str) -> None:
    assert check_id in ids(**overrides)


def test_separate_redis_databases_and_local_http_origins_are_fine() -> None:
    assert not ids(
        CELERY_BROKER_URL="redis://cache:6379/1",
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://cache:6379/0",
            }
        },
        CORS_ALLOWED_ORIGINS=["http://localhost:5173"],
        LOGGING=logging_config(json=True),
    )


def test_unreported_problems_are_an_error(tmp_path: Path) -> None:
    env = Env(profile="prod", base_dir=tmp_path, environ={"DEBUG": "maybe"})
    env.bool("DEBUG")
    messages = checks_module.check_env_finished()
    assert [m.id for m in messages] == ["foundation_settings.E001"]
    assert "DEBUG" in messages[0].msg


def test_ids_are_unique_and_each_has_a_hint() -> None:
    source = Path(checks_module.__file__).read_text()
    found = re.findall(r'id="(foundation_settings\.[EW]\d{3})"', source)
    assert len(found) == len(set(found)) == 11
    assert source.count("hint=") == len(found)


def test_deploy_check_is_registered_and_fails_at_warning_level() -> None:
    with (
        override_settings(CORS_ALLOW_ALL_ORIGINS=True),
        pytest.raises(SystemCheckError, match=r"foundation_settings\.W001"),
    ):
        call_command("check", deploy=True, fail_level="WARNING")


def test_production_checks_run_only_with_deploy() -> None:
    with override_settings(CORS_ALLOW_ALL_ORIGINS=True):
        assert "foundation_settings.W001" not in {
            m.id for m in run_checks(include_deployment_checks=False)
        }
