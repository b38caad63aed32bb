"""``manage.py foundation_ui_css``: build a site's own Tailwind stylesheet with foundation-ui in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from foundation_ui import build


def template_dirs() -> list[Path]:
    """Every template directory of the site: the engines' DIRS, then each installed app's templates/.

    Django's own apps are left out (their templates use no Tailwind classes), and so is
    foundation_ui, whose stylesheet already names its own templates.
    """
    found: list[Path] = []
    for engine in settings.TEMPLATES:
        found += [Path(d) for d in engine.get("DIRS", [])]
    for app in apps.get_app_configs():
        if app.name.startswith("django.") or app.name == "foundation_ui":
            continue
        candidate = Path(app.path) / "templates"
        if candidate.is_dir():
            found.append(candidate)
    unique: list[Path] = []
    for path in found:
        resolved = path.resolve()
        if resolved not in unique and resolved.exists():
            unique.append(resolved)
    return unique


class Command(BaseCommand):
    help = (
        "Build a Tailwind CSS stylesheet holding foundation-ui's components and every utility class "
        "the site's templates use. Needs the tailwind extra: pip install 'foundation-ui[tailwind]'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="Where to write the stylesheet.")
        parser.add_argument(
            "--input",
            action="append",
            default=[],
            metavar="CSS",
            help="A stylesheet of your own to include (theme overrides, @layer rules). Repeatable.",
        )
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            metavar="PATH",
            help="Another file or directory to scan for class names (JavaScript, Python). Repeatable.",
        )
        parser.add_argument("--no-minify", action="store_true", help="Write readable CSS.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with an error if the output file is not what a build would write.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        inputs = [Path(p) for p in options["input"]]
        for path in inputs:
            if not path.is_file():
                raise CommandError(f"--input {path}: no such file.")
        extra = [Path(p) for p in options["source"]]
        for path in extra:
            if not path.exists():
                raise CommandError(f"--source {path}: no such file or directory.")
        sources = template_dirs() + [p.resolve() for p in extra]
        try:
            css = build.compile_entry(
                build.site_entry(sources, inputs), minify=not options["no_minify"]
            )
        except build.BuildError as exc:
            raise CommandError(str(exc)) from None
        if options["check"]:
            current = output.read_text(encoding="utf-8") if output.is_file() else None
            if current != css:
                raise CommandError(
                    f"{output} is out of date with the templates: run manage.py foundation_ui_css -o {output}"
                )
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(css, encoding="utf-8")
        if options["verbosity"] >= 1:
            self.stdout.write(f"Wrote {output} ({len(css.encode()) / 1024:.1f} KiB), scanning:")
            for path in sources:
                self.stdout.write(f"  {path}")
