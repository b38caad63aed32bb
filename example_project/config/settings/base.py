"""Settings shared by every environment of the example site.

Values come from the environment, then an optional `.env` file next to manage.py, then the defaults
of the profile (dev, test or prod: the last part of DJANGO_SETTINGS_MODULE). Every problem is
reported at once by `env.seal()` at the end of dev.py / prod.py.
"""

from __future__ import annotations

from pathlib import Path

from foundation_settings import Env, cache_settings, logging_config, redis_db_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Env(base_dir=BASE_DIR)

DEBUG = env.bool("DEBUG", False, dev=True)
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.hosts()

INSTALLED_APPS = [
    # foundation_ui first: its registration/*.html templates win over the admin's.
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
    # Answers /health/ and /ready/ before ALLOWED_HOSTS is consulted (probes by pod IP).
    "foundation_health.middleware.HealthProbeMiddleware",
    # Request id, user id and action for every log line; X-Request-ID on every response.
    "foundation_settings.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # above CommonMiddleware
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# SQLite file in BASE_DIR by default in development; required in production.
DATABASES = {"default": env.database("DATABASE_URL")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One Redis URL: broker on its database, results on the next, cache on the one after
# (so cache.clear() never wipes queued tasks).
REDIS_URL = env.redis_url("REDIS_URL")
CACHES = cache_settings(REDIS_URL)
CELERY_BROKER_URL = redis_db_url(REDIS_URL, 0) if REDIS_URL else "memory://"
CELERY_RESULT_BACKEND = redis_db_url(REDIS_URL, 1) if REDIS_URL else "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
if REDIS_URL is None:
    env.note(
        "REDIS_URL is not set: Celery tasks run in-process (eager) and the cache is local memory."
    )

# CORS (django-cors-headers) and CSRF follow one list of origins: in development the Vite dev
# server (http://localhost:5173, http://127.0.0.1:5173); in production none unless listed.
CORS_ORIGINS = env.origins("CORS_ORIGINS")
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

LOG_LEVEL = env.str("LOG_LEVEL", "INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
LOGGING = logging_config(json=env.bool("LOG_JSON", not DEBUG), level=LOG_LEVEL)

# --- FOUNDATION_HEALTH ----------------------------------------------------------------------
FOUNDATION_HEALTH = {
    # Bearer token that unlocks error text and timings on /ready/ (optional).
    "TOKEN": env.secret("HEALTH_TOKEN", "") or None,
}

# --- FOUNDATION_LLM -------------------------------------------------------------------------
FOUNDATION_LLM = {
    "default": {
        "HOST": env.url("OLLAMA_HOST", "http://127.0.0.1:11434"),
        "MODEL": env.str("OLLAMA_MODEL", "llama3.2"),
    }
}

# --- FOUNDATION_UI --------------------------------------------------------------------------
FOUNDATION_UI: dict[str, object] = {}
