"""What the four apps cost a process that does not use them: start-up instructions, a cold
`manage.py health`, and the resident memory of a gunicorn worker. Run from the repository root:

    .venv/bin/python benchmarks/startup/run.py            # every figure, 5 runs each
    .venv/bin/python benchmarks/startup/run.py --quick    # one run each: a smoke test that it still runs

Figures, each beside the bare site (`sites/bare.py`: Django's contrib apps and one view):
- `django.setup()` in instructions (valgrind's callgrind: deterministic, unlike time on a shared
  machine), for the bare site, each foundation app alone, and the four together, with every
  module's bytecode already compiled, as in a deployed site. Goal: the four together at most 1.05x
  the bare site.
- the modules the four apps add to `django.setup()`, from `python -X importtime`, largest first.
- `manage.py health` of the example site run cold, as the Dockerfile's health check runs it (a new
  process that reads the bytecode compiled at build time and writes none), against the fake Ollama server: exit status, wall time and
  instructions. Goal: exit 0 within 2 s on a quiet machine.
- resident memory of one gunicorn sync worker after N requests to `/`, for each site. Goal: the four
  apps together add at most 15 MiB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "example_project"
SITES = ["bare", "settings", "health", "llm", "ui", "four"]
SETUP = "import django; django.setup()"


def site_environment(site: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(HERE),
        "DJANGO_SETTINGS_MODULE": f"sites.{site}",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def instructions(command: list[str], env: dict[str, str], cwd: Path = HERE) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        raise SystemExit(f"callgrind printed no total for {command}:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def setup_instructions(runs: int, sites: list[str]) -> dict[str, list[int]]:
    # Counted with the bytecode of every module already written, as a deployed site runs (the
    # Dockerfile compiles it at build time): a first run writes it, then the counted runs read it.
    for site in sites:
        warm = {**site_environment(site)}
        warm.pop("PYTHONDONTWRITEBYTECODE")
        subprocess.run([sys.executable, "-c", SETUP], env=warm, cwd=HERE, check=True)
    counts: dict[str, list[int]] = {site: [] for site in sites}
    for run in range(runs):
        order = sites if run % 2 == 0 else sites[::-1]
        for site in order:
            counts[site].append(instructions([sys.executable, "-c", SETUP], site_environment(site)))
    return counts


def imported_modules(site: str) -> list[tuple[int, str, int]]:
    """`python -X importtime` of `django.setup()`: (depth, module, cumulative microseconds), in the
    order it prints them, each module after the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", SETUP],
        env=site_environment(site),
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    )
    modules = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            modules.append((len(match.group(2)), match.group(3), int(match.group(1))))
    return modules


def attribution(limit: int) -> list[tuple[str, int]]:
    """The outermost imports the four apps add to the bare site's, largest first."""
    bare = {name for _, name, _ in imported_modules("bare")}
    added: list[tuple[str, int]] = []
    ancestors: list[tuple[int, bool]] = []  # (depth, added) of the modules above this one
    # Reversed, each module comes before the modules it imported.
    for depth, name, us in reversed(imported_modules("four")):
        while ancestors and ancestors[-1][0] >= depth:
            ancestors.pop()
        is_added = name not in bare and not name.startswith("sites")
        if is_added and not any(above for _, above in ancestors):
            added.append((name, us))
        ancestors.append((depth, is_added))
    return sorted(added, key=lambda item: -item[1])[:limit]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fake_ollama() -> Iterator[str]:
    sys.path.insert(0, str(ROOT / "packages" / "foundation_llm" / "src"))
    from foundation_llm.testing import FakeOllamaServer

    server = FakeOllamaServer("127.0.0.1", 0, models=["llama3.2"])
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def cold_health(runs: int, ollama_url: str, database: Path) -> list[tuple[int, float, int]]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "OLLAMA_HOST": ollama_url,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    # As the Dockerfile builds it: the bytecode compiled once (here by a first, uncounted run that
    # writes it), then every counted run a new process that reads it and writes none.
    compiling = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        env=compiling,
        cwd=EXAMPLE,
        check=True,
    )
    command = [sys.executable, "manage.py", "health"]
    subprocess.run(command, env=compiling, cwd=EXAMPLE, capture_output=True, check=False)
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=EXAMPLE, capture_output=True, check=False)
        wall = time.perf_counter() - started
        results.append((done.returncode, wall, instructions(command, env, EXAMPLE)))
    return results


def worker_rss(site: str, requests: int) -> float:
    """Resident MiB of the one gunicorn sync worker after `requests` requests to `/`."""
    port = free_port()
    master = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "django.core.wsgi:get_wsgi_application()",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        env=site_environment(site),
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if master.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        f"gunicorn for {site} did not start:\n{master.stderr.read().decode()[-2000:]}"  # type: ignore[union-attr]
                    ) from None
                time.sleep(0.1)
        for _ in range(requests):
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        kib = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
        return kib / 1024
    finally:
        master.terminate()
        master.wait(timeout=30)


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="one run of each, 20 requests")
    args = parser.parse_args()
    sites = SITES
    if args.quick:
        args.runs, args.requests, sites = 1, 20, ["bare", "four"]
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")

    print(f"== django.setup(), instructions (median of {args.runs})")
    counts = setup_instructions(args.runs, sites)
    bare = statistics.median(counts["bare"])
    for site in sites:
        median = statistics.median(counts[site])
        print(f"{site:>10}: {median / 1e9:6.3f} G  {median / bare:5.3f}x bare")
    four = statistics.median(counts["four"]) / bare
    print(f"four apps / bare = {four:.3f}x; goal: at most 1.05x")

    print("\n== modules the four apps add to django.setup() (python -X importtime, cumulative)")
    for name, us in attribution(12):
        print(f"{us / 1000:8.1f} ms  {name}")

    print(f"\n== cold `manage.py health` of the example site ({args.runs} runs)")
    with fake_ollama() as url, tempfile.TemporaryDirectory() as tmp:
        results = cold_health(args.runs, url, Path(tmp) / "db.sqlite3")
    walls = [wall for _, wall, _ in results]
    counted = [count for _, _, count in results]
    print(
        f"exit statuses {[code for code, _, _ in results]}; wall median {statistics.median(walls):.2f} s "
        f"(max {max(walls):.2f} s); {statistics.median(counted) / 1e9:.3f} G instructions; goal: exit 0 within 2 s"
    )

    print(f"\n== one gunicorn sync worker's resident memory after {args.requests} requests")
    rss = {site: worker_rss(site, args.requests) for site in sites}
    for site in sites:
        print(f"{site:>10}: {rss[site]:6.1f} MiB  {rss[site] - rss['bare']:+5.1f} MiB")
    print(f"the four apps add {rss['four'] - rss['bare']:.1f} MiB; goal: at most 15 MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
