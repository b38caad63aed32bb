"""The four packages inside a site that isn't ours, installed as a user installs them.

`host_site/` is a site shaped the way a widely used project template generates one (django-allauth
accounts, Celery with django-celery-beat, django-redis, a Bootstrap layout of its own, a LOGGING that
mails the admins). This module builds the four wheels from this checkout, installs them into a fresh
virtual environment beside Django 6.0, django-allauth, django-celery-beat and django-redis from PyPI,
and runs the site in its own processes: `manage.py` commands and `runserver`, against a private
redis-server and a fake Ollama. Each test checks one thing a team adopting Foundation ran into.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import check_packaging

from foundation_llm.testing import FakeOllamaServer

HOST_SITE = Path(__file__).resolve().parent / "host_site"
IN_CI = os.environ.get("CI") == "true"
# What the host site brings of its own, from PyPI, unpinned as a user's `pip install` is. Its Celery
# runs on Redis, which needs kombu's redis extra (`celery[redis]`), Foundation or not.
HOST_REQUIREMENTS = [
    "Django>=6.0,<6.1",
    "django-allauth",
    "django-celery-beat",
    "django-redis",
    "celery[redis]",
]
# The extras each README names for what this site runs: Redis and Celery.
EXTRAS = {"foundation_health": "[redis,celery]", "foundation_llm": "[celery]"}
# Bootstrap from npm, where scripts/_requirements.sh puts it (ensure_npm_tools).
BOOTSTRAP = Path(
    os.environ.get("FOUNDATION_BOOTSTRAP_CSS")
    or check_packaging.ROOT / ".tools/npm/node_modules/bootstrap/dist/css/bootstrap.min.css"
)
DEADLINE = 0.9  # foundation-health's documented DEADLINE for the whole /ready/ answer
SLACK = 2.5  # a loaded two-core machine; a hung check without the deadline takes far longer
PASSWORD = "a host-site password 7f3k"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[Any], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process on port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


@dataclass
class Site:
    folder: Path
    python: Path
    env: dict[str, str]
    fake: FakeOllamaServer

    def manage(
        self, *args: str, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=self.folder,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
        return result

    def shell(self, code: str, **env: str) -> tuple[Any, str]:
        """Run code in the site's `manage.py shell`; its last stdout line is JSON."""
        result = self.manage("shell", "--no-imports", "-c", code, **env)
        return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr

    @property
    def runserver(self) -> list[str]:
        # --insecure: the layout's static files, with DEBUG off as in production.
        return [
            str(self.python),
            "manage.py",
            "runserver",
            "--noreload",
            "--insecure",
            "--skip-checks",
        ]

    @contextmanager
    def serve(self, count: int = 1) -> Iterator[list[str]]:
        """`count` fresh `runserver` processes; yields their base URLs once each listens."""
        ports = [free_port() for _ in range(count)]
        processes = [
            subprocess.Popen(
                [*self.runserver, f"127.0.0.1:{port}"],
                cwd=self.folder,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for port in ports
        ]
        try:
            for port, process in zip(ports, processes, strict=True):
                wait_for_port(port, process)
            yield [f"http://127.0.0.1:{port}" for port in ports]
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def get(url: str, timeout: float = 60) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, seconds=10)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("host")
    uv = shutil.which("uv") or str(check_packaging.ROOT / ".tools" / "bin" / "uv")
    clean = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    requirements = []
    for package in check_packaging.discover():
        _, wheel = check_packaging.build(package, root / "dist" / package.module)
        name = package.module.replace("_", "-")
        requirements.append(f"{name}{EXTRAS.get(package.module, '')} @ {wheel.as_uri()}")
    venv = root / "venv"
    subprocess.run(
        [uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=clean
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            *requirements,
            *HOST_REQUIREMENTS,
        ],
        check=True,
        env=clean,
    )

    folder = root / "site"
    shutil.copytree(HOST_SITE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if BOOTSTRAP.is_file():  # the layout's Bootstrap, as a site vendors it from npm
        vendor = folder / "static" / "vendor" / "bootstrap"
        vendor.mkdir(parents=True)
        shutil.copy(BOOTSTRAP, vendor / "bootstrap.min.css")
    else:
        (folder / "static").mkdir()

    with FakeOllamaServer(models=["llama3.2"]) as fake:
        env = {
            **clean,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "REDIS_URL": f"{redis_url}/0",
            "CELERY_BROKER_URL": f"{redis_url}/1",
            "OLLAMA_HOST": fake.url,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        site = Site(folder, python, env, fake)
        site.manage("migrate", "--noinput")
        site.manage(
            "createsuperuser",
            "--noinput",
            "--username=admin",
            "--email=admin@example.com",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
        yield site


LOGOUT = f"""
import json
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()  # records the templates a response used
client = Client(SERVER_NAME="localhost")
login = client.post("/accounts/login/", {{"login": "admin", "password": {PASSWORD!r}}})
home = client.get("/")
logout = client.post("/admin/logout/")
origins = [t.origin.name for t in logout.templates if t.name == "registration/logged_out.html"]
print(json.dumps({{
    "login_page": Client(SERVER_NAME="localhost").get("/accounts/login/").status_code,
    "login": [login.status_code, login.headers.get("Location")],
    "home": home.content.decode(),
    "logout": logout.status_code,
    "logout_html": logout.content.decode(),
    "logged_out_template": origins,
}}))
"""


def test_admin_logout_keeps_the_admins_look_and_allauth_login_works(site: Site) -> None:
    result, _ = site.shell(LOGOUT)
    assert result["login_page"] == 200
    assert result["login"] == [302, "/"], "allauth's login did not log the user in"
    assert '<p id="user">admin</p>' in result["home"]
    assert result["logout"] == 200
    assert "/static/admin/css/base.css" in result["logout_html"]
    assert "foundation_ui" not in result["logout_html"]
    [origin] = result["logged_out_template"]
    assert Path(origin).parts[-6:-3] == ("django", "contrib", "admin"), origin


def test_first_concurrent_ready_of_fresh_processes_all_answer_200(site: Site) -> None:
    per_process = 3
    with site.serve(count=6) as urls:
        barrier = threading.Barrier(len(urls) * per_process)
        answers: list[tuple[str, int, Any]] = []

        def probe(url: str) -> None:
            barrier.wait()
            status, body = get(f"{url}/ready/")
            answers.append((url, status, body))

        threads = [
            threading.Thread(target=probe, args=(url,)) for url in urls for _ in range(per_process)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(answers) == len(urls) * per_process
    failed = [answer for answer in answers if answer[1] != 200]
    assert failed == [], failed
    checks = answers[0][2]["checks"]
    assert {"database:default", "cache:default", "redis", "celery:broker", "ollama"} <= set(checks)


def test_a_hung_ollama_does_not_push_ready_past_the_deadline(site: Site) -> None:
    with site.serve() as [url]:
        status, body = get(f"{url}/ready/")  # warm: imports and clients are ready
        assert (status, body["checks"]["ollama"]["status"]) == (200, "ok")
        site.fake.fail("/api/tags", "hang", times=None, seconds=30)
        try:
            time.sleep(1.5)  # past CACHE_SECONDS (1 s): the next answer runs the checks again
            started = time.monotonic()
            status, body = get(f"{url}/ready/")
            elapsed = time.monotonic() - started
        finally:
            site.fake.clear()
    assert status == 200, body  # the ollama check is non-critical: a warning
    assert body["status"] == "warn"
    assert body["checks"]["ollama"]["status"] != "ok"
    print(f"/ready/ with a hung Ollama answered in {elapsed:.2f} s")
    assert elapsed < DEADLINE + SLACK, f"/ready/ took {elapsed:.2f} s"


FAILING_READY = """
import json, logging, time
from django.core import mail
from django.test import Client

statuses = []
for _ in range(2):  # twice, past CACHE_SECONDS: a failure that lasts is logged once
    statuses.append(Client(SERVER_NAME="localhost").get("/ready/").status_code)
    time.sleep(1.2)
mails_after_ready = len(getattr(mail, "outbox", []))
logging.getLogger("django.request").error("control: a real server error")
print(json.dumps({
    "statuses": statuses,
    "mails_after_ready": mails_after_ready,
    "mails_after_control": len(getattr(mail, "outbox", [])),
}))
"""


def test_a_failing_ready_sends_no_admin_mail_and_logs_one_warning(site: Site) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/1"  # Celery's broker is down, nothing else is
    result, log = site.shell(FAILING_READY, CELERY_BROKER_URL=dead, DJANGO_DEBUG="false")
    assert result["statuses"] == [503, 503]
    assert result["mails_after_ready"] == 0
    # The same LOGGING does mail the admins on a real error, so the count above could have failed
    # (twice: Django's own "django" logger mails too, and the template's LOGGING keeps it).
    assert result["mails_after_control"] >= 1
    lines = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    warnings = [line for line in lines if " foundation_health " in line]
    assert len(warnings) == 1, log
    assert "celery:broker" in warnings[0]
    request_errors = [line for line in lines if " django.request " in line]
    assert len(request_errors) == 1 and "control: a real server error" in request_errors[0], log


def test_settings_report_and_env_example_on_the_partly_converted_settings(site: Site) -> None:
    report = site.manage("settings_report", "--json")
    assert site.env["SECRET_KEY"] not in report.stdout + report.stderr
    names = json.dumps(json.loads(report.stdout))
    assert "SECRET_KEY" in names and "DATABASE_URL" in names

    example = site.folder / ".env.example"
    site.manage("env_example", "--module", "config.settings", "--output", str(example))
    text = example.read_text()
    assert site.env["SECRET_KEY"] not in text
    variables = {line.split("=", 1)[0].lstrip("# ") for line in text.splitlines() if "=" in line}
    # Converted (foundation_settings.Env) and still on django-environ, both listed.
    assert {"SECRET_KEY", "DATABASE_URL", "DJANGO_DEBUG", "REDIS_URL", "CELERY_BROKER_URL"} <= (
        variables
    ), text
    site.manage("env_example", "--module", "config.settings", "--output", str(example), "--check")


LLM_CALL = """
import json
from foundation_llm import llm

reply = llm.chat([{"role": "user", "content": "hi"}])
print(json.dumps(reply.message.content))
"""


def test_one_llm_call_logs_one_event(site: Site) -> None:
    answer, log = site.shell(LLM_CALL)
    assert answer == "Echo: hi"
    # The host's console format: "LEVEL date time logger pid message".
    events = [line for line in log.splitlines() if line.split(" ")[3:4] == ["foundation_llm"]]
    assert len(events) == 1, log
    assert "HTTP Request" not in log, log


CHROMIUM = shutil.which("chromium")
LOOK = """el => { const s = getComputedStyle(el); return {
    radius: s.borderTopLeftRadius, height: s.height, padding: s.paddingLeft,
    background: s.backgroundColor, color: s.color, fontSize: s.fontSize, border: s.borderTopColor,
}; }"""


@pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason="Debian's chromium is not installed")
def test_components_keep_their_look_inside_the_hosts_bootstrap_layout(site: Site) -> None:
    if CHROMIUM is None or not BOOTSTRAP.is_file():
        pytest.fail(f"chromium and {BOOTSTRAP} are required (scripts/test installs both)")
    from playwright.sync_api import sync_playwright

    with site.serve() as [url], sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.set_default_timeout(60_000)
            page.goto(f"{url}/in-foundation-layout/")
            own = {
                b: page.eval_on_selector(f"#{b}", LOOK) for b in ("fui-button", "fui-link-button")
            }
            page.goto(f"{url}/components/")
            folder = Path(os.environ.get("TEST_REPORTS") or site.folder)
            (folder / "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / "screenshots" / "host-site-components.png"))
            bullets = page.eval_on_selector(
                "#host-list li", "el => getComputedStyle(el).listStyleType"
            )
            bootstrap = page.eval_on_selector("#host-bootstrap-button", LOOK)
            hosted = {
                b: page.eval_on_selector(f"#{b}", LOOK) for b in ("fui-button", "fui-link-button")
            }
        finally:
            browser.close()
    assert bootstrap["background"] == "rgb(13, 110, 253)", "Bootstrap's CSS did not load"
    assert bullets == "disc"
    assert hosted == own
