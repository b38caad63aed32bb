"""Export the example site's pinned requirements from uv.lock, or check that they are current.

    python scripts/export_requirements.py          # rewrite example_project/requirements*.txt
    python scripts/export_requirements.py --check  # exit 1 if either file differs from uv.lock

requirements.txt is what the site runs on (`pip install -r example_project/requirements.txt`, from
the repository root: the four packages are local paths); requirements-dev.txt is the development
environment that `uv sync --all-packages` builds (the packages editable, plus the dev tools).
Both come from uv.lock alone (`--frozen`), so the check works offline. They carry no hashes: pip's
hash checking is all or nothing and cannot hash the four local package folders; uv.lock keeps the
hashes, and `uv sync --locked` (the Dockerfile's install) enforces them.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = {
    ROOT / "example_project" / "requirements.txt": [
        "--package",
        "foundation-example",
        "--no-dev",
        "--no-editable",
    ],
    ROOT / "example_project" / "requirements-dev.txt": ["--all-packages"],
}


def find_uv() -> str:
    """The uv that scripts/_bootstrap.sh installs, else one on PATH."""
    for candidate in (os.environ.get("UV"), ROOT / ".tools" / "bin" / "uv", shutil.which("uv")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise SystemExit("export_requirements: uv not found; run scripts/dev or set UV=/path/to/uv")


def export(uv: str, options: list[str]) -> str:
    command = [uv, "export", "--frozen", "--no-hashes", "--format", "requirements.txt", *options]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"export_requirements: {' '.join(command[1:])} failed:\n{result.stderr}")
    return result.stdout


def pins(text: str) -> list[str]:
    """The requirement lines, without uv's header and `# via` notes (they vary with uv's version)."""
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only compare; write nothing.")
    args = parser.parse_args(argv)
    uv = find_uv()
    drifted = []
    for path, options in EXPORTS.items():
        fresh = export(uv, options)
        relative = path.relative_to(ROOT)
        if not args.check:
            path.write_text(fresh, encoding="utf-8")
            print(f"export_requirements: wrote {relative} ({len(pins(fresh))} requirements).")
            continue
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if pins(current) != pins(fresh):
            drifted.append(relative)
            diff = difflib.unified_diff(
                pins(current), pins(fresh), f"{relative} (committed)", "uv.lock", lineterm=""
            )
            print("\n".join(diff), file=sys.stderr)
    if drifted:
        names = " and ".join(str(p) for p in drifted)
        print(
            f"export_requirements: out of date with uv.lock: {names}; "
            "run python scripts/export_requirements.py and commit the result.",
            file=sys.stderr,
        )
        return 1
    if args.check:
        print("export_requirements: the example's requirements match uv.lock.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
