"""The answer streams into the page: the site under an ASGI server (uvicorn), its own Celery worker,
a private Redis, PostgreSQL and the fake Ollama trickling its answer, driven in Debian's Chromium.
The first words are on the page before the answer is complete, and the Stop button ends the job."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from foundation_llm.testing import FakeOllamaServer

from .test_browser import browser_page  # noqa: F401 (a fixture)
from .test_e2e_worker import database_url, free_port, port_open, redis_url  # noqa: F401 (fixtures)

PROJECT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed",
)
STORY = " ".join(f"word{n}" for n in range(40))
USER = """
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("streamer", password="a-good-password-1")
"""
STATUS = """
import django, sys
django.setup()
from foundation_llm.models import LLMJob
job = LLMJob.objects.latest("pk")
print(job.status, len(job.answer))
"""


@pytest.fixture
def site(
    redis_url: str,  # noqa: F811
    database_url: str,  # noqa: F811
    tmp_path: Path,
) -> Iterator[tuple[str, FakeOllamaServer, dict[str, str]]]:
    with FakeOllamaServer(answers={"Tell me a story": STORY, "Another story": STORY}) as fake:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "OLLAMA_HOST": fake.url,
            "PYTHONPATH": str(PROJECT),
            "LOG_JSON": "false",
        }
        for argv in (["manage.py", "migrate", "--no-input", "-v0"], ["-c", USER]):
            subprocess.run([sys.executable, *argv], env=env, cwd=PROJECT, check=True, timeout=120)
        port = free_port()
        log = (tmp_path / "processes.log").open("ab")
        processes = [
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo"),
                    *("-l", "info", "--without-gossip", "--without-mingle"),
                ],
                env=env,
                cwd=PROJECT,
                stdout=log,
                stderr=subprocess.STDOUT,
            ),
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "uvicorn", "config.asgi:application"),
                    *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
                ],
                env=env,
                cwd=PROJECT,
                stdout=log,
                stderr=subprocess.STDOUT,
            ),
        ]
        deadline = time.monotonic() + 30
        while not port_open(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        try:
            yield f"http://127.0.0.1:{port}", fake, env
        except BaseException:
            print((tmp_path / "processes.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            for proc in processes:
                proc.terminate()
            for proc in processes:
                proc.wait(15)
            log.close()


def job_status(env: dict[str, str]) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", STATUS],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    status, length = out.stdout.split()
    return status, int(length)


def test_the_answer_streams_into_the_page_and_the_stop_button_ends_it(
    site: tuple[str, FakeOllamaServer, dict[str, str]],
    browser_page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    url, fake, env = site
    page = browser_page
    fake.fail("/api/chat", "trickle", seconds=0.15, times=None)  # 40 words: about 6 s
    page.goto(url + "/accounts/login/?next=/ask/")
    page.fill("#id_username", "streamer")
    page.fill("#id_password", "a-good-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/ask/")
    page.fill("#id_question", "Tell me a story")
    page.click("button:has-text('Ask')")

    page.wait_for_selector("#job-answer:has-text('word2')", timeout=20_000)
    shown = page.locator("#job-answer").inner_text()
    assert shown.startswith("word0 word1 word2")
    assert shown != STORY  # the first words are there before the answer is complete
    assert page.locator("#job-status").inner_text() == "running"
    page.screenshot(path=str(tmp_path / "streaming.png"))
    page.wait_for_selector("#job-status:has-text('done')", timeout=30_000)
    assert page.locator("#job-answer").inner_text().strip() == STORY
    assert not page.locator("#job-stop").is_visible()

    # The Stop button: the job ends as cancelled, with the words it had so far.
    page.goto(url + "/ask/")
    page.fill("#id_question", "Another story")
    page.click("button:has-text('Ask')")
    page.wait_for_selector("#job-answer:has-text('word3')", timeout=20_000)
    page.click("#job-stop button")
    page.wait_for_selector("#job-status:has-text('cancelled')", timeout=5_000)
    status, length = job_status(env)
    assert status == "cancelled"
    assert 0 < length < len(STORY)
