"""No secret is ever printed: a recognisable secret planted in malformed input appears in no error
message, no traceback and no log line, whichever reader fails and however."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from foundation_settings import Env

SECRET = "Zq7xS3cretPw"
# The secret, and pieces of it long enough to give it away.
TELLTALES = (SECRET, SECRET[:6], SECRET[6:], SECRET[3:9])

Reader = Callable[[Env], Any]

CASES: list[tuple[str, str, Reader]] = [
    # DATABASE_URL: no scheme, mistyped schemes, bad ports, unencoded characters.
    ("DATABASE_URL", f"app:{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgress://app:{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgres:/app:{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgres//app:{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgres://app:{SECRET}@db:54x2/app", Env.database),
    ("DATABASE_URL", f"postgres://app:{SECRET}/db/app", Env.database),
    ("DATABASE_URL", f"postgres://app:pa?{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgres://app:pa/{SECRET}@db/app", Env.database),
    ("DATABASE_URL", f"postgres://app:{SECRET}@db", Env.database),
    ("DATABASE_URL", f"postgres://app:{SECRET}@db/app?conn_max_age=x", Env.database),
    ("DATABASE_URL", f"mysql://app:{SECRET}@db/app?pool=true", Env.database),
    ("DATABASE_URL", f"app:{SECRET}@db/app", Env.db_url),
    ("DATABASE_URL", f"pgsql:app:{SECRET}@db/app", Env.db_url),
    ("DATABASE_URL", SECRET, Env.database),
    # REDIS_URL
    ("REDIS_URL", f":{SECRET}@cache:6379/0", Env.redis),
    ("REDIS_URL", f"redis:/:{SECRET}@cache:6379/0", Env.redis),
    ("REDIS_URL", f"redsi://:{SECRET}@cache:6379/0", Env.redis),
    ("REDIS_URL", f"redis://:{SECRET}@cache:63x9/0", Env.redis),
    ("REDIS_URL", f"redis://:{SECRET}@cache:6379/x", Env.redis),
    ("REDIS_URL", f"redis://:{SECRET}@cache:6379/15", Env.redis),
    ("REDIS_URL", f"redis://:{SECRET}/cache:6379/0", Env.redis),
    # EMAIL_URL, ours and django-environ's
    ("EMAIL_URL", f"user:{SECRET}@smtp.example.com:587", Env.mail),
    ("EMAIL_URL", f"smtpp://user:{SECRET}@smtp.example.com", Env.mail),
    ("EMAIL_URL", f"smtp://user:{SECRET}@smtp.example.com:5x7", Env.mail),
    ("EMAIL_URL", f"smtp://user:{SECRET}@smtp.example.com?tls=yes&ssl=yes", Env.mail),
    ("EMAIL_URL", f"user:{SECRET}@smtp.example.com", Env.email_url),
    ("EMAIL_URL", f"smtp://user:{SECRET}@smtp.example.com:5x7", Env.email_url),
    # CACHE_URL through django-environ's reader
    ("CACHE_URL", f"rediscache:{SECRET}@cache", Env.cache_url),
    ("CACHE_URL", f"redis://:{SECRET}@cache:6x79/0", Env.cache_url),
    # OLLAMA_HOST and other URLs
    ("OLLAMA_HOST", f"ollama:{SECRET}@gpu:11434", lambda env: env.url("OLLAMA_HOST")),
    (
        "OLLAMA_HOST",
        f"htp://user:{SECRET}@gpu",
        lambda env: env.url("OLLAMA_HOST", schemes=["http"]),
    ),
    ("OLLAMA_HOST", f"http://user:{SECRET}@gpu:port", lambda env: env.url("OLLAMA_HOST")),
    ("SENTRY_DSN", f"https://{SECRET}@o1.ingest:x/1", lambda env: env.url("SENTRY_DSN")),
    # STORAGE_URL
    ("STORAGE_URL", f"s3:/key:{SECRET}@bucket", Env.storage),
    ("STORAGE_URL", f"s3://key:{SECRET}@Bad_Bucket", Env.storage),
    ("STORAGE_URL", f"s3://key:{SECRET}@bucket?endpoint=minio:9000", Env.storage),
    ("STORAGE_URL", f"gcs://key:{SECRET}@bucket", Env.storage),
    # Origins and hosts that carry credentials
    ("CORS_ORIGINS", f"https://user:{SECRET}@app.example.com", Env.origins),
    ("CORS_ORIGINS", f"user:{SECRET}@app.example.com", Env.origins),
    ("ALLOWED_HOSTS", f"https://user:{SECRET}@example.com", Env.hosts),
    # Secrets that are themselves malformed
    ("SECRET_KEY", SECRET, Env.secret_key),
    ("SECRET_KEY", "$" + SECRET, Env.secret_key),
    ("API_TOKEN", SECRET, lambda env: env.secret("API_TOKEN", min_length=50)),
    ("API_TOKEN", SECRET, lambda env: env.str("API_TOKEN", choices=["a", "b"])),
    # A variable named like a secret is never shown, whatever its type.
    ("API_KEY_ID", SECRET, lambda env: env.int("API_KEY_ID")),
    ("AUTH_ENABLED", SECRET, lambda env: env.bool("AUTH_ENABLED")),
    ("SIGNING_SECRET", SECRET, lambda env: env.json("SIGNING_SECRET")),
    # django-environ's own entry points
    ("DB_PASSWORD", SECRET, lambda env: env("DB_PASSWORD", cast=int)),
    ("TOKEN_RATE", SECRET, lambda env: env.float("TOKEN_RATE")),
    ("API_KEYS", f"a={SECRET};b", lambda env: env.dict("API_KEYS", cast={"value": int})),
    ("PRIVATE_KEY", "$" + SECRET, lambda env: env("PRIVATE_KEY", cast=bool)),
]

DOTENV_CASES = [
    f"{SECRET}\n",
    f"export {SECRET}\n",
    f"NAME='{SECRET}\n",
    f'NAME="{SECRET}\n',
    f"NAME='a' {SECRET}\n",
    f"2NAME={SECRET}\n",
    f"NA ME={SECRET}\n",
    f"{SECRET} value\n",
]


def _printed(run: Callable[[], None], caplog: pytest.LogCaptureFixture) -> str:
    """Everything a failure prints: the message, the whole traceback, and every log record."""
    caplog.set_level(logging.DEBUG)
    try:
        run()
    except ImproperlyConfigured as exc:
        printed = "".join(traceback.format_exception(exc))
    else:
        pytest.fail("the malformed input was accepted")
    return printed + "\n".join(r.getMessage() for r in caplog.records)


def test_there_are_at_least_thirty_malformed_inputs() -> None:
    assert len(CASES) + len(DOTENV_CASES) >= 30


@pytest.mark.parametrize(("name", "value", "reader"), CASES)
def test_a_malformed_value_never_shows_its_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, value: str, reader: Reader
) -> None:
    env = Env(profile="prod", base_dir=tmp_path, environ={name: value})

    def run() -> None:
        reader(env)
        env.finish()

    printed = _printed(run, caplog)
    assert name in printed
    for telltale in TELLTALES:
        assert telltale not in printed


@pytest.mark.parametrize("text", DOTENV_CASES)
def test_a_dotenv_syntax_error_names_file_and_line_never_the_value(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    (tmp_path / ".env").write_text("GOOD=1\n" + text, encoding="utf-8")

    def run() -> None:
        Env(profile="dev", base_dir=tmp_path, environ={}).finish()

    printed = _printed(run, caplog)
    assert ".env line 2:" in printed
    for telltale in TELLTALES:
        assert telltale not in printed


@pytest.mark.parametrize("text", DOTENV_CASES[:3])
def test_read_env_reports_the_same_way(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    path = tmp_path / "site.env"
    path.write_text(text, encoding="utf-8")
    env = Env(profile="dev", base_dir=tmp_path, environ={}, env_file=None)

    def run() -> None:
        env.read_env(path)
        env.finish()

    printed = _printed(run, caplog)
    assert "site.env line 1:" in printed
    for telltale in TELLTALES:
        assert telltale not in printed
