"""Settings shared by the test and the Celery worker processes it starts (from the environment)."""

from __future__ import annotations

import os

from .settings import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["TEST_WORKER_DB"],
        # Two worker processes and their lease renewals write to one file: wait for the lock.
        "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
    }
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["TEST_WORKER_BROKER"]
# Each test has a queue of its own, so that tests sharing a broker never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_WORKER_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# As a site should set them: a submit gives up on a hung broker within seconds, not minutes. Redis'
# visibility timeout stays at its usual hour, so nothing but the sweeper brings a dead worker's jobs back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
FOUNDATION_LLM = {
    "default": {
        "HOST": os.environ["TEST_WORKER_OLLAMA"],
        "MODEL": "llama3.2",
        "TIMEOUT": 20,
        "CONNECT_TIMEOUT": 2,
    }
}
# A short lease, and queued jobs sent again after 30 s (a message a killed worker had fetched but not
# started is otherwise back only after Redis' visibility timeout).
FOUNDATION_LLM_JOBS = {
    "LEASE": 6,
    "REQUEUE_AFTER": 30,
    "STREAM_REDIS_URL": os.environ.get("TEST_WORKER_STREAM") or None,
}
# Results in the same Redis, as a site commonly keeps them (Celery's default backend is none).
CELERY_RESULT_BACKEND = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
