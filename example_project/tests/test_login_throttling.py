"""Login throttling with django-axes: a lockout after LOGIN_FAILURE_LIMIT wrong passwords, a clear
page, one log line per failed login without the password, probes untouched, and the client's
address read from X-Forwarded-For only behind a proxy."""

from __future__ import annotations

import json
import logging
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import User

from .clean_process import run

PASSWORD = "the-right-password-" + secrets.token_hex(4)
WRONG = "a-wrong-password-" + secrets.token_hex(4)
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def ada(db: None) -> User:
    return User.objects.create_user("ada", password=PASSWORD)


def log_in(client: Client, password: str, username: str = "ada", url: str = "/accounts/login/"):  # type: ignore[no-untyped-def]
    return client.post(url, {"username": username, "password": password})


def test_a_few_wrong_passwords_then_the_right_one_logs_in_and_resets_the_count(ada: User) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        assert log_in(client, WRONG).status_code == 200  # the form again, with its error
    assert log_in(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(ada.pk)
    assert not AccessAttempt.objects.exists()  # AXES_RESET_ON_SUCCESS


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_the_limit_locks_the_login_out_even_for_the_right_password(ada: User, url: str) -> None:
    ada.is_staff = True
    ada.save()
    client = Client()
    responses = [log_in(client, WRONG, url=url) for _ in range(LIMIT)]
    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    locked = log_in(client, PASSWORD, url=url)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert f"The password was wrong {LIMIT} times in a row." in page
    assert "Try again in 15 minutes." in page
    assert 'href="/accounts/password_reset/"' in page  # the way out that needs no password


def test_the_lockout_ends_after_the_cool_off(ada: User) -> None:
    client = Client()
    for _ in range(LIMIT):
        log_in(client, WRONG)
    assert log_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, PASSWORD).status_code == 302


def test_a_lockout_is_for_that_username_from_that_address_only(ada: User) -> None:
    User.objects.create_user("bob", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for _ in range(LIMIT):
        log_in(attacker, WRONG)
    assert log_in(attacker, PASSWORD).status_code == 429
    assert log_in(attacker, PASSWORD, username="bob").status_code == 302
    assert log_in(Client(REMOTE_ADDR="10.7.7.7"), PASSWORD).status_code == 302


def test_every_failed_login_is_logged_with_fields_and_never_the_password(
    ada: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(REMOTE_ADDR="10.3.3.3")
    with caplog.at_level(logging.INFO):
        log_in(client, "typed-" + PASSWORD, username=PASSWORD)  # the password in the wrong field
        for _ in range(LIMIT):
            log_in(client, WRONG)
    records = [r for r in caplog.records if r.name == "accounts.logins"]
    assert [(r.action, r.levelname) for r in records] == [  # type: ignore[attr-defined]
        ("login.failed", "INFO")
    ] * LIMIT + [("login.locked_out", "WARNING")]
    first, *_, last = records
    assert (first.username, first.username_known, first.client_ip) == (None, False, "10.3.3.3")  # type: ignore[attr-defined]
    assert (last.username, last.failures, last.failure_limit) == ("ada", LIMIT, LIMIT)  # type: ignore[attr-defined]
    logged = caplog.text + " ".join(str(vars(r)) for r in caplog.records)
    assert PASSWORD not in logged and WRONG not in logged
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert WRONG not in stored and PASSWORD not in stored


def test_axes_sits_behind_the_probe_middleware() -> None:
    middleware = settings.MIDDLEWARE
    assert middleware[0] == "foundation_health.middleware.HealthProbeMiddleware"
    assert middleware[-1] == "axes.middleware.AxesMiddleware"


def test_probes_answer_a_locked_out_address_without_touching_the_database(
    ada: User, django_assert_num_queries: Any
) -> None:
    client = Client(REMOTE_ADDR="10.4.4.4")
    for _ in range(LIMIT):
        log_in(client, WRONG)
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


# Production settings in a clean process: JSON logs, and the client's address as the proxy saw it.
BEHIND = """
import json
from django.core.management import call_command
from django.test import Client
from accounts.models import User
from django.test import override_settings
call_command("migrate", verbosity=0)
# Static files as collectstatic would leave them: not run here, so no manifest to read.
override_settings(
    STORAGES={{"staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}
).enable()
User.objects.create_user("ada", password="{password}")

def attempt(client_ip, password, spoof):
    # A proxy appends the address it saw; the left part is whatever the client sent.
    forwarded = ", ".join([spoof, client_ip, *{extra_hops}])
    client = Client(
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded, HTTP_X_FORWARDED_PROTO="https"
    )
    return client.post("/accounts/login/", {{"username": "ada", "password": password}}).status_code

codes = [attempt("10.1.1.1", "{wrong}", f"10.9.9.{{i}}") for i in range(3)]
codes.append(attempt("10.1.1.1", "{password}", "10.9.9.99"))  # a new spoofed entry: still locked
codes.append(attempt("10.2.2.2", "{password}", "10.9.9.98"))  # another client
print(json.dumps(codes))
"""


@pytest.mark.parametrize(
    ("environ", "extra_hops", "codes", "client_ip"),
    [
        # One proxy: the right-most entry is the client's. The spoofed left entries change nothing.
        ({}, [], [200, 200, 429, 429, 302], "10.1.1.1"),
        # Two proxies (a load balancer, then the web server): the second entry from the right.
        ({"PROXY_COUNT": "2"}, ["10.0.0.254"], [200, 200, 429, 429, 302], "10.1.1.1"),
        # No proxy: X-Forwarded-For is ignored, so every try counts against REMOTE_ADDR.
        (
            {"BEHIND_PROXY": "false", "SECURE_SSL_REDIRECT": "false"},
            [],
            [200, 200, 429, 429, 429],
            "127.0.0.1",
        ),
    ],
)
def test_production_reads_the_client_address_the_proxy_forwarded(
    tmp_path: Path, environ: dict[str, str], extra_hops: list[str], codes: list[int], client_ip: str
) -> None:
    environ = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOW_SQLITE": "true",  # production refuses SQLite unless told
        "REDIS_URL": "redis://127.0.0.1:6379/12",  # required in production; never reached here
        "ALLOWED_HOSTS": "testserver",
        "LOGIN_FAILURE_LIMIT": "3",
        **environ,
    }
    code = BEHIND.format(password=PASSWORD, wrong=WRONG, extra_hops=extra_hops)
    result = run("config.settings.prod", environ, code=code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == codes
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failed = [r for r in lines if r["logger"] == "accounts.logins"]
    assert [r["action"] for r in failed[:3]] == ["login.failed", "login.failed", "login.locked_out"]
    assert {r["client_ip"] for r in failed[:4]} == {client_ip}
    assert all(r["username"] == "ada" for r in failed)
    assert PASSWORD not in result.stderr and WRONG not in result.stderr
