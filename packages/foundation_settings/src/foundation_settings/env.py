"""Typed, collect-all readers for settings from the environment and an optional ``.env`` file.

A settings module creates one :class:`Env`, reads every value through it, and calls
:meth:`Env.finish` at its end: that raises **one** ``ImproperlyConfigured`` naming every missing or
invalid variable, instead of stopping at the first. Every read is recorded (name, type, source,
default, whether secret) so ``manage.py settings_report`` and ``manage.py env_example`` can show it.

Values are read literally (``$`` is never interpolated) and stripped of surrounding whitespace; an
empty value counts as unset. The real environment wins over ``.env``. ``NAME_FILE`` may point to a
file holding the value (container secrets). Secret values never appear in an error message.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from . import masking
from .dotenv import read_dotenv

T = TypeVar("T")

# Env has methods named after these types; annotations inside the class use the aliases.
Str = str
Bool = bool
Int = int
Float = float
List = list


class _Missing:
    def __repr__(self) -> str:
        return "<required>"


MISSING: Final = _Missing()

PROFILES = ("dev", "test", "prod")
TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f"})
BOOL_FORMS = "use true/false, 1/0, yes/no or on/off"


@dataclass
class Declaration:
    """What a settings module read, and where the value came from."""

    name: str
    kind: str
    source: str  # "environment", ".env", "file", "default", "generated", "missing", "invalid"
    secret: bool
    required: bool
    default: Any
    help: str
    value: Any = None


class ItemsError(ValueError):
    """Some items of a list are invalid; the message names them, not the whole value."""


@dataclass
class Problem:
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


def profile_from_settings_module(module: str | None = None) -> str:
    """``prod`` for ``*.prod``/``*.production``, ``test`` for ``*.test``/``*.tests``, else ``dev``."""
    module = module if module is not None else os.environ.get("DJANGO_SETTINGS_MODULE", "")
    last = module.rsplit(".", 1)[-1].lower()
    if last in {"prod", "production"}:
        return "prod"
    if last in {"test", "tests", "testing"}:
        return "test"
    return "dev"


# Set by `manage.py env_example` in the subprocess that imports a settings module only to list
# what it reads: there, `finish()` does not raise.
COLLECT_ONLY_VARIABLE = "FOUNDATION_SETTINGS_COLLECT_ONLY"

_current: Env | None = None


def current() -> Env | None:
    """The most recently created :class:`Env`: the one the settings module used."""
    return _current


class Env:
    """Reads typed settings; see the module docstring."""

    def __init__(
        self,
        *,
        profile: Str | None = None,
        base_dir: Str | os.PathLike[Str] | None = None,
        env_file: Str | os.PathLike[Str] | None = ".env",
        environ: Mapping[Str, Str] | None = None,
    ) -> None:
        global _current
        self.profile = profile or profile_from_settings_module()
        if self.profile not in PROFILES:
            raise ImproperlyConfigured(
                f"Env(profile={self.profile!r}) is not a profile: use one of {', '.join(PROFILES)}"
            )
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.environ: Mapping[Str, Str] = os.environ if environ is None else environ
        self.declarations: dict[Str, Declaration] = {}
        self.problems: list[Problem] = []
        self.dotenv_path: Path | None = None
        self.dotenv: dict[Str, Str] = {}
        self.finished = False
        self.notices: List[Str] = []
        if env_file is not None:
            path = Path(env_file)
            path = path if path.is_absolute() else self.base_dir / path
            loaded = read_dotenv(path)
            if path.is_file():
                self.dotenv_path = path
            self.dotenv = loaded.values
            for error in loaded.errors:
                self.problem(".env", error)
        _current = self

    # -- profile -------------------------------------------------------------------------------

    @property
    def is_prod(self) -> Bool:
        return self.profile == "prod"

    @property
    def is_dev(self) -> Bool:
        return self.profile in {"dev", "test"}

    # -- the lookup shared by every reader -----------------------------------------------------

    def _raw(self, name: Str) -> tuple[Str | None, Str]:
        """The raw text of a variable and its source; (None, "missing") when unset or empty."""
        value = self.environ.get(name)
        if value is not None and value.strip():
            return value.strip(), "environment"
        file_name = self.environ.get(f"{name}_FILE") or self.dotenv.get(f"{name}_FILE")
        if file_name:
            try:
                text = Path(file_name).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                self._problem(
                    name, f"{name}_FILE names a file that cannot be read ({exc.__class__.__name__})"
                )
                return None, "invalid"
            if text:
                return text, "file"
        value = self.dotenv.get(name)
        if value is not None and value.strip():
            return value.strip(), ".env"
        return None, "missing"

    def problem(self, name: Str, message: Str) -> None:
        """Record a problem of your own (e.g. a combination of values) for :meth:`finish`.

        The same problem is kept once: Django imports a settings module again after a failed
        import, while the module that created this Env stays imported."""
        problem = Problem(name, message)
        if problem not in self.problems:
            self.problems.append(problem)

    _problem = problem

    def notice(self, message: Str) -> None:
        """Something worth saying once at startup (logged by the app's ``ready()``)."""
        if message not in self.notices:
            self.notices.append(message)

    def _read(
        self,
        name: Str,
        kind: Str,
        parse: Callable[[Str], T],
        default: Any,
        dev: Any,
        *,
        secret: Bool = False,
        help: Str = "",
        fallback: T,
        parse_default: Bool = False,
    ) -> T:
        """Look up, parse, record; on any problem record it and return ``fallback``."""
        secret = secret or (masking.is_secret_name(name) and kind in {"str", "secret", "url"})
        effective_default = dev if (self.is_dev and dev is not MISSING) else default
        required = effective_default is MISSING
        raw, source = self._raw(name)
        declaration = Declaration(
            name, kind, source, secret, required, effective_default if not required else None, help
        )
        self.declarations[name] = declaration
        if raw is None:
            if source == "invalid":
                return fallback
            if required:
                declaration.source = "missing"
                where = "in production" if self.is_prod else f"in the {self.profile} profile"
                self._problem(
                    name, f"is required {where} but not set" + (f" ({help})" if help else "")
                )
                return fallback
            declaration.source = "default"
            declaration.value = effective_default
            if parse_default and isinstance(effective_default, str):
                try:
                    return parse(effective_default)
                except ValueError as exc:  # a mistake in the settings module itself
                    raise ImproperlyConfigured(f"{name}: the default {exc}") from None
            return effective_default  # type: ignore[no-any-return]
        if secret:
            masking.register_secret(raw)
        try:
            value = parse(raw)
        except ValueError as exc:
            declaration.source = "invalid"
            shown = "the value" if secret else _quote(raw)
            self._problem(name, str(exc) if isinstance(exc, ItemsError) else f"{shown} {exc}")
            return fallback
        declaration.value = value
        return value

    # -- typed readers ---------------------------------------------------------------------------

    def str(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        choices: Sequence[Str] | None = None,
        secret: Bool = False,
        help: Str = "",
    ) -> Str:
        def parse(raw: Str) -> Str:
            if choices is not None and raw not in choices:
                raise ValueError(f"is not one of: {', '.join(choices)}")
            return raw

        return self._read(name, "str", parse, default, dev, secret=secret, help=help, fallback="")

    def secret(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        min_length: Int = 1,
        help: Str = "",
    ) -> Str:
        """A string that is never shown: not in errors, reports or logs."""

        def parse(raw: Str) -> Str:
            if len(raw) < min_length:
                raise ValueError(f"is too short: at least {min_length} characters expected")
            return raw

        return self._read(name, "secret", parse, default, dev, secret=True, help=help, fallback="")

    def bool(
        self, name: Str, default: Any = MISSING, *, dev: Any = MISSING, help: Str = ""
    ) -> Bool:
        return self._read(name, "bool", parse_bool, default, dev, help=help, fallback=False)

    def int(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        min: Int | None = None,
        max: Int | None = None,
        help: Str = "",
    ) -> Int:
        def parse(raw: Str) -> Int:
            try:
                value = int(raw.replace("_", ""))
            except ValueError:
                raise ValueError("is not a whole number: use digits, e.g. 8000") from None
            _bounds(value, min, max)
            return value

        return self._read(name, "int", parse, default, dev, help=help, fallback=0)

    def float(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        min: Float | None = None,
        max: Float | None = None,
        help: Str = "",
    ) -> Float:
        def parse(raw: Str) -> Float:
            try:
                value = float(raw)
            except ValueError:
                raise ValueError("is not a number: use digits with a dot, e.g. 2.5") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError("is not a finite number")
            _bounds(value, min, max)
            return value

        return self._read(name, "float", parse, default, dev, help=help, fallback=0.0)

    def list(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        item: Callable[[Str], Str] | None = None,
        help: Str = "",
    ) -> list[Str]:
        """Comma-separated; items trimmed, empty items dropped, duplicates removed in order."""

        def parse(raw: Str) -> list[Str]:
            items = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
            if item is None:
                return items
            out, errors = [], []
            for text in items:
                try:
                    out.append(item(text))
                except ValueError as exc:
                    errors.append(f"{_quote(text)} {exc}")
            if errors:
                raise ItemsError("has invalid items: " + "; ".join(errors))
            return out

        return self._read(name, "list", parse, default, dev, help=help, fallback=[])

    def url(
        self,
        name: Str,
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        schemes: Sequence[Str] | None = None,
        help: Str = "",
    ) -> Str:
        def parse(raw: Str) -> Str:
            check_url(raw, schemes)
            return raw

        return self._read(name, "url", parse, default, dev, help=help, fallback="")

    def path(
        self, name: Str, default: Any = MISSING, *, dev: Any = MISSING, help: Str = ""
    ) -> Path:
        """A filesystem path; relative paths are taken from ``base_dir``."""

        def parse(raw: Str) -> Path:
            path = Path(os.path.expanduser(raw))
            return path if path.is_absolute() else self.base_dir / path

        result = self._read(name, "path", parse, default, dev, help=help, fallback=self.base_dir)
        return Path(result)

    def json(self, name: Str, default: Any = MISSING, *, dev: Any = MISSING, help: Str = "") -> Any:
        def parse(raw: Str) -> Any:
            try:
                return json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"is not valid JSON ({exc.msg} at character {exc.pos + 1})"
                ) from None

        return self._read(name, "json", parse, default, dev, help=help, fallback=None)

    # -- the end of a settings module ---------------------------------------------------------

    def finish(self) -> None:
        """Raise one ``ImproperlyConfigured`` listing every problem found so far, if any."""
        self.finished = True
        if not self.problems or os.environ.get(COLLECT_ONLY_VARIABLE) == "1":
            return
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        raise ImproperlyConfigured(
            f"{count} setting problem{'s' if count > 1 else ''} in the {self.profile} profile "
            f"(fix them in the environment or in .env):\n{lines}"
        )


def parse_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"is not a boolean: {BOOL_FORMS}")


def check_url(raw: str, schemes: Sequence[str] | None = None) -> None:
    """Raise ``ValueError`` (without echoing credentials) unless ``raw`` is a usable URL."""
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(
            "is not a valid URL; percent-encode special characters in the user name and password"
        ) from None
    if not parts.scheme or (not parts.netloc and parts.scheme not in {"sqlite", "spatialite"}):
        raise ValueError("is not a URL: expected scheme://host")
    if schemes is not None and parts.scheme not in schemes:
        raise ValueError(
            f"has an unsupported scheme {parts.scheme!r}: use one of {', '.join(schemes)}"
        )


def _bounds(value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise ValueError(f"is below the minimum {low}")
    if high is not None and value > high:
        raise ValueError(f"is above the maximum {high}")


_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def _quote(raw: str) -> str:
    """A non-secret value for an error message: masked for URLs, shortened, control chars escaped."""
    shown = masking.mask_text(raw)
    if "://" in shown:
        shown = masking.safe_url(shown) if "@" in raw else shown
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return repr(shown)
