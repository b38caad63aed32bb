from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.worker_settings")

app = Celery("foundation_llm_worker_tests")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["foundation_llm"])
