"""LLM jobs on a site whose user model is its own (``AUTH_USER_MODEL``), as Django advises for every
new project: a UUID primary key and the email as username. A clean process per step, because the
user model is fixed when Django starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from foundation_llm.testing import FakeOllamaServer

PACKAGE = Path(__file__).resolve().parent.parent
SCRIPT = """
import tests.celery_app  # the suite's Celery app: tasks run in-process
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from foundation_llm import submit_chat
from foundation_llm.models import LLMJob

Member = get_user_model()
member = Member.objects.create(email="ada@example.com")
with transaction.atomic():
    job = submit_chat([{"role": "user", "content": "hello"}], user=member)
job.refresh_from_db()
assert LLMJob._meta.get_field("user").related_model is Member
with connection.cursor() as cursor:
    cursor.execute("SELECT user_id FROM foundation_llm_llmjob WHERE id = %s", [job.pk])
    stored = cursor.fetchone()[0]
key = member.pk
member.delete()
print(job.status, job.answer, job.user_id == key, stored == key.hex,
      LLMJob.objects.get(pk=job.pk).user_id, sep="|")
"""


def test_jobs_belong_to_a_custom_user_model(tmp_path: Path) -> None:
    with FakeOllamaServer() as fake:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.custom_user_settings",
            "TEST_CUSTOM_USER_DB": str(tmp_path / "db.sqlite3"),
            "TEST_OLLAMA_URL": fake.url,
            "PYTHONPATH": str(PACKAGE),
        }

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, *args],
                env=env,
                cwd=PACKAGE,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        migrate = run("-m", "django", "migrate", "-v1")
        assert migrate.returncode == 0, migrate.stderr
        # The job table's foreign key waits for the user table: the swappable dependency.
        applied = migrate.stdout
        assert applied.index("custom_user.0001_initial") < applied.index(
            "foundation_llm.0001_initial"
        )
        result = run("-c", SCRIPT)
    assert result.returncode == 0, result.stderr
    # Done, the member's job (a UUID key, stored as the key's hex), then SET_NULL on delete.
    assert result.stdout.strip() == "done|Echo: hello|True|True|None"
