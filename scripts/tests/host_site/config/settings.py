"""The host site's settings: django-environ throughout, as the project template writes them, with
Foundation's four packages added the way their READMEs say (each addition marked `foundation-<x>:`)."""

from __future__ import annotations

from pathlib import Path

import environ

from foundation_settings import Env  # foundation-settings: adopted one variable at a time

BASE_DIR = Path(__file__).resolve().parent.parent
legacy = environ.Env()  # the template's reader, unchanged
env = Env(base_dir=BASE_DIR)  # foundation-settings: ours beside it

DEBUG = legacy.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.secret_key()  # foundation-settings: converted
ALLOWED_HOSTS = legacy.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
# foundation-settings: converted. The fixture runs on an SQLite file, which production refuses
# unless asked: the site under test is about the packages, not its database server.
DATABASES = {"default": env.database(allow_sqlite=True)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "django_celery_beat",
    "pages",
    "foundation_settings",  # foundation-settings
    "foundation_health",  # foundation-health
    "foundation_llm",  # foundation-llm
    "foundation_ui",  # foundation-ui
    "django_cotton",  # foundation-ui
]
SITE_ID = 1

MIDDLEWARE = [
    "foundation_health.middleware.HealthProbeMiddleware",  # foundation-health: first
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the layout's Bootstrap, copied there from npm

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": legacy("REDIS_URL"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "IGNORE_EXCEPTIONS": True},
    }
}
CELERY_BROKER_URL = legacy("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# foundation-llm: the README's settings, with HOST from the environment.
FOUNDATION_LLM = {
    "default": {"HOST": legacy("OLLAMA_HOST"), "MODEL": "llama3.2", "TIMEOUT": 120},
}

ADMINS = [("Admin", "admin@example.com")]
SERVER_EMAIL = "site@example.com"
EMAIL_BACKEND = legacy(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)

# The template's production LOGGING: errors of django.request are mailed to the admins.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "verbose": {"format": "%(levelname)s %(asctime)s %(name)s %(process)d %(message)s"},
    },
    "handlers": {
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
        "console": {"level": "DEBUG", "class": "logging.StreamHandler", "formatter": "verbose"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
        "django.security.DisallowedHost": {
            "level": "ERROR",
            "handlers": ["console", "mail_admins"],
            "propagate": True,
        },
    },
}

env.finish()  # foundation-settings: every missing or invalid variable at once
