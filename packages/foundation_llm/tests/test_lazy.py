"""Setting up Django, running system checks and registering the readiness check import no heavy
client (ollama, httpx, pydantic, tenacity): they load on a call, a task, or the check's prepare()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from foundation_llm.testing import FakeOllamaServer

HEAVY = ("ollama", "httpx", "pydantic", "tenacity")

# foundation_health is not a dependency: a stand-in with its public register() is enough to
# exercise our side of the contract.
STAND_IN = """
registered = {}
class CheckFailed(Exception):
    pass
def register(name, check, *, critical=True, timeout=None):
    registered[name] = (check, critical, timeout)
"""

SCRIPT = """
import json, sys
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "foundation_health", "foundation_llm"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    FOUNDATION_LLM={"default": {"HOST": sys.argv[1], "MODEL": "llama3.2"}},
)
import django
django.setup()
from django.core.management import call_command
call_command("check", verbosity=0)
import foundation_llm
foundation_llm.LLMError
heavy = lambda: [m for m in %r if m in sys.modules]
report = {"setup": heavy()}
import foundation_health
check, critical, timeout = foundation_health.registered["ollama"]
report["registered"] = heavy()
check.prepare()
report["prepared"] = heavy()
report["result"] = check()
report["critical"], report["timeout"] = critical, timeout
print(json.dumps(report))
"""


def test_setup_checks_and_registration_import_no_client(tmp_path: Path) -> None:
    (tmp_path / "foundation_health").mkdir()
    (tmp_path / "foundation_health" / "__init__.py").write_text(textwrap.dedent(STAND_IN))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    with FakeOllamaServer() as fake:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT % (HEAVY,), fake.url],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["setup"] == report["registered"] == []
    assert set(report["prepared"]) == set(HEAVY)
    assert report["result"] == {"models": 1}
    assert (report["critical"], report["timeout"]) == (False, 5.0)
    # prepare() only builds the client: the server saw nothing before the check ran.
    assert [r.path for r in fake.requests] == ["/api/tags"]
