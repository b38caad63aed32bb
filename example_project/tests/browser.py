"""What the browser tests share: Debian's Chromium through Playwright, screenshots, axe-core, and the
example site run under its production settings by gunicorn in a process of its own."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")
AXE = os.environ.get("FOUNDATION_AXE_JS")
IN_CI = os.environ.get("CI") == "true"
PROJECT = Path(__file__).resolve().parent.parent
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI, reason="Debian's chromium is not installed"
)


@contextmanager
def chromium() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.fail("chromium is required under CI (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> None:
    folder = Path(os.environ.get("TEST_REPORTS") or Path.cwd() / ".screenshots") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def axe_violations(page: Any) -> list[str]:
    if AXE is None:
        if IN_CI:
            pytest.fail("FOUNDATION_AXE_JS is not set under CI (scripts/test installs axe-core)")
        pytest.skip("axe-core is not installed (FOUNDATION_AXE_JS)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated rather than added as a <script>: a page's CSP would rightly refuse the tag.
        page.evaluate(Path(AXE).read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(result)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def private_redis() -> Iterator[str]:
    """A redis-server of this test's own on a free loopback port (nothing saved); yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    port = free_port()
    command = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def production_server(scratch: Path, username: str, password: str) -> Iterator[str]:
    """gunicorn serving the example under its production settings, with one user; yields its URL.

    Production needs Redis (cache and sessions) and refuses SQLite unless told: the server gets a
    Redis of its own and ALLOW_SQLITE, so that parallel runs share nothing."""
    with private_redis() as redis_url:
        yield from _production_server(scratch, username, password, redis_url)


def _production_server(
    scratch: Path, username: str, password: str, redis_url: str
) -> Iterator[str]:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tests.loopback.prod",
        "FOUNDATION_TEST_STATIC_ROOT": str(scratch / "static"),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "ALLOW_SQLITE": "true",
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "localhost",
        # Plain HTTP on loopback: no redirect to https (the proxy's job in a real deployment).
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "false",
    }
    manage = [sys.executable, "manage.py"]
    user = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user({username!r}, password={password!r})"
    )
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["shell", "-c", user],
    ):
        subprocess.run([*manage, *command], cwd=PROJECT, env=env, check=True, timeout=120)
    port = free_port()
    log = (scratch / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/health/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((scratch / "gunicorn.log").read_text()) from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
