"""Run the example in a clean process: a chosen settings module and only the environment given.

Cold processes on a busy machine: the default timeout is generous (it bounds only a failure)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run(
    module: str,
    environ: dict[str, str],
    *argv: str,
    code: str | None = None,
    before_setup: str = "",
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    """Run manage.py with ``argv``, or ``code`` after ``before_setup`` and django.setup()."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, **environ}
    if code is not None:
        script = f"{before_setup}\nimport django\ndjango.setup()\n{textwrap.dedent(code)}"
        args = [sys.executable, "-c", script]
    else:
        args = [sys.executable, "manage.py", *argv]
    return subprocess.run(
        args, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
