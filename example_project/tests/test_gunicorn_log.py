"""The container's web process: a real gunicorn with config/gunicorn.py prints only JSON lines,
the access log included, and never a secret from a request's query string."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
TOKEN = "tok-" + secrets.token_hex(8)
PASSWORD = "pw-" + secrets.token_hex(8)
HEALTH_TOKEN = "health-" + secrets.token_hex(8)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(
    ("application", "worker_class", "access_logger"),
    [
        (
            "config.asgi",
            "uvicorn_worker.UvicornWorker",
            "uvicorn.access",
        ),  # as the Dockerfile runs it
        ("config.wsgi", "sync", "gunicorn.access"),
    ],
)
def test_gunicorn_prints_only_masked_json_lines(
    tmp_path: Path, application: str, worker_class: str, access_logger: str
) -> None:
    if not _port_open(5432):
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    environ = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HEALTH_TOKEN": HEALTH_TOKEN,
        "GUNICORN_WORKER_CLASS": worker_class,
    }
    # The styled 404 page links the stylesheet: production's manifest storage needs collectstatic
    # (into the project's STATIC_ROOT, which git ignores).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=PROJECT,
        env=environ,
        check=True,
        timeout=300,
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:config.gunicorn",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "1",
                "--no-control-socket",
                application,
            ],
            cwd=PROJECT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            port = None
            while port is None and time.monotonic() < deadline:
                found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
                port = int(found.group(1)) if found else None
                time.sleep(0.05)
            assert port, log.read_text()
            base = f"http://127.0.0.1:{port}"
            headers = {"X-Forwarded-Proto": "https"}
            missing = urllib.request.Request(
                f"{base}/no-such-page/?token={TOKEN}&pw={PASSWORD}", headers=headers
            )
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(missing, timeout=30)
            health = urllib.request.Request(f"{base}/health/?token={HEALTH_TOKEN}", headers=headers)
            urllib.request.urlopen(health, timeout=30).close()
            # The access line is written after the response: wait for both.
            while log.read_text().count(f'"{access_logger}"') < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    text = log.read_text()
    lines = [line for line in text.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON
    for secret in (TOKEN, PASSWORD, HEALTH_TOKEN):
        assert secret not in text
    access = [r for r in records if r["logger"] == access_logger]
    assert len(access) == 2
    assert "token=********&pw=********" in access[0]["message"]
    assert any(r["logger"] == "foundation_settings.request" and r["request_id"] for r in records)
    assert any("Booting worker" in r["message"] for r in records)
