"""The example's settings profiles, each imported in a clean process with a chosen environment."""

from __future__ import annotations

import json
import secrets

import pytest

from .clean_process import run

STRONG_KEY = secrets.token_urlsafe(48)
DB_PASSWORD = "db-pw-" + secrets.token_hex(6)
REDIS_PASSWORD = "redis-pw-" + secrets.token_hex(6)
HEALTH_TOKEN = "health-token-" + secrets.token_hex(6)
PROD_ENV = {
    "SECRET_KEY": STRONG_KEY,
    "DATABASE_URL": f"postgres://app:{DB_PASSWORD}@127.0.0.1:5432/app",
    "ALLOWED_HOSTS": "testserver,localhost,example.com",
    "REDIS_URL": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0",
    "HEALTH_TOKEN": HEALTH_TOKEN,
    "CORS_ORIGINS": "https://app.example.com",
}
SECRETS = (STRONG_KEY, DB_PASSWORD, REDIS_PASSWORD, HEALTH_TOKEN)


def test_prod_with_an_empty_environment_names_every_missing_variable_at_once() -> None:
    result = run("config.settings.prod", {}, "check")
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-5:]
    assert error[0].startswith(
        "django.core.exceptions.ImproperlyConfigured: 4 setting problems in the prod profile"
    )
    assert {line.split(":")[0].strip(" -") for line in error[1:]} == {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
    }


def test_prod_refuses_debug() -> None:
    result = run("config.settings.prod", {**PROD_ENV, "DEBUG": "true"}, "check")
    assert result.returncode != 0
    assert "DEBUG: is true: production refuses DEBUG=true" in result.stderr
    assert result.stderr.count("production refuses DEBUG") == 1


def test_prod_refuses_a_development_or_short_key_without_printing_it() -> None:
    result = run("config.settings.prod", {**PROD_ENV, "SECRET_KEY": "too-short-key"}, "check")
    assert "SECRET_KEY: is too short (13 characters)" in result.stderr
    assert "too-short-key" not in result.stderr


def test_prod_with_a_full_environment_passes_check_deploy_with_no_issue() -> None:
    result = run("config.settings.prod", PROD_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_prod_sets_the_csp_header_right_after_the_security_middleware() -> None:
    # The base list grows (metrics came in ahead of it once): the CSP middleware follows
    # SecurityMiddleware by name, not by a position that silently drifts.
    result = run(
        "config.settings.prod",
        PROD_ENV,
        code="""
        from django.conf import settings
        middleware = settings.MIDDLEWARE
        security = middleware.index("django.middleware.security.SecurityMiddleware")
        print(middleware[security + 1])
        """,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "csp.middleware.CSPMiddleware",
    }


# The 404 page links the stylesheet, and production's manifest storage knows no file before
# collectstatic has run: the probes below stand the plain storage in for it.
PLAIN_STATIC = """
from django.test import override_settings
override_settings(STORAGES=dict(
    default=dict(BACKEND="django.core.files.storage.InMemoryStorage"),
    staticfiles=dict(BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage"),
)).enable()
"""

CORS_PROBE = (
    PLAIN_STATIC
    + """
from django.test import Client
client = Client()
for origin in ("{allowed}", "https://evil.example"):
    response = client.get("/no-such-page/", HTTP_ORIGIN=origin, HTTP_HOST="localhost", secure=True)
    print(origin, response.status_code, response.headers.get("Access-Control-Allow-Origin"))
"""
)


@pytest.mark.parametrize(
    ("module", "environ", "allowed"),
    [
        ("config.settings.dev", {}, "http://localhost:5173"),
        ("config.settings.prod", PROD_ENV, "https://app.example.com"),
    ],
)
def test_cors_allows_exactly_the_configured_origins(
    module: str, environ: dict[str, str], allowed: str
) -> None:
    result = run(module, environ, code=CORS_PROBE.format(allowed=allowed))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"{allowed} 404 {allowed}"
    assert lines[1] == "https://evil.example 404 None"


def test_prod_allows_no_origin_when_none_is_set() -> None:
    environ = {k: v for k, v in PROD_ENV.items() if k != "CORS_ORIGINS"}
    result = run(
        "config.settings.prod", environ, code=CORS_PROBE.format(allowed="http://localhost:5173")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[0] == "http://localhost:5173 404 None"


REQUEST_LOG = (
    PLAIN_STATIC
    + """
import logging
from django.test import Client
response = Client().get("/no-such-page/?token=query-secret", secure=True, HTTP_X_REQUEST_ID="req-42")
logging.getLogger("probe").warning("settings are %s", __import__("django.conf").conf.settings.DATABASES)
"""
)


def test_a_production_request_is_one_json_line_and_no_secret_is_logged() -> None:
    result = run(
        "config.settings.prod",
        {**PROD_ENV, "DATABASE_URL": PROD_ENV["DATABASE_URL"] + f"?password={DB_PASSWORD}"},
        code=REQUEST_LOG,
    )
    assert result.returncode == 0, result.stderr
    # Every log line is JSON; other stderr text (e.g. WhiteNoise's warning that collectstatic has
    # not run) is not a log line.
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert any(r["logger"] == "probe" for r in records)
    access = next(r for r in records if r["logger"] == "foundation_settings.request")
    assert set(access) >= {
        "timestamp",
        "level",
        "logger",
        "message",
        "request_id",
        "user_id",
        "action",
    }
    assert (access["request_id"], access["user_id"], access["action"]) == (
        "req-42",
        None,
        "GET /no-such-page/",
    )
    assert access["timestamp"].endswith("Z")
    for secret in (*SECRETS, "query-secret"):
        assert secret not in result.stderr


def test_settings_report_masks_every_secret() -> None:
    result = run("config.settings.prod", PROD_ENV, "settings_report", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {row["name"]: row for row in report["variables"]}
    assert rows["SECRET_KEY"]["value"] == "********"
    assert rows["DATABASE_URL"]["source"] == "environment"
    assert rows["LOG_LEVEL"]["source"] == "default"
    for secret in SECRETS:
        assert secret not in result.stdout
        assert secret not in result.stderr


def test_env_example_is_up_to_date() -> None:
    result = run(
        "config.settings.dev", {}, "env_example", "--module", "config.settings.prod", "--check"
    )
    assert result.returncode == 0, result.stdout + result.stderr
