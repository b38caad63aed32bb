"""Write a built file that ships in a package, or check that the shipped copy matches a rebuild."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(tool: str, shipped: Path, built: str, *, check: bool, sources: str) -> int:
    """Exit status for ``tool``: 0 when written or current, 1 when ``--check`` finds it stale."""
    relative = shipped.relative_to(Path(__file__).resolve().parent.parent)
    size = f"{len(built.encode()) / 1024:.1f} KiB"
    if not check:
        shipped.write_text(built, encoding="utf-8")
        print(f"{tool}: wrote {relative} ({size}).")
        return 0
    current = shipped.read_text(encoding="utf-8") if shipped.exists() else ""
    if current != built:
        print(
            f"{tool}: {relative} is out of date with {sources}; "
            f"run python scripts/{tool}.py and commit the result.",
            file=sys.stderr,
        )
        return 1
    print(f"{tool}: {relative} is current ({size}).")
    return 0
