"""The example's production settings written by hand with plain os.environ: the baseline.

Same values as `config.settings.prod` for the environment `run.py` sets (run.py checks that the two
modules produce equal settings before it measures anything).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import django

# Every module under config/settings/ first imports the project package, which loads the Celery
# app (config/celery.py); the baseline does the same so that only the settings code differs.
import config  # noqa: F401

BASE_DIR = Path(__file__).resolve().parents[2] / "example_project"

DEBUG = os.environ.get("DEBUG", "false").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip().lower() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CORS_ALLOWED_ORIGINS = [
    o.strip().lower() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()
]
CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS

INSTALLED_APPS = [
    "foundation_ui",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "corsheaders",
    "django_cotton",
    "foundation_settings",
    "foundation_health",
    "foundation_llm",
    "accounts",
    "demo",
]
MIDDLEWARE = [
    "foundation_health.middleware.HealthProbeMiddleware",
    "foundation_health.metrics.MetricsMiddleware",
    "foundation_settings.logs.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# postgres://user:password@host:port/name, parsed by hand.
_db = os.environ["DATABASE_URL"]
_userinfo, _, _hostpart = _db.split("://", 1)[1].rpartition("@")
_user, _, _password = _userinfo.partition(":")
_hostport, _, _name = _hostpart.partition("/")
_host, _, _port = _hostport.partition(":")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _name,
        "USER": _user,
        "PASSWORD": _password,
        "HOST": _host,
        "PORT": _port,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis = os.environ["REDIS_URL"].rsplit("/", 1)[0]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis + "/0",
        "KEY_PREFIX": "example",
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
    }
}
CELERY_BROKER_URL = _redis + "/1"
CELERY_RESULT_BACKEND = _redis + "/2"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
FOUNDATION_LLM_JOBS = {"STREAM_REDIS_URL": CELERY_RESULT_BACKEND}
CELERY_BEAT_SCHEDULE = {
    "foundation-llm-sweep-jobs": {"task": "foundation_llm.sweep_jobs", "schedule": 30.0},
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
FOUNDATION_UI: dict[str, object] = {"STYLESHEET": "demo/site.css"}
FORM_RENDERER = "foundation_ui.forms.FormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
BEHIND_PROXY = os.environ.get("BEHIND_PROXY", "true").lower() in {"1", "true", "yes", "on"}
if BEHIND_PROXY:
    AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1")) - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LOGIN_URL = "foundation_ui:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
CSRF_FAILURE_VIEW = "foundation_ui.views.csrf_failure"

_level = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "foundation_settings.logs.ContextFilter"},
        "mask_secrets": {"()": "foundation_settings.logs.SecretMaskFilter"},
    },
    "formatters": {
        "json": {"()": "foundation_settings.logs.JsonFormatter"},
        "console": {"()": "foundation_settings.logs.ConsoleFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["context", "mask_secrets"],
        }
    },
    "root": {"level": _level, "handlers": ["console"]},
    "loggers": {
        "django": {"level": _level, "handlers": ["console"], "propagate": False},
        "django.server": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "celery": {"level": _level, "handlers": ["console"], "propagate": False},
        "axes": {"level": "ERROR"},
    },
}

FOUNDATION_HEALTH = {
    "TOKEN": os.environ.get("HEALTH_TOKEN", ""),
    "TIMEOUT": float(os.environ.get("HEALTH_TIMEOUT", "0.8")),
    "METRICS_NETWORKS": [
        network for network in os.environ.get("METRICS_NETWORKS", "").split(",") if network
    ],
}
FOUNDATION_LLM = {
    "default": {
        "HOST": os.environ.get("OLLAMA_HOST", "http://localhost:11434"),
        "MODEL": os.environ.get("OLLAMA_MODEL", "llama3.2"),
        "TIMEOUT": float(os.environ.get("OLLAMA_TIMEOUT", "120")),
    }
}

if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Secure-csrftoken"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
assert django.VERSION >= (6, 1), "the baseline is written for Django 6.1's MAILERS"
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "localhost",
            "port": 25,
            "username": "",
            "password": "",
            "use_tls": False,
            "use_ssl": False,
            "timeout": 10,
        },
    }
}
