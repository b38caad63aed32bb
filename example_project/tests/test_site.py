from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from demo.tasks import ping


@pytest.mark.django_db
def test_system_checks_pass() -> None:
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_home_page_renders(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Foundation" in response.content


def test_ping_task_answers_pong_in_process() -> None:
    assert ping.delay().get(timeout=5) == "pong"
