"""Minimal settings for foundation_ui's tests: its account pages, the admin listed after it (whose
pages must keep their own look), and static files."""

from __future__ import annotations

import os

import django

SECRET_KEY = "tests-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "foundation_ui",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_cotton",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
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
            "TEST": {"NAME": f"test_foundation_ui_{os.getpid()}", "CHARSET": "utf8mb4"},
        }
    }
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_REDIRECT_URL = "/accounts/password_change/"

# Django 6.1 configures email through MAILERS (and warns without it); before it, EMAIL_BACKEND.
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
