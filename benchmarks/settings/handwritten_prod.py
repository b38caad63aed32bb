"""The example's production settings written by hand with plain os.environ (the benchmark's baseline).

Same values as example_project/config/settings/prod.py for the environment in run.py, with the casts
a careful hand would write and none of foundation_settings' validation or reporting.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import django

# `config.settings.prod` lives in the example's `config` package, whose __init__ loads the Celery app;
# import that package here too so that both variants load the same modules apart from the settings.
import config  # noqa: F401

BASE_DIR = Path(__file__).resolve().parents[2] / "example_project"
E = os.environ


def _bool(name: str, default: bool) -> bool:
    return E.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


DEBUG = _bool("DEBUG", False)
SECRET_KEY = E["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in E["ALLOWED_HOSTS"].split(",") if h.strip()]

INSTALLED_APPS = [
    "foundation_ui",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "django_cotton",
    "foundation_settings",
    "foundation_health",
    "foundation_llm",
    "demo",
]
MIDDLEWARE = [
    "foundation_health.middleware.HealthProbeMiddleware",
    "foundation_settings.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

_db = urlsplit(E["DATABASE_URL"])
DATABASES = {
    "default": {
        "NAME": _db.path.lstrip("/"),
        "USER": unquote(_db.username or ""),
        "PASSWORD": unquote(_db.password or ""),
        "HOST": _db.hostname or "",
        "PORT": _db.port or "",
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = E.get("REDIS_URL") or None
_r = urlsplit(REDIS_URL) if REDIS_URL else None
CACHES = (
    {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _r._replace(path="/2").geturl(),
            "KEY_PREFIX": "",
        }
    }
    if _r
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
CELERY_BROKER_URL = _r._replace(path="/0").geturl() if _r else "memory://"
CELERY_RESULT_BACKEND = _r._replace(path="/1").geturl() if _r else "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True

CORS_ORIGINS = [o.strip() for o in E.get("CORS_ORIGINS", "").split(",") if o.strip()]
CORS_ALLOWED_ORIGINS = CORS_ORIGINS
CORS_ALLOW_CREDENTIALS = True
CSRF_TRUSTED_ORIGINS = list(CORS_ORIGINS)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LOG_LEVEL = E.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "foundation_settings.logging.RequestContextFilter"},
        "mask_secrets": {"()": "foundation_settings.logging.SecretMaskFilter"},
    },
    "formatters": {
        "json": {"()": "foundation_settings.logging.JsonFormatter"},
        "console": {"()": "foundation_settings.logging.ConsoleFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _bool("LOG_JSON", not DEBUG) else "console",
            "filters": ["request_context", "mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"level": LOG_LEVEL, "propagate": True},
        "django.server": {"level": LOG_LEVEL, "propagate": True},
    },
}

FOUNDATION_HEALTH = {"TOKEN": E.get("HEALTH_TOKEN") or None}
FOUNDATION_LLM = {
    "default": {
        "HOST": E.get("OLLAMA_HOST", "http://127.0.0.1:11434"),
        "MODEL": E.get("OLLAMA_MODEL", "llama3.2"),
    }
}
FOUNDATION_UI: dict[str, object] = {}

SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
if _bool("BEHIND_TLS_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(E.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
assert django.VERSION >= (6, 0), "the baseline mirrors the Django 6 branch of prod.py"
