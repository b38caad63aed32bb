"""Settings shared by every profile of the example site.

Every value that differs between machines comes from the environment (or a `.env` file beside
manage.py) through foundation_settings. The profile follows the settings module: `config.settings.dev`
(the default of manage.py), `config.settings.test`, `config.settings.prod`. `dev.py`, `test.py` and
`prod.py` end with `env.finish()`, which stops startup with one error naming every missing or invalid
variable. `manage.py settings_report` shows each value and where it came from; `manage.py env_example
--module config.settings.prod` writes `.env.example`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from foundation_settings import Env, logging_config, register_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Env(base_dir=BASE_DIR)

DEBUG = env.bool("DEBUG", default=False, dev=True, help="debug pages; never true in production")
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.hosts()

# CORS (django-cors-headers): exactly these origins; in development the Vite dev server.
CORS_ALLOWED_ORIGINS = env.origins()
CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS

INSTALLED_APPS = [
    # Listed before the admin on purpose: foundation_ui replaces none of the admin's templates, so
    # the order does not matter (tests/test_site.py checks the admin's pages keep their look).
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
    # Answers /health/ and /ready/ before the host check, so probes by pod IP work.
    "foundation_health.middleware.HealthProbeMiddleware",
    # Next: every line logged below carries the request id, and every response (a 500 as well)
    # returns it in X-Request-ID.
    "foundation_settings.logs.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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

# SQLite in BASE_DIR unless DATABASE_URL is set (required in production, which refuses SQLite
# unless ALLOW_SQLITE=true).
DATABASES = {
    "default": env.database(
        allow_sqlite=env.bool(
            "ALLOW_SQLITE",
            default=False,
            help="let production run on SQLite: one-host demos, tests",
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: database N is the cache, N+1 Celery's broker, N+2 its results, so that clearing the
# cache never drops queued tasks. Required in production; elsewhere, without it, a local-memory
# cache and tasks run in-process.
REDIS = env.redis()
CACHES = (
    REDIS.caches(key_prefix="example")
    if REDIS
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
# CELERY_BROKER_URL, when set, is the broker instead of REDIS_URL's (RabbitMQ: amqp://...).
BROKER = env.url(
    "CELERY_BROKER_URL",
    default=None,
    schemes=["redis", "rediss", "amqp", "amqps", "pyamqp"],
    help="Celery's broker if not REDIS_URL's, e.g. amqp://user:password@rabbitmq:5672//",
)
if BROKER is not None and BROKER.password:
    register_secret(BROKER.password)
# memory://localhost/, not memory://: with the bare form kombu warns "No hostname was supplied"
# when an in-process task first takes a connection.
IN_PROCESS_BROKER = "memory://localhost/"
CELERY_BROKER_URL = (
    BROKER.geturl() if BROKER is not None else REDIS.broker_url if REDIS else IN_PROCESS_BROKER
)
CELERY_RESULT_BACKEND = REDIS.result_url if REDIS else "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == IN_PROCESS_BROKER
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

# Uploaded files: MEDIA_ROOT unless STORAGE_URL names an S3-compatible bucket
# (s3://bucket/prefix?region=...&endpoint=..., credentials in AWS_ACCESS_KEY_ID/_SECRET_ACCESS_KEY).
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": env.storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The site's own user model from the first migration (Django's advice for every new project), and
# Django's four password validators: no password like the user's name, shorter than 10
# characters, among the 20,000 most common, or all digits.
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

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES (each new try restarts the
# clock); the right password before that resets the count. Locking by username alone would let
# anyone lock any user out; by address alone, everyone behind one NAT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int(
    "LOGIN_FAILURE_LIMIT", default=5, min=1, help="wrong passwords before a login is locked out"
)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int(
        "LOGIN_LOCKOUT_MINUTES", default=15, min=1, help="minutes a locked-out login waits"
    )
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# accounts.logins writes one line per failed login, with fields; axes' own lines say the same as
# text with the username and address starred out, so LOGGING below keeps only axes' errors.
AXES_VERBOSE = False

# The client's address, for axes and the failed-login log. Behind a proxy (production's default),
# REMOTE_ADDR is the proxy: the client is the X-Forwarded-For entry the last of the PROXY_COUNT
# proxies appended, counted from the right, as the entries to its left are whatever the client
# sent. Without a proxy, X-Forwarded-For is ignored: anyone can send one.
BEHIND_PROXY = env.bool(
    "BEHIND_PROXY",
    default=True,
    dev=False,
    help="a proxy in front sets X-Forwarded-For and X-Forwarded-Proto",
)
if BEHIND_PROXY:
    # django-ipware counts the proxies *between* the client's entry and the right end.
    AXES_IPWARE_PROXY_COUNT = (
        env.int(
            "PROXY_COUNT",
            default=1,
            min=1,
            help="proxies in front of the site that each append to X-Forwarded-For",
        )
        - 1
    )
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # Not an exact chain length: a client that sends its own X-Forwarded-For would otherwise have
    # the whole header ignored and its tries counted against the proxy's address.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LOGIN_URL = "foundation_ui:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# One JSON object per line in production; a readable line in development. Secrets masked in both.
LOGGING = logging_config(
    json=env.bool("LOG_JSON", default=True, dev=False, help="JSON log lines"),
    level=env.log_level("LOG_LEVEL", default="INFO"),
    loggers={"axes": {"level": "ERROR"}},
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
        ).geturl(),
        "MODEL": env.str("OLLAMA_MODEL", default="llama3.2", help="model the site asks"),
        "TIMEOUT": env.float(
            "OLLAMA_TIMEOUT", default=120.0, min=1, help="seconds for one whole call"
        ),
    }
}
