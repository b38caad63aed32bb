"""Settings shared by every profile of the example site.

Every value that differs between machines comes from the environment (or a `.env` file beside
manage.py) through foundation_settings. The profile follows the settings module: `config.settings.dev`
(the default of manage.py), `config.settings.test`, `config.settings.prod`. `dev.py`, `test.py` and
`prod.py` end with `env.finish()`, which stops startup with one error naming every missing or invalid
variable. `manage.py settings_report` shows each value and where it came from; `manage.py env_example
--module config.settings.prod` writes `.env.example`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from foundation_settings import (
    Env,
    database,
    hosts,
    locmem_caches,
    logging_config,
    origins,
    redis,
    register_secret,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Env(base_dir=BASE_DIR)

DEBUG = env.bool("DEBUG", default=False, dev=True, help="debug pages; never true in production")
SECRET_KEY = secret_key(env)
ALLOWED_HOSTS = hosts(env)

# CORS (django-cors-headers): exactly these origins; in development the Vite dev server.
CORS_ALLOWED_ORIGINS = origins(env)
CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS

INSTALLED_APPS = [
    # foundation_ui before django.contrib.admin: its styled registration/*.html templates win.
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
    # Answers /health/ and /ready/ before the host check, so probes by pod IP work.
    "foundation_health.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foundation_settings.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own overrides first: templates/foundation_ui/base.html adds the site's links.
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

# SQLite in BASE_DIR unless DATABASE_URL is set (required in production).
DATABASES = {"default": database(env)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: database N is the cache, N+1 Celery's broker, N+2 its results, so that clearing the
# cache never drops queued tasks. Without it: local-memory cache and tasks run in-process.
REDIS = redis(env)
CACHES = REDIS.caches(key_prefix="example") if REDIS else locmem_caches()
# CELERY_BROKER_URL, when set, is the broker instead of REDIS_URL's (RabbitMQ: amqp://...).
BROKER_URL = env.url(
    "CELERY_BROKER_URL",
    default="",
    schemes=["redis", "rediss", "amqp", "amqps", "pyamqp"],
    help="Celery's broker if not REDIS_URL's, e.g. amqp://user:password@rabbitmq:5672//",
)
if BROKER_URL and urlsplit(BROKER_URL).password:
    register_secret(str(urlsplit(BROKER_URL).password))
CELERY_BROKER_URL = BROKER_URL or (REDIS.broker_url if REDIS else "memory://")
CELERY_RESULT_BACKEND = REDIS.result_url if REDIS else "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A hung broker costs a submit seconds, not minutes: each publish try is bounded by these, and a job
# that cannot be queued fails at once (foundation-llm's README, "No job is lost or stuck").
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
# Streamed answers: each job's chunks in a Redis stream beside the task results (in process memory
# without Redis, where tasks run in-process anyway).
FOUNDATION_LLM_JOBS = {"STREAM_REDIS_URL": REDIS.result_url if REDIS else None}
# Jobs whose worker died are queued again by this sweep (and by each worker as it starts).
CELERY_BEAT_SCHEDULE = {
    "foundation-llm-sweep-jobs": {"task": "foundation_llm.sweep_jobs", "schedule": 30.0},
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# foundation-ui: the stylesheet built for this site by `manage.py foundation_ui_css -o
# demo/static/demo/site.css` (it covers the components and every class our templates use), and
# Django forms rendered with foundation-ui's field markup wherever {{ form }} is used.
FOUNDATION_UI: dict[str, object] = {"STYLESHEET": "demo/site.css"}
FORM_RENDERER = "foundation_ui.forms.FormRenderer"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# One JSON object per line in production; a readable line in development. Secrets masked in both.
LOGGING = logging_config(
    json=env.bool("LOG_JSON", default=True, dev=False, help="JSON log lines"),
    level=env.str("LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]),
)

# The three packages' own settings (see each package's README).
FOUNDATION_HEALTH: dict[str, object] = {
    "TOKEN": env.secret(
        "HEALTH_TOKEN", default="", help="bearer token that unlocks /ready/ details"
    ),
    "TIMEOUT": env.float(
        "HEALTH_TIMEOUT", default=0.8, min=0.05, help="seconds each readiness check may take"
    ),
}
FOUNDATION_LLM: dict[str, dict[str, object]] = {
    "default": {
        "HOST": env.url(
            "OLLAMA_HOST",
            default="http://localhost:11434",
            schemes=["http", "https"],
            help="Ollama's address",
        ),
        "MODEL": env.str("OLLAMA_MODEL", default="llama3.2", help="model the site asks"),
        "TIMEOUT": env.float(
            "OLLAMA_TIMEOUT", default=120.0, min=1, help="seconds for one whole call"
        ),
    }
}
