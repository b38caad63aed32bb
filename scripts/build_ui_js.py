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
from _shipped import write_or_check

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
    return write_or_check(
        "build_ui_js", SHIPPED, build(), check=args.check, sources="foundation_ui/js/"
    )


if __name__ == "__main__":
    sys.exit(main())
