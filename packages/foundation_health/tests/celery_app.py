"""A Celery app for the worker the tests start: ``celery -A tests.celery_app worker``."""

from __future__ import annotations

import os

from celery import Celery

app = Celery("tests", broker=os.environ["CELERY_BROKER_URL"])
