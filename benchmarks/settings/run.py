"""Benchmark: `django.setup()` with the example's production settings (foundation_settings) against the same
settings hand-written with plain os.environ, counted in instructions with valgrind's callgrind.

Usage (from the repository root):  .venv/bin/python benchmarks/settings/run.py [--python PATH]
Goal: at most 2% more instructions than the hand-written baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "example_project"

# A full production environment (dummy values; nothing connects anywhere).
ENVIRONMENT = {
    "SECRET_KEY": "bench-" + "pQ7!x-Zr" * 8,
    "DATABASE_URL": "postgres://app:Db-Pa55w0rd@127.0.0.1:5432/app",
    "ALLOWED_HOSTS": "example.com, www.example.com",
    "CORS_ORIGINS": "https://app.example.com",
    "REDIS_URL": "redis://:Redis-Pa55w0rd@127.0.0.1:6379/0",
    "HEALTH_TOKEN": "health-token-value-123",
}
VARIANTS = {"foundation_settings": "config.settings.prod", "os.environ": "handwritten_prod"}
COMPARED = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "DATABASES",
    "CACHES",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_TASK_ALWAYS_EAGER",
    "CORS_ALLOWED_ORIGINS",
    "CSRF_TRUSTED_ORIGINS",
    "LOGGING",
    "FOUNDATION_HEALTH",
    "FOUNDATION_LLM",
    "FOUNDATION_UI",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_CSP",
    "STATIC_ROOT",
]
SETUP = "import django; django.setup()"
DUMP = (
    "import django, json; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{k: getattr(settings, k, None) for k in {COMPARED!r}}}, default=str, sort_keys=True))"
)


def environment(module: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {
        **base,
        **ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": f"{EXAMPLE}{os.pathsep}{HERE}",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "",
    }


def instructions(python: str, module: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", python, "-c", SETUP],
            env=environment(module),
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        )
        match = re.search(r"Collected : (\d+)", result.stderr)
        if match is None:
            raise SystemExit(f"no instruction count in valgrind output:\n{result.stderr[-2000:]}")
        return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    dumps = {}
    for name, module in VARIANTS.items():  # also warms the bytecode caches
        done = subprocess.run(
            [args.python, "-c", DUMP],
            env=environment(module),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
        dumps[name] = json.loads(done.stdout.strip().splitlines()[-1])
    a, b = dumps.values()
    differ = [k for k in COMPARED if a[k] != b[k]]
    print("settings equal:", "yes" if not differ else f"NO, differ in {differ}")
    counts: dict[str, list[int]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, module in VARIANTS.items():
            counts[name].append(instructions(args.python, module))
    ours, baseline = min(counts["foundation_settings"]), min(counts["os.environ"])
    for name, values in counts.items():
        print(f"{name:20} Ir {min(values):>15,}  runs {values}")
    print(
        f"ratio foundation_settings / os.environ = {ours / baseline:.4f} ({(ours - baseline):+,} Ir)"
    )


if __name__ == "__main__":
    main()
