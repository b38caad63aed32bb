"""A production settings module built the documented way: it fails with one error naming every
problem, refuses DEBUG=true, and passes `check --deploy --fail-level WARNING` with a full environment."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SETTINGS = """
from pathlib import Path

import django

from foundation_settings import Env, cache_settings, content_security_policy, logging_config, redis_db_url

BASE_DIR = Path(__file__).resolve().parent
env = Env(base_dir=BASE_DIR, profile="prod")
DEBUG = env.bool("DEBUG", False, dev=True)
env.check(not DEBUG, "DEBUG", "DEBUG=true is refused in production")
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.hosts()
DATABASES = {"default": env.database()}
REDIS_URL = env.redis_url()
CACHES = cache_settings(REDIS_URL)
CELERY_BROKER_URL = redis_db_url(REDIS_URL, 0) if REDIS_URL else "memory://"
CORS_ALLOWED_ORIGINS = env.origins()
CSRF_TRUSTED_ORIGINS = list(CORS_ALLOWED_ORIGINS)
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "corsheaders", "foundation_settings"]
MIDDLEWARE = [
    "foundation_settings.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "prodsite_urls"
LOGGING = logging_config(json=True)
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
if django.VERSION >= (6, 0):
    SECURE_CSP = content_security_policy()
    MIDDLEWARE.append("django.middleware.csp.ContentSecurityPolicyMiddleware")
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": content_security_policy()}
    MIDDLEWARE.append("csp.middleware.CSPMiddleware")
USE_TZ = True
env.seal()
"""

FULL = {
    "SECRET_KEY": "$" + "pQ7!x-Zr" * 8,
    "DATABASE_URL": "postgres://app:Db-Pa55w0rd@127.0.0.1:5432/app?conn_max_age=60",
    "ALLOWED_HOSTS": "example.com, www.example.com",
    "CORS_ORIGINS": "https://app.example.com",
    "REDIS_URL": "redis://:Redis-Pa55w0rd@127.0.0.1:6379/0",
}


def run(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "prodsite_settings.py").write_text(textwrap.dedent(SETTINGS), encoding="utf-8")
    (tmp_path / "prodsite_urls.py").write_text("urlpatterns = []\n", encoding="utf-8")
    base = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "SYSTEMROOT", "VIRTUAL_ENV")
    }
    env = {
        **base,
        **environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "prodsite_settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_empty_environment_stops_with_one_error_naming_every_variable(tmp_path: Path) -> None:
    result = run(tmp_path, "check")
    assert result.returncode != 0
    assert "3 settings problems (profile: prod):" in result.stderr
    for name in ("SECRET_KEY is missing", "ALLOWED_HOSTS is missing", "DATABASE_URL is missing"):
        assert name in result.stderr


def test_debug_true_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "check", **FULL, DEBUG="true")
    assert result.returncode != 0
    assert "1 settings problem (profile: prod):" in result.stderr
    assert "DEBUG=true is refused in production" in result.stderr


def test_full_environment_passes_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **FULL)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    for secret in ("Db-Pa55w0rd", "Redis-Pa55w0rd", FULL["SECRET_KEY"]):
        assert secret not in result.stdout + result.stderr


def test_settings_report_in_production_shows_no_secret(tmp_path: Path) -> None:
    result = run(tmp_path, "settings_report", **FULL)
    assert result.returncode == 0, result.stderr
    assert "DATABASE_URL" in result.stdout
    assert "[environment]" in result.stdout
    for secret in ("Db-Pa55w0rd", "Redis-Pa55w0rd", FULL["SECRET_KEY"]):
        assert secret not in result.stdout + result.stderr


@pytest.mark.parametrize("bad", ["postgress://u:pw@h/db", "postgres://u:Sup3rS3cret?x@h/db"])
def test_bad_database_url_is_named_without_its_password(tmp_path: Path, bad: str) -> None:
    result = run(tmp_path, "check", **{**FULL, "DATABASE_URL": bad})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Sup3rS3cret" not in result.stderr
