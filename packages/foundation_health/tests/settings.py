"""Settings for foundation_health's tests: real PostgreSQL on loopback, a unique test database."""

from __future__ import annotations

import os

SECRET_KEY = "tests-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "corsheaders",  # as on a site with a front end on another origin
    "foundation_health",
]
MIDDLEWARE = [
    "foundation_health.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.urls"
CORS_ALLOWED_ORIGINS = ["http://localhost:5173"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("TEST_PG_DATABASE", "test"),
        "USER": os.environ.get("TEST_PG_USER", "postgres"),
        "HOST": os.environ.get("TEST_PG_HOST", "127.0.0.1"),
        "PORT": os.environ.get("TEST_PG_PORT", "5432"),
        "OPTIONS": {"connect_timeout": 2},
        # Two tox envs run at once: each gets its own test database.
        "TEST": {"NAME": f"test_foundation_health_{os.getpid()}"},
    }
}
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
            "TEST": {"NAME": f"test_foundation_health_{os.getpid()}", "CHARSET": "utf8mb4"},
        }
    }
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FOUNDATION_HEALTH = {
    "CHECKS": [
        c for c in os.environ.get("TEST_HEALTH_CHECKS", "database,cache,migrations").split(",") if c
    ],
    "TOKEN": "a-long-test-token-0123456789",
    "TIMEOUT": 1.0,
    "CACHE_SECONDS": 1.0,
}
if os.environ.get("TEST_HEALTH_REDIS_URL"):
    FOUNDATION_HEALTH["REDIS_URL"] = os.environ["TEST_HEALTH_REDIS_URL"]
