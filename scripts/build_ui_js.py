"""Rebuild foundation-ui's shipped script from its sources, or check that it is current.

    python scripts/build_ui_js.py          # rewrite static/foundation_ui/foundation-ui.js
    python scripts/build_ui_js.py --check  # exit 1 if the shipped file differs from a rebuild

The sources are foundation_ui/js/*.js, one per component folder of templates/cotton/ui/. They are
joined in ORDER inside one function and minified with rjsmin, pinned in the workspace's dev
dependencies so that every machine builds the same bytes. A site needs none of this: the built file
ships in the package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import rjsmin

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "packages" / "foundation_ui" / "src" / "foundation_ui"
SOURCES = PACKAGE / "js"
SHIPPED = PACKAGE / "static" / "foundation_ui" / "foundation-ui.js"

# core first (helpers and the components table), start last (the listeners that dispatch to the
# table). Between them, the order is the order in which components see an event.
ORDER = [
    "core",
    "theme",
    "dropdown",
    "tabs",
    "tooltip",
    "dialog",
    "toast",
    "accordion",
    "toggle",
    "slider",
    "combobox",
    "start",
]
HEADER = (
    "/*! foundation-ui: the components' keyboard and screen-reader behaviour. Built from"
    " foundation_ui/js/ by scripts/build_ui_js.py; edit the sources, not this file. */\n"
)


def build() -> str:
    missing = sorted({p.stem for p in SOURCES.glob("*.js")} - set(ORDER))
    if missing:
        raise SystemExit(f"build_ui_js: add {', '.join(missing)} to ORDER in {Path(__file__).name}")
    parts = [(SOURCES / f"{name}.js").read_text(encoding="utf-8") for name in ORDER]
    source = '(function () {\n"use strict";\n' + "\n".join(parts) + "\n})();\n"
    return HEADER + rjsmin.jsmin(source) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only compare; write nothing.")
    args = parser.parse_args(argv)
    script = build()
    relative = SHIPPED.relative_to(ROOT)
    size = f"{len(script.encode()) / 1024:.1f} KiB"
    if args.check:
        current = SHIPPED.read_text(encoding="utf-8") if SHIPPED.exists() else ""
        if current != script:
            print(
                f"build_ui_js: {relative} is out of date with foundation_ui/js/; "
                "run python scripts/build_ui_js.py and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"build_ui_js: {relative} is current ({size}).")
        return 0
    SHIPPED.write_text(script, encoding="utf-8")
    print(f"build_ui_js: wrote {relative} ({size}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
