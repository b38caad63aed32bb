"""Minimal settings: only what foundation_settings needs, plus auth for the user-id tests."""

from __future__ import annotations

import os

from foundation_settings import logging_config

SECRET_KEY = "tests-only-not-a-secret-" + "k" * 40
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "corsheaders",
    "foundation_settings",
]
MIDDLEWARE = [
    "foundation_settings.logs.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tests.urls.FailingMiddleware",
]
ROOT_URLCONF = "tests.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# TEST_DATABASE=mariadb (tox's -mariadb envs): the MariaDB server on loopback instead, through
# PyMySQL standing in for mysqlclient (pure Python: no client headers to build for each Python).
if os.environ.get("TEST_DATABASE") == "mariadb":
    import pymysql

    pymysql.install_as_MySQLdb()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": "test",
            "HOST": os.environ.get("TEST_MARIADB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("TEST_MARIADB_PORT", "3306"),
            "USER": os.environ.get("TEST_MARIADB_USER", "root"),
            "OPTIONS": {"charset": "utf8mb4", "connect_timeout": 2},
            # Several tox envs run at once: each gets its own test database.
            "TEST": {"NAME": f"test_foundation_settings_{os.getpid()}", "CHARSET": "utf8mb4"},
        }
    }
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = logging_config(json=True)
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
