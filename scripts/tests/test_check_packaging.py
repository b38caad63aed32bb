"""The packaging check must catch a wheel that lost a file; these tests doctor real wheels."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import check_packaging


def make_wheel(tmp_path: Path, files: dict[str, str], metadata: str) -> Path:
    wheel = tmp_path / "demo-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        zf.writestr("demo-0.1.0.dist-info/METADATA", metadata)
    return wheel


def classifiers() -> str:
    """Classifiers matching the matrix, and the Project-URLs PyPI shows."""
    djangos, pythons = check_packaging.tox_matrix()
    lines = [f"Classifier: Framework :: Django :: {d}" for d in sorted(djangos)]
    lines += [f"Classifier: Programming Language :: Python :: {p}" for p in sorted(pythons)]
    lines += [
        f"Project-URL: {label}, https://example.org/{label.lower()}"
        for label in ("Source", "Changelog", "Issues")
    ]
    return "\n".join(lines)


DESCRIPTION = "\n# demo\n\nPart of [Foundation](https://example.org/#readme).\n"


EXPECTED = {
    "demo/__init__.py",
    "demo/py.typed",
    "demo/templates/cotton/ui/button.html",
    "demo/static/demo/demo.css",
}


def test_complete_wheel_passes(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path,
        dict.fromkeys(EXPECTED, ""),
        f"Name: demo\nRequires-Dist: django>=5.2\n{classifiers()}\n{DESCRIPTION}",
    )
    assert check_packaging.wheel_problems(wheel, EXPECTED, "demo") == []


def test_pypi_page_needs_project_urls_and_absolute_links(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path,
        dict.fromkeys(EXPECTED, ""),
        "Name: demo\nProject-URL: Source, https://example.org/src\n"
        "\nSee [the guide](../../README.md) and [below](#settings).\n",
    )
    problems = check_packaging.wheel_problems(wheel, EXPECTED, "demo")
    assert "demo-0.1.0-py3-none-any.whl: no Project-URL for changelog, issues" in problems
    assert any("'../../README.md' is broken on PyPI" in p for p in problems)
    assert any("'#settings' is broken on PyPI" in p for p in problems)


@pytest.mark.parametrize(
    "lost", ["demo/templates/cotton/ui/button.html", "demo/static/demo/demo.css", "demo/py.typed"]
)
def test_wheel_missing_a_file_fails(tmp_path: Path, lost: str) -> None:
    files = dict.fromkeys(EXPECTED - {lost}, "")
    wheel = make_wheel(tmp_path, files, f"Name: demo\n{classifiers()}\n")
    problems = check_packaging.wheel_problems(wheel, EXPECTED, "demo")
    assert any(lost in p for p in problems), problems


def test_sibling_dependency_and_local_path_fail(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path,
        dict.fromkeys(EXPECTED, ""),
        "Name: demo\nRequires-Dist: foundation-settings>=0.1\n"
        f"Requires-Dist: other @ file:///somewhere\n{classifiers()}\n",
    )
    problems = check_packaging.wheel_problems(wheel, EXPECTED, "demo")
    assert any("sibling package foundation-settings" in p for p in problems)
    assert any("local path" in p for p in problems)


def test_classifiers_must_match_tox_matrix(tmp_path: Path) -> None:
    wheel = make_wheel(
        tmp_path,
        dict.fromkeys(EXPECTED, ""),
        "Name: demo\nClassifier: Framework :: Django :: 4.2\n",
    )
    problems = check_packaging.wheel_problems(wheel, EXPECTED, "demo")
    assert any("Django classifiers" in p for p in problems)
    assert any("Python classifiers" in p for p in problems)


def test_every_real_package_tracks_py_typed() -> None:
    for package in check_packaging.discover():
        assert f"{package.module}/py.typed" in check_packaging.tracked_files(package)
