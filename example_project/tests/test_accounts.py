"""The site's own user model from the first migration, and Django's password validators."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from accounts.models import User
from foundation_llm import submit_chat
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer


def test_the_user_model_is_the_sites_own() -> None:
    assert get_user_model() is User
    assert User._meta.db_table == "accounts_user"
    assert LLMJob._meta.get_field("user").related_model is User


def test_the_user_table_comes_from_the_first_migration_and_llm_jobs_wait_for_it() -> None:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert graph.root_nodes("accounts") == [("accounts", "0001_initial")]
    first = graph.nodes[("accounts", "0001_initial")]
    assert [op.name for op in first.operations] == ["User"]
    plan = graph.forwards_plan(("foundation_llm", "0001_initial"))
    assert plan.index(("accounts", "0001_initial")) < plan.index(("foundation_llm", "0001_initial"))


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_a_job_belongs_to_the_sites_user(
    settings: Any,
    foundation_llm_fake_ollama: FakeOllamaServer,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.FOUNDATION_LLM = {
        "default": {"HOST": foundation_llm_fake_ollama.url, "MODEL": "llama3.2"}
    }
    user = User.objects.create_user("lin")
    with django_capture_on_commit_callbacks(execute=True):
        job = submit_chat([{"role": "user", "content": "hello"}], user=user)
    assert list(user.llm_jobs.values_list("pk", "status")) == [(job.pk, "done")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT user_id FROM {LLMJob._meta.db_table} WHERE id = %s", [job.pk])
        assert cursor.fetchone() == (user.pk,)
    user.delete()  # SET_NULL: the job stays, without its user
    assert LLMJob.objects.get(pk=job.pk).user is None


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("a", "too short"),
        ("password123", "too common"),
        ("4815162342", "entirely numeric"),
        ("margaret-hamilton", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password: str, problem: str) -> None:
    user = User(username="margaret-hamilton", email="margaret@example.com")
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert problem in " ".join(caught.value.messages)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("correct horse battery staple", User(username="margaret"))


@pytest.mark.django_db
def test_the_password_change_page_refuses_a_one_letter_password(client: Client) -> None:
    user = User.objects.create_user("ada", password="an-old-long-password")
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "an-old-long-password", "new_password1": "a", "new_password2": "a"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("an-old-long-password")
