"""Minimal settings for foundation_llm's tests."""

from __future__ import annotations

import os

SECRET_KEY = "tests-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "foundation_llm",
]
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
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
            "TEST": {"NAME": f"test_foundation_llm_{os.getpid()}", "CHARSET": "utf8mb4"},
        }
    }
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FOUNDATION_LLM = {
    "default": {
        "HOST": "http://127.0.0.1:9",
        "MODEL": "llama3.2",
        "TIMEOUT": 5,
        "CONNECT_TIMEOUT": 1,
        "RETRIES": 2,
    }
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
ROOT_URLCONF = "tests.urls"
