"""Settings for the fresh-process tests: the checks that load heavy clients, against real servers.

The Redis cache, the ``redis`` check and Celery's broker (kombu's Redis transport) all load
redis-py: the case where checks used to import it from several threads at once.
"""

from __future__ import annotations

import os

from .settings import *  # noqa: F403
from .settings import DATABASES

# A database that is always there, not the test run's: PostgreSQL's "postgres"; on MariaDB the
# settings' own NAME, "test".
_server = DATABASES["default"]
DATABASES = {
    "default": {
        **_server,
        "NAME": "postgres" if "postgresql" in _server["ENGINE"] else _server["NAME"],
    }
}
REDIS_URL = os.environ["TEST_COLD_REDIS_URL"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}
CELERY_BROKER_URL = REDIS_URL  # read by Celery's default app from the environment too
FOUNDATION_HEALTH: dict[str, object] = {
    "CHECKS": ["database", "cache", "redis", "celery_broker"],
    "TOKEN": "a-long-test-token-0123456789",
}
if not os.environ.get("TEST_COLD_DEFAULT_BUDGET"):
    # Where imports happen is under test, not speed: generous for a busy machine.
    FOUNDATION_HEALTH.update({"TIMEOUT": 5.0, "DEADLINE": 6.0})
