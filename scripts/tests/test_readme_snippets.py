"""Every ```python and ```sh block of each package's README runs, as printed.

Each block runs in a fresh interpreter, in a throwaway Django project (SQLite, the package in
`INSTALLED_APPS` with the apps it needs, the fake Ollama server at `OLLAMA_HOST`). What "runs"
means depends on what the block is:

- a settings fragment (it assigns UPPER_CASE names and defines no function or class) is placed in
  the project's settings module after the project's own settings, and `manage.py check` must pass.
  `...` inside a list (or a line `# ...`) stands for what the site already has there:
  `INSTALLED_APPS = [..., "foundation_health"]` keeps the project's apps. The project's settings
  module is `project.dev`, a development profile by its name;
- a URLconf (it assigns `urlpatterns`) becomes the project's root URLconf, and `check` must pass;
- a block defining `test_*` functions runs under pytest, with pytest-django and this package's
  fixtures;
- any other Python block runs as a script after `django.setup()` and `migrate`. Scripts and
  pytest blocks run with the README's settings fragments above them in effect, as a reader has set
  them up by then; every `HOST` in `FOUNDATION_LLM` is pointed at the fake Ollama server, which
  has the models the README names;
- a shell block runs under `bash -eu` in the project folder. `pip install ...` only checks that it
  names this package and extras it has (the package is already installed); `python` is this
  interpreter.

A README says how to treat one block with an HTML comment (invisible on GitHub and PyPI) on the
line before its fence: `<!-- snippet: skip, <why> -->` leaves it out, and `<!-- snippet: settings
-->` (or `urls`, `pytest`, `script`) names its kind.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from check_packaging import REQUIRED_APPS

from foundation_llm.testing import FakeOllamaServer

ROOT = Path(__file__).resolve().parents[2]
READMES = sorted(ROOT.glob("packages/*/README.md"))
FENCE = re.compile(r"^```(\w+)\s*$")
MARKER = re.compile(r"^<!--\s*snippet:\s*(\w+)(?:,\s*(.*?))?\s*-->$")
KINDS = {"settings", "urls", "pytest", "script", "sh", "skip"}
MODEL = re.compile(r'"MODEL":\s*"([^"]+)"')
TIMEOUT = 180  # seconds for one block; generous, for a loaded machine


@dataclass(frozen=True)
class Snippet:
    readme: Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str
    marker: str | None

    @property
    def module(self) -> str:
        return self.readme.parent.name

    @property
    def id(self) -> str:
        return f"{self.module}/README.md:{self.line}"

    @property
    def kind(self) -> str:
        if self.marker:
            return self.marker
        if self.language == "sh":
            return "sh"
        tree = ast.parse(self.code)
        defined = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if node.name.startswith("test_"):
                    return "pytest"
                return "script"
            targets = node.targets if isinstance(node, ast.Assign) else []
            defined |= {t.id for t in targets if isinstance(t, ast.Name)}
        if "urlpatterns" in defined:
            return "urls"
        if any(name.isupper() for name in defined):
            return "settings"
        return "script"


def snippets(readme: Path) -> Iterator[Snippet]:
    lines = readme.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])  # top-level fences only; indented ones are examples
        if not fence:
            index += 1
            continue
        start = index
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
        index = end + 1
        if fence.group(1) not in {"python", "sh"}:
            continue
        before = next((lines[i] for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        marker = MARKER.match(before.strip())
        kind = marker.group(1) if marker else None
        if kind is not None and kind not in KINDS:
            raise ValueError(f"{readme}:{start}: unknown snippet kind {kind!r}")
        code = "\n".join(lines[start + 1 : end]) + "\n"
        yield Snippet(readme, start + 1, fence.group(1), code, kind)


ALL = [snippet for readme in READMES for snippet in snippets(readme)]

SETTINGS = """\
from pathlib import Path as _Path
import copy as _copy

BASE_DIR = _Path(__file__).resolve().parent.parent
SECRET_KEY = "readme-snippets-" + "k" * 50
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
] + [app for app in {apps!r} if not app.startswith("django.contrib.")] + [{module!r}]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "project_urls"
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        }},
    }}
]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}}}
STATIC_URL = "static/"
USE_TZ = True
_SITE = _copy.deepcopy({{k: v for k, v in globals().items() if k.isupper()}})

# The README's block:
{code}

# `...` in a list is what the site already had there.
for _name, _value in list(globals().items()):
    if _name.isupper() and isinstance(_value, list) and Ellipsis in _value:
        _at = _value.index(Ellipsis)
        _had = [item for item in _SITE.get(_name, []) if item not in _value]
        globals()[_name] = _value[:_at] + _had + _value[_at + 1 :]

# The fake Ollama server stands in for every Ollama the README names.
for _alias in globals().get("FOUNDATION_LLM", {{}}).values():
    if isinstance(_alias, dict) and "HOST" in _alias:
        _alias["HOST"] = __import__("os").environ["OLLAMA_HOST"]
"""

URLS = """\
from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
"""

URLS_FROM_README = """\
{code}

urlpatterns = [pattern for pattern in urlpatterns if pattern is not Ellipsis]
"""

# The project's settings module: a development one, by its name (foundation-settings' profiles).
SETTINGS_MODULE = "project.dev"
MANAGE = f"""\
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", {SETTINGS_MODULE!r})
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
"""

SCRIPT = """\
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
code = open("snippet.py", encoding="utf-8").read()
exec(compile(code, {where!r}, "exec"), {{"__name__": "__main__"}})
"""

# `pip install` in a shell block: the package is installed already; check that the README names it
# and extras it has.
PIP = """\
#!{python}
import sys
from importlib.metadata import metadata
from packaging.requirements import Requirement

args = sys.argv[1:]
if args[:1] != ["install"]:
    sys.exit(f"README snippet runs pip {{' '.join(args)}}: only pip install is expected")
for arg in args[1:]:
    if arg.startswith("-"):
        continue
    requirement = Requirement(arg)
    if requirement.name != {distribution!r}:
        sys.exit(f"pip install {{arg}}: this README's package is {distribution!r}")
    extras = set(metadata(requirement.name).get_all("Provides-Extra") or [])
    if not requirement.extras <= extras:
        sys.exit(f"pip install {{arg}}: {distribution} has no extra {{requirement.extras - extras}}")
"""


@pytest.fixture(scope="module")
def ollama() -> Iterator[FakeOllamaServer]:
    with FakeOllamaServer() as server:
        yield server


# A line `# ...` inside a list, as READMEs write "your other apps", means what `...` does.
COMMENTED_ELLIPSIS = re.compile(r"^(\s*)#\s*\.\.\.,?(.*)$", re.MULTILINE)


def as_fragment(code: str) -> str:
    return COMMENTED_ELLIPSIS.sub(r"\1...,  #\2", code)


def project(tmp_path: Path, snippet: Snippet) -> Path:
    """A throwaway Django project for one snippet of `module`'s README."""
    apps = REQUIRED_APPS[snippet.module]
    if snippet.kind == "settings":
        settings_code = snippet.code
    else:  # what a reader has set up by then: the README's settings fragments above the block
        settings_code = "\n".join(
            other.code
            for other in ALL
            if other.readme == snippet.readme and other.line < snippet.line
            if other.kind == "settings"
        )
    package = tmp_path / "project"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "dev.py").write_text(
        SETTINGS.format(apps=apps, module=snippet.module, code=as_fragment(settings_code))
    )
    urls = URLS_FROM_README.format(code=snippet.code) if snippet.kind == "urls" else URLS
    (tmp_path / "project_urls.py").write_text(urls)
    (tmp_path / "manage.py").write_text(MANAGE)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    distribution = snippet.module.replace("_", "-")
    (bin_dir / "pip").write_text(PIP.format(python=sys.executable, distribution=distribution))
    (bin_dir / "pip").chmod(0o755)
    # A wrapper, not a symlink: a virtualenv's interpreter finds its packages from its own path.
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bin_dir / "python").chmod(0o755)
    return tmp_path


def run(
    snippet: Snippet, folder: Path, ollama: FakeOllamaServer
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "OLLAMA_HOST": ollama.url,
        "PATH": f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(folder),
    }
    for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"):
        env.pop(variable, None)
    python = [sys.executable, "-W", "error::DeprecationWarning"]
    kind = snippet.kind
    if kind in {"settings", "urls"}:
        argv = [*python, "manage.py", "check", "--fail-level", "ERROR"]
    elif kind == "pytest":
        (folder / "test_snippet.py").write_text(snippet.code)
        argv = [*python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_snippet.py"]
    elif kind == "script":
        (folder / "snippet.py").write_text(snippet.code)
        argv = [*python, "-c", SCRIPT.format(where=snippet.id)]
    else:
        argv = ["bash", "-euo", "pipefail", "-c", snippet.code]
    return subprocess.run(
        argv, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


@pytest.fixture(scope="module")
def outcomes(
    ollama: FakeOllamaServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[subprocess.CompletedProcess[str]]]]:
    """Every block started at once, as many at a time as there are CPUs: each is a cold process."""
    for readme in READMES:  # the models the READMEs configure are pulled on the fake
        for model in MODEL.findall(readme.read_text(encoding="utf-8")):
            ollama.add_model(model)

    def start(snippet: Snippet) -> subprocess.CompletedProcess[str]:
        return run(snippet, project(tmp_path_factory.mktemp("snippet"), snippet), ollama)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {s.id: pool.submit(start, s) for s in ALL if s.kind != "skip"}
        yield futures
        for future in futures.values():
            future.cancel()


@pytest.mark.parametrize("snippet", ALL, ids=[s.id for s in ALL])
def test_readme_snippet_runs(
    snippet: Snippet, outcomes: dict[str, Future[subprocess.CompletedProcess[str]]]
) -> None:
    if snippet.kind == "skip":
        pytest.skip(f"{snippet.id} is marked skip")
    result = outcomes[snippet.id].result()
    assert result.returncode == 0, (
        f"{snippet.id} ({snippet.kind}) failed:\n{textwrap.indent(snippet.code, '    ')}\n"
        f"{result.stdout}\n{result.stderr}"
    )


def test_every_package_readme_has_runnable_snippets() -> None:
    assert {s.module for s in ALL if s.kind != "skip"} == {p.parent.name for p in READMES}
    assert len(READMES) == 4


def test_kinds_are_read_from_the_block() -> None:
    readme = Path("README.md")
    settings = Snippet(readme, 1, "python", 'FOO = {"A": 1}\n', None)
    urls = Snippet(readme, 1, "python", "urlpatterns = []\n", None)
    script = Snippet(readme, 1, "python", "from x import y\nreply = y()\n", None)
    test = Snippet(readme, 1, "python", "def test_it():\n    pass\n", None)
    forced = Snippet(readme, 1, "python", "X = 1\n", "script")
    assert [s.kind for s in (settings, urls, script, test, forced)] == [
        "settings",
        "urls",
        "script",
        "pytest",
        "script",
    ]


def made_up(module: str, language: str, code: str) -> Snippet:
    return Snippet(ROOT / "packages" / module / "README.md", 1, language, code, None)


@pytest.mark.parametrize(
    ("module", "language", "code", "says"),
    [
        (
            "foundation_health",
            "python",
            'FOUNDATION_HEALTH = {"TIMOUT": 1}\n',
            "foundation_health.E001",
        ),
        ("foundation_health", "python", 'urlpatterns = [path("", include("x"))]\n', "NameError"),
        (
            "foundation_ui",
            "python",
            'FOUNDATION_UI = {"TOAST_SECONDS": -1}\n',
            "foundation_ui.E004",
        ),
        ("foundation_ui", "sh", "pip install 'foundation-ui[tailwnd]'\n", "has no extra"),
        ("foundation_ui", "sh", "pip install foundation-uI-kit\n", "this README's package"),
        ("foundation_llm", "python", "def test_it():\n    assert 1 == 2\n", "1 failed"),
    ],
)
def test_a_broken_snippet_fails(
    module: str, language: str, code: str, says: str, tmp_path: Path, ollama: FakeOllamaServer
) -> None:
    snippet = made_up(module, language, code)
    result = run(snippet, project(tmp_path, snippet), ollama)
    assert result.returncode != 0
    assert says in result.stdout + result.stderr


def test_a_script_reaches_the_fake_ollama(tmp_path: Path, ollama: FakeOllamaServer) -> None:
    code = 'from foundation_llm import llm\nprint(llm.chat([{"role": "user", "content": "hi"}]).message.content)\n'
    snippet = made_up("foundation_llm", "python", code)
    result = run(snippet, project(tmp_path, snippet), ollama)
    assert result.returncode == 0, result.stderr
    assert "hi" in result.stdout


def test_a_commented_ellipsis_keeps_the_sites_apps(
    tmp_path: Path, ollama: FakeOllamaServer
) -> None:
    code = 'INSTALLED_APPS = [\n    # ...\n    "foundation_settings",\n]\n'
    snippet = made_up("foundation_settings", "python", code)
    result = run(snippet, project(tmp_path, snippet), ollama)
    assert result.returncode == 0, result.stderr
