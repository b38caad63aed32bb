"""A Celery app for the metrics tests' worker, on the broker the test gives it."""

from __future__ import annotations

import os

from celery import Celery

app = Celery("foundation_health_tests", broker=os.environ["TEST_CELERY_BROKER_URL"])
app.conf.worker_hijack_root_logger = False
