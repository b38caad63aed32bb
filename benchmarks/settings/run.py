"""django.setup() with the example's production settings vs the same settings by hand (plain
os.environ), counted in instructions by valgrind's callgrind, so machine noise cannot hide a
difference. Run from the repository root:

    .venv/bin/python benchmarks/settings/run.py [--runs 3 | --quick]

It first checks, in two fresh processes, that both settings modules produce equal settings; then
counts the instructions of `import django; django.setup()` for each, alternating, and prints the
ratio. The goal (issue 3): foundation-settings adds at most 2 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_project"
ENVIRONMENT = {
    "SECRET_KEY": "b" * 10 + "benchmark-secret-key-with-enough-random-characters-0123456789",
    "DATABASE_URL": "postgres://app:benchmark-db-password@db.internal:5432/app",
    "ALLOWED_HOSTS": "example.com,www.example.com",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "CORS_ORIGINS": "https://app.example.com",
    "HEALTH_TOKEN": "benchmark-health-token",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
}
VARIANTS = {
    "foundation_settings": "config.settings.prod",
    "plain_os_environ": "plain_settings",
}
DUMP = """
import json, re, django
from django.conf import settings
django.setup()
# The example's module-level helpers, not settings.
skip = {"env", "REDIS", "EMAIL", "BROKER", "IN_PROCESS_BROKER", "SETTINGS_MODULE"}
# Lazy defaults (django-axes') print their function's address, which differs between processes.
values = {
    k: re.sub(r" at 0x[0-9a-f]+", "", repr(getattr(settings, k)))
    for k in dir(settings) if k.isupper() and k not in skip
}
print(json.dumps(values, sort_keys=True))
"""


def environment(module: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(Path(__file__).parent)]),
        "DJANGO_SETTINGS_MODULE": module,
        **ENVIRONMENT,
    }


def settings_of(module: str) -> dict[str, str]:
    # This run may write bytecode, so that no measured run pays for compiling a source file that
    # changed since the last one (a first run used to count twice the instructions of the others).
    out = subprocess.run(
        [sys.executable, "-c", DUMP],
        env={**environment(module), "PYTHONDONTWRITEBYTECODE": ""},
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def instructions(module: str) -> int:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            "import django; django.setup()",
        ],
        env=environment(module),
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        raise SystemExit(f"callgrind printed no total for {module}:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run: a smoke test for CI")
    args = parser.parse_args()
    if args.quick:
        args.runs = 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    ours, plain = (
        settings_of(VARIANTS["foundation_settings"]),
        settings_of(VARIANTS["plain_os_environ"]),
    )
    differing = sorted(k for k in ours.keys() | plain.keys() if ours.get(k) != plain.get(k))
    if differing:
        for key in differing:
            print(f"  {key}:\n    ours:  {ours.get(key)}\n    plain: {plain.get(key)}")
        raise SystemExit(
            f"the two settings modules differ in {len(differing)} settings; fix the baseline first"
        )
    print(f"Both settings modules produce the same {len(ours)} settings.")
    counts: dict[str, list[int]] = {name: [] for name in VARIANTS}
    for run in range(args.runs):
        order = list(VARIANTS.items())
        if run % 2:
            order.reverse()
        for name, module in order:
            counts[name].append(instructions(module))
    for name, values in counts.items():
        print(
            f"{name:>20}: {statistics.median(values):,} instructions (runs: {', '.join(f'{v:,}' for v in values)})"
        )
    ratio = statistics.median(counts["foundation_settings"]) / statistics.median(
        counts["plain_os_environ"]
    )
    print(
        f"foundation_settings / plain os.environ = {ratio:.4f} ({(ratio - 1) * 100:+.2f} %); goal: at most +2 %"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
