"""The "Ask the model" flow with the fake Ollama: tasks run in-process (no REDIS_URL in tests)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer


@pytest.fixture
def ollama(settings: Any, foundation_llm_fake_ollama: FakeOllamaServer) -> FakeOllamaServer:
    settings.FOUNDATION_LLM = {
        "default": {"HOST": foundation_llm_fake_ollama.url, "MODEL": "llama3.2", "TIMEOUT": 60}
    }
    return foundation_llm_fake_ollama


@pytest.fixture
def ada(client: Client, db: None) -> User:
    user = User.objects.create_user("ada", password="pw")
    client.force_login(user)
    return user


def test_the_page_needs_a_login(client: Client, db: None) -> None:
    response = client.get("/ask/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_ask_queue_and_see_the_answer(
    client: Client,
    ada: User,
    ollama: FakeOllamaServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask/", {"question": "Why is the sky blue?"})
    job = LLMJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.user, job.status, job.answer) == (ada, "done", "Echo: Why is the sky blue?")
    page = client.get(response["Location"]).content.decode()
    assert "Echo: Why is the sky blue?" in page
    status = json.loads(client.get(f"/jobs/{job.pk}/status/").content)
    assert status["finished"] is True
    assert status["answer"] == "Echo: Why is the sky blue?"


def test_a_missing_model_says_what_to_do(
    client: Client,
    ada: User,
    ollama: FakeOllamaServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    ollama.remove_model("llama3.2")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask/", {"question": "hello"})
    status = json.loads(client.get(response["Location"] + "status/").content)
    assert status["status"] == "failed"
    assert "ollama pull llama3.2" in status["error"]
    assert "Pull it there" in status["help"]


def test_an_unreachable_ollama_says_what_to_do(
    client: Client,
    ada: User,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.FOUNDATION_LLM = {
        "default": {"HOST": f"http://127.0.0.1:{port}", "MODEL": "llama3.2", "TIMEOUT": 2}
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask/", {"question": "hello"})
    assert response.status_code == 302  # tasks run in-process here: no error page
    page = client.get(response["Location"]).content.decode()
    assert "could not be reached" in page and "ollama serve" in page
    status = json.loads(client.get(response["Location"] + "status/").content)
    assert (status["status"], status["finished"]) == ("failed", True)


def test_an_empty_question_is_refused(client: Client, ada: User) -> None:
    response = client.post("/ask/", {"question": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not LLMJob.objects.exists()


def test_nobody_sees_another_users_job(client: Client, ada: User) -> None:
    other = LLMJob.objects.create(user=User.objects.create_user("bob"), request={"messages": []})
    assert client.get(f"/jobs/{other.pk}/").status_code == 404
    assert client.get(f"/jobs/{other.pk}/status/").status_code == 404
