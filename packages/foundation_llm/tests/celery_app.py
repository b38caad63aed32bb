"""The test suite's Celery app, configured from Django settings as a site's would be."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

app = Celery("foundation_llm_tests")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["foundation_llm"])
app.set_default()
