"""Build every package the way a release does and prove each wheel works alone.

For each package under packages/:

1. ``python -m build`` builds the sdist, then the wheel *from the sdist*, as a release does.
2. The wheel must hold every file the source tree tracks under ``src/<package>/`` (templates,
   static files, ``py.typed``, migrations...), and its metadata must name no local path.
3. The wheel is installed alone into a fresh virtual environment, with only its declared
   dependencies; the package is imported and ``manage.py check`` runs in a minimal project
   whose ``INSTALLED_APPS`` holds only that app and what it documents as required.

Exits non-zero and names every problem found.
"""

from __future__ import annotations

import argparse
import configparser
import email.message
import email.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES_DIR = ROOT / "packages"

# Apps a minimal project needs beside the package itself, as each package's README documents.
REQUIRED_APPS: dict[str, list[str]] = {
    "foundation_settings": [],
    "foundation_health": [],
    "foundation_llm": ["django.contrib.contenttypes", "django.contrib.auth"],
    "foundation_ui": ["django_cotton"],
}
SIBLINGS = {"foundation-settings", "foundation-health", "foundation-llm", "foundation-ui"}


@dataclass(frozen=True)
class Package:
    module: str
    path: Path

    @property
    def src(self) -> Path:
        return self.path / "src" / self.module


def discover() -> list[Package]:
    return [
        Package(p.name, p)
        for p in sorted(PACKAGES_DIR.iterdir())
        if (p / "pyproject.toml").is_file() and (p / "src" / p.name).is_dir()
    ]


def tracked_files(package: Package) -> set[str]:
    """Files under src/ that belong in the wheel, as paths inside the wheel."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "src"],
            cwd=package.path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = [str(p.relative_to(package.path)) for p in package.src.rglob("*") if p.is_file()]
    files = set()
    for name in out:
        if "__pycache__" in name or name.endswith((".pyc", ".pyo")):
            continue
        if not (package.path / name).is_file():  # deleted in the work tree
            continue
        files.add(name.removeprefix("src/"))
    return files


def wheel_problems(wheel: Path, expected: set[str], module: str) -> list[str]:
    """What is wrong with a built wheel; empty when nothing is."""
    problems: list[str] = []
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata_name = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
        metadata = zf.read(metadata_name).decode() if metadata_name else ""
    missing = sorted(expected - names)
    problems += [f"{wheel.name}: missing {name}" for name in missing]
    if f"{module}/py.typed" not in names:
        problems.append(f"{wheel.name}: missing {module}/py.typed")
    stray = sorted(n for n in names if n.startswith(("tests/", f"{module}/tests/")))
    problems += [f"{wheel.name}: test file shipped: {name}" for name in stray]
    if not metadata:
        problems.append(f"{wheel.name}: no METADATA")
        return problems
    msg = email.parser.Parser().parsestr(metadata)
    for req in msg.get_all("Requires-Dist") or []:
        if re.search(r"(file:|@\s*git\+|\.\./|^\s*/)", req):
            problems.append(f"{wheel.name}: Requires-Dist names a local path: {req}")
        name = re.split(r"[\s;\[<>=!~]", req, maxsplit=1)[0].lower().replace("_", "-")
        if name in SIBLINGS:
            problems.append(f"{wheel.name}: depends on sibling package {name}")
    problems += classifier_problems(wheel.name, msg.get_all("Classifier") or [])
    problems += pypi_page_problems(wheel.name, msg)
    return problems


# Links PyPI can follow: a relative link or a bare #anchor in the description is broken there.
LINK = re.compile(r"\]\(([^)\s]+)\)")
PROJECT_URLS = {"source", "changelog", "issues"}


def pypi_page_problems(wheel_name: str, msg: email.message.Message) -> list[str]:
    """The project page on PyPI: Project-URLs to the source, changelog and issues, and a
    description whose links all work from there."""
    problems = []
    labels = {url.split(",", 1)[0].strip().lower() for url in msg.get_all("Project-URL") or []}
    if missing := sorted(PROJECT_URLS - labels):
        problems.append(f"{wheel_name}: no Project-URL for {', '.join(missing)}")
    description = msg.get_payload()
    if not isinstance(description, str) or not description.strip():
        problems.append(f"{wheel_name}: no description (readme)")
        return problems
    for target in LINK.findall(description):
        if not target.startswith(("https://", "http://", "mailto:")):
            problems.append(f"{wheel_name}: description link {target!r} is broken on PyPI")
    return problems


def tox_matrix() -> tuple[set[str], set[str]]:
    """The Django and Python versions the tox matrix tests."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini")
    env_list = parser["tox"]["env_list"]
    djangos = {f"{m[0]}.{m[1:]}" for m in re.findall(r"django(\d\d)", env_list)}
    djangos |= {
        f"{v[0]}.{v[1:]}"
        for group in re.findall(r"django\{([\d, ]+)\}", env_list)
        for v in group.replace(" ", "").split(",")
    }
    pythons = {f"3.{m}" for m in re.findall(r"py3(\d\d)", env_list)}
    return djangos, pythons


def classifier_problems(wheel_name: str, classifiers: list[str]) -> list[str]:
    djangos, pythons = tox_matrix()
    declared_django = {
        c.rsplit(" ", 1)[1] for c in classifiers if c.startswith("Framework :: Django :: ")
    }
    declared_python = {
        c.rsplit(" ", 1)[1]
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    problems = []
    if declared_django != djangos:
        problems.append(
            f"{wheel_name}: Django classifiers {sorted(declared_django)} != tox {sorted(djangos)}"
        )
    if declared_python != pythons:
        problems.append(
            f"{wheel_name}: Python classifiers {sorted(declared_python)} != tox {sorted(pythons)}"
        )
    return problems


def build(package: Package, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--installer",
            "uv",
            "--outdir",
            str(out),
            str(package.path),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sdists = list(out.glob("*.tar.gz"))
    wheels = list(out.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise SystemExit(f"{package.module}: expected one sdist and one wheel in {out}")
    return sdists[0], wheels[0]


MINIMAL_SETTINGS = """\
SECRET_KEY = "packaging-check-only"
DEBUG = True
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = {apps!r}
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}}}
TEMPLATES = [{{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {{"context_processors": []}}}}]
ROOT_URLCONF = "urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

MANAGE = """\
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
"""


def install_alone(package: Package, wheel: Path, uv: str) -> list[str]:
    """Install the wheel into a fresh venv and run import + manage.py check there."""
    with tempfile.TemporaryDirectory(prefix=f"{package.module}-alone-") as tmp:
        venv = Path(tmp) / "venv"
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, env=env)
        python = venv / "bin" / "python"
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--python", str(python), str(wheel)],
            check=True,
            env=env,
        )
        project = Path(tmp) / "project"
        project.mkdir()
        apps = [*REQUIRED_APPS.get(package.module, []), package.module]
        (project / "settings.py").write_text(MINIMAL_SETTINGS.format(apps=apps))
        (project / "urls.py").write_text("urlpatterns = []\n")
        (project / "manage.py").write_text(MANAGE)
        code = textwrap.dedent(
            f"""
            import importlib, os, pathlib, {package.module} as m
            assert "site-packages" in pathlib.Path(m.__file__).parts, m.__file__
            assert m.__all__, "no public API"
            import django
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
            django.setup()
            for name in m.__all__:
                getattr(m, name)
            print(m.__name__, m.__version__)
            """
        )
        problems = []
        for argv in (
            [str(python), "-c", code],
            [str(python), "manage.py", "check", "--fail-level", "WARNING"],
        ):
            result = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                problems.append(
                    f"{package.module}: `{' '.join(argv[1:])}` failed in a venv holding only its wheel:\n"
                    + textwrap.indent(result.stdout + result.stderr, "    ")
                )
        return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist", help="where to put the built files"
    )
    parser.add_argument("--no-install", action="store_true", help="build and inspect only")
    parser.add_argument("packages", nargs="*", help="package folder names (default: all)")
    args = parser.parse_args(argv)

    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    selected = [p for p in discover() if not args.packages or p.module in args.packages]
    problems: list[str] = []
    for package in selected:
        out = args.out / package.module
        shutil.rmtree(out, ignore_errors=True)
        sdist, wheel = build(package, out)
        found = wheel_problems(wheel, tracked_files(package), package.module)
        if not found and not args.no_install:
            found = install_alone(package, wheel, uv)
        status = "ok" if not found else f"{len(found)} problem(s)"
        print(f"{package.module}: {sdist.name}, {wheel.name}: {status}")
        problems += found
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
