from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from foundation_settings import content_security_policy, logging_config
from foundation_settings.checks import MESSAGES

CORS = "corsheaders.middleware.CorsMiddleware"
COMMON = "django.middleware.common.CommonMiddleware"
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")

SAFE: dict[str, Any] = {
    "MIDDLEWARE": [CORS, COMMON],
    "LOGGING": logging_config(json=True),
    "SECURE_CSP": content_security_policy(),
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": ["example.com"],
    "DATABASES": {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "x",
            "CONN_HEALTH_CHECKS": True,
        }
    },
}


def ids(deploy: bool = True, **overrides: Any) -> set[str]:
    with override_settings(**{**SAFE, **overrides}):
        messages = checks.run_checks(include_deployment_checks=deploy)
    return {m.id for m in messages if m.id and m.id.startswith("foundation_settings.")}


def test_a_safe_configuration_raises_none() -> None:
    assert ids() == set()


@pytest.mark.parametrize(
    ("number", "overrides", "deploy"),
    [
        (1, {"CORS_ALLOW_ALL_ORIGINS": True}, True),
        (2, {"CORS_ALLOW_ALL_ORIGINS": True, "CORS_ALLOW_CREDENTIALS": True}, False),
        (3, {"CORS_ALLOWED_ORIGINS": ["https://a.com"], "MIDDLEWARE": [COMMON, CORS]}, False),
        (3, {"CORS_ALLOWED_ORIGINS": ["https://a.com"], "MIDDLEWARE": [COMMON]}, False),
        (4, {"CSRF_TRUSTED_ORIGINS": ["http://a.com"]}, True),
        (
            5,
            {"DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}},
            True,
        ),
        (
            6,
            {
                "DATABASES": {
                    "default": {"ENGINE": "x", "CONN_MAX_AGE": 60, "OPTIONS": {"pool": True}}
                }
            },
            False,
        ),
        (6, {"DATABASES": {"default": {"ENGINE": "x", "OPTIONS": {"pool": "true"}}}}, False),
        (6, {"DATABASES": {"default": {"ENGINE": "x", "CONN_HEALTH_CHECKS": "false"}}}, False),
        (
            7,
            {
                "CELERY_BROKER_URL": "redis://127.0.0.1:6379",
                "CACHES": {
                    "default": {
                        "BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:6379/0",
                    }
                },
            },
            False,
        ),
        (8, {"SECURE_SSL_REDIRECT": True, "SECURE_PROXY_SSL_HEADER": None}, True),
        (9, {"SECRET_KEY": "dev-only-" + "a1" * 30}, True),
        (10, {"LOGGING": {}}, True),
        (11, {"ALLOWED_HOSTS": ["*"]}, True),
        (12, {"CORS_ALLOWED_ORIGINS": ["https://a.com"], "CSRF_COOKIE_HTTPONLY": True}, False),
        (13, {"SECURE_CSP": {}}, True),
    ],
)
def test_each_warning(number: int, overrides: dict[str, Any], deploy: bool) -> None:
    found = ids(deploy=deploy, **overrides)
    assert f"foundation_settings.W{number:03d}" in found


def test_deploy_only_warnings_stay_quiet_without_deploy() -> None:
    assert ids(deploy=False, CORS_ALLOW_ALL_ORIGINS=True, ALLOWED_HOSTS=["*"], LOGGING={}) == set()


def test_separate_redis_databases_do_not_warn() -> None:
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        }
    }
    assert ids(CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CACHES=caches) == set()


def test_every_id_has_a_message_and_a_hint_and_is_unique() -> None:
    assert sorted(MESSAGES) == list(range(1, len(MESSAGES) + 1))
    assert all(message and hint for message, hint in MESSAGES.values())
    assert len({message for message, _ in MESSAGES.values()}) == len(MESSAGES)


def test_check_command_fails_on_warnings_when_asked() -> None:
    with (
        override_settings(**{**SAFE, "ALLOWED_HOSTS": ["*"]}),
        pytest.raises(SystemCheckError, match="W011"),
    ):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
