"""Settings shared by the test and the Celery worker processes it starts (from the environment)."""

from __future__ import annotations

import os

from .settings import *  # noqa: F403

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["TEST_WORKER_DB"]}
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["TEST_WORKER_BROKER"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Short, so a message whose worker was killed is delivered again within the test.
# kombu restores unacknowledged messages on every Nth empty poll; here on each one, every second.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_throttle": 1,
    "unacked_restore_interval": 1,
}
FOUNDATION_LLM = {
    "default": {
        "HOST": os.environ["TEST_WORKER_OLLAMA"],
        "MODEL": "llama3.2",
        "TIMEOUT": 20,
        "CONNECT_TIMEOUT": 2,
    }
}
