"""Typed, collect-all readers of environment variables, on top of django-environ."""

from __future__ import annotations

import builtins
import json as _json
import os
import re
import secrets
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured

from .masking import is_secret_name, mask_text, register_secret

__all__ = ["DEV_KEY_PREFIX", "NOTSET", "Declaration", "Env", "Problem", "current_env"]

T = TypeVar("T")


class _NotSet:
    def __repr__(self) -> str:
        return "NOTSET"


NOTSET: Any = _NotSet()
DEV_KEY_PREFIX = "dev-only-"
PROFILES = ("dev", "test", "prod")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_BOOL_FORM = "use true/false, 1/0, yes/no (or on/off)"
_DOTENV_LINE = re.compile(r"^(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")
_HOST = re.compile(
    r"^(?:\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$"
)
_KEY_ALPHABET = (
    string.ascii_letters + string.digits + "!@%^&*(-_=+)"
)  # no `$`, `#`, quotes or spaces

DB_SCHEMES: dict[str, str] = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "postgis": "django.contrib.gis.db.backends.postgis",
    "mysql": "django.db.backends.mysql",
    "mariadb": "django.db.backends.mysql",
    "sqlite": "django.db.backends.sqlite3",
}


@dataclass
class Problem:
    name: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Declaration:
    """One variable a settings module reads: what `settings_report` and `env_example` show."""

    name: str
    kind: str
    default: Any = NOTSET
    secret: bool = False
    help: str = ""
    required_in: tuple[str, ...] = ()
    value: Any = None
    source: str = "default"


_current: Env | None = None


def current_env() -> Env | None:
    """The last `Env` a settings module created in this process (None when none was)."""
    return _current


def _profile_from(environ: Mapping[str, str]) -> str:
    module = environ.get("DJANGO_SETTINGS_MODULE", "")
    tail = module.rsplit(".", 1)[-1].lower()
    if tail in ("prod", "production"):
        return "prod"
    if tail in ("test", "tests", "testing"):
        return "test"
    return "dev"


def _show(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return repr(shown)


@dataclass
class _DotEnv:
    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_dotenv(text: str) -> _DotEnv:
    """Parse `.env` text: NAME=value lines, `export`, comments, single or double quotes.

    Values are read literally: no `$` interpolation, so a secret starting with `$` stays itself.
    """
    out = _DotEnv()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _DOTENV_LINE.match(stripped)
        if match is None:
            out.errors.append(f"line {number}: expected NAME=value")
            continue
        raw = match.group("value").strip()
        if raw[:1] in ("'", '"'):
            quote = raw[0]
            end = raw.find(quote, 1)
            rest = raw[end + 1 :].strip() if end != -1 else ""
            if end == -1 or (rest and not rest.startswith("#")):
                out.errors.append(
                    f"line {number}: unterminated or malformed quoted value of {match.group('name')}"
                )
                continue
            value = raw[1:end]
            if quote == '"':
                value = value.replace("\\n", "\n")
        else:
            value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        out.values[match.group("name")] = (value, number)
    return out


class Env:
    """Read settings from the environment and an optional `.env` file; report every problem at once.

    Readers never raise: they record a problem and return a harmless placeholder, and `seal()` raises one
    `ImproperlyConfigured` listing every problem. The real environment wins over `.env`.
    """

    def __init__(
        self,
        *,
        base_dir: str | Path | None = None,
        profile: str | None = None,
        env_file: str | Path | None = ".env",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        global _current
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        chosen = profile or _profile_from(self.environ)
        if chosen not in PROFILES:
            raise ImproperlyConfigured(
                f"Unknown settings profile {chosen!r}: use one of {', '.join(PROFILES)}"
            )
        self.profile = chosen
        self.problems: list[Problem] = []
        self.declarations: dict[str, Declaration] = {}
        self.notes: list[str] = []
        self.dotenv_path: Path | None = None
        self._dotenv: dict[str, tuple[str, int]] = {}
        if env_file is not None:
            path = Path(env_file)
            path = path if path.is_absolute() else self.base_dir / path
            if path.is_file():
                self.dotenv_path = path
                try:
                    parsed = parse_dotenv(path.read_text(encoding="utf-8"))
                except UnicodeDecodeError:
                    self.problems.append(Problem(".env", f"{path.name}: is not UTF-8 text"))
                else:
                    self._dotenv = parsed.values
                    for error in parsed.errors:
                        self.problems.append(Problem(".env", f"{path.name} {error}"))
        for name, value in list(self.environ.items()) + [
            (k, v) for k, (v, _) in self._dotenv.items()
        ]:
            if is_secret_name(name) and name != "DJANGO_SETTINGS_MODULE":
                register_secret(value)
        _current = self

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def is_dev(self) -> bool:
        return self.profile != "prod"

    def _raw(self, name: str) -> tuple[str | None, str]:
        if name in self.environ:
            return self.environ[name], "environment"
        if name in self._dotenv:
            value, line = self._dotenv[name]
            return value, f".env line {line}"
        return None, "default"

    def problem(self, name: str, message: str) -> None:
        """Record a problem; `seal()` reports them all."""
        self.problems.append(Problem(name, message))

    def check(self, condition: bool, name: str, message: str) -> None:
        """Record `message` as a problem of `name` unless `condition` holds."""
        if not condition:
            self.problem(name, message)

    def note(self, message: str) -> None:
        """A message the app logs once at startup (e.g. "tasks run in-process")."""
        self.notes.append(message)

    def _read(
        self,
        name: str,
        kind: str,
        parse: Callable[[str], T],
        default: Any,
        dev: Any,
        placeholder: T,
        *,
        secret: bool = False,
        help: str = "",
        strip: bool = True,
    ) -> T:
        effective_default = dev if (self.is_dev and dev is not NOTSET) else default
        decl = Declaration(name, kind, effective_default, secret or is_secret_name(name), help)
        if default is NOTSET:
            decl.required_in = ("prod",) if dev is not NOTSET else PROFILES
        self.declarations[name] = decl
        raw, source = self._raw(name)
        if raw is not None and strip:
            raw = raw.strip()
        if raw is None or raw == "":
            if effective_default is NOTSET:
                where = "production" if self.profile == "prod" else f"the {self.profile} profile"
                what = "is missing" if raw is None else "is empty"
                self.problem(
                    name, f"{name} {what}: required in {where}" + (f" ({help})" if help else "")
                )
                decl.value = placeholder
                return placeholder
            decl.value, decl.source = effective_default, "default"
            return cast(T, effective_default)
        if decl.secret:
            register_secret(raw)
        try:
            value = parse(raw)
        except ValueError as exc:
            shown = "" if decl.secret else f"={_show(mask_text(raw))}"
            self.problem(name, f"{name}{shown} {exc}")
            decl.value = placeholder
            return placeholder
        decl.value, decl.source = value, source
        return value

    # -- typed readers --------------------------------------------------------------------------
    def str(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        choices: Sequence[builtins.str] | None = None,
        help: builtins.str = "",
    ) -> builtins.str:
        def parse(raw: builtins.str) -> builtins.str:
            if choices is not None and raw not in choices:
                raise ValueError(f"is not one of: {', '.join(choices)}")
            return raw

        return self._read(name, "str", parse, default, dev, "", help=help)

    def secret(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        min_length: int = 0,
        help: builtins.str = "",
    ) -> builtins.str:
        """A secret: masked in every report and log line, never echoed in an error."""

        def parse(raw: builtins.str) -> builtins.str:
            if len(raw) < min_length:
                raise ValueError(
                    f"is too short: {len(raw)} characters, at least {min_length} needed"
                )
            return raw

        return self._read(name, "secret", parse, default, dev, "", secret=True, help=help)

    def bool(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        help: builtins.str = "",
    ) -> builtins.bool:
        def parse(raw: builtins.str) -> builtins.bool:
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(f"is not a boolean: {_BOOL_FORM}")

        return self._read(name, "bool", parse, default, dev, False, help=help)

    def int(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        min: builtins.int | None = None,
        max: builtins.int | None = None,
        help: builtins.str = "",
    ) -> builtins.int:
        def parse(raw: builtins.str) -> builtins.int:
            if not re.fullmatch(r"[+-]?[0-9]+", raw):
                raise ValueError("is not an integer: use digits only, e.g. 60")
            value = builtins.int(raw)
            if min is not None and value < min:
                raise ValueError(f"is below the minimum {min}")
            if max is not None and value > max:
                raise ValueError(f"is above the maximum {max}")
            return value

        return self._read(name, "int", parse, default, dev, 0, help=help)

    def float(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        help: builtins.str = "",
    ) -> builtins.float:
        def parse(raw: builtins.str) -> builtins.float:
            if not re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", raw):
                raise ValueError("is not a number: use digits with a dot, e.g. 2.5")
            return builtins.float(raw)

        return self._read(name, "float", parse, default, dev, 0.0, help=help)

    def list(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        item: Callable[[builtins.str], builtins.str] | None = None,
        help: builtins.str = "",
    ) -> builtins.list[builtins.str]:
        """Comma-separated items, each trimmed; empty items dropped; `item` validates each one."""

        def parse(raw: builtins.str) -> builtins.list[builtins.str]:
            items = [part.strip() for part in raw.split(",") if part.strip()]
            if item is None:
                return items
            out, bad = [], []
            for part in items:
                try:
                    out.append(item(part))
                except ValueError as exc:
                    bad.append(f"{_show(part)} {exc}")
            if bad:
                raise ValueError("has invalid items: " + "; ".join(bad))
            return out

        return self._read(name, "list", parse, default, dev, [], help=help)

    def json(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        help: builtins.str = "",
    ) -> Any:
        def parse(raw: builtins.str) -> Any:
            try:
                return _json.loads(raw)
            except _json.JSONDecodeError as exc:
                raise ValueError(f"is not valid JSON ({exc.msg} at column {exc.colno})") from None

        return self._read(name, "json", parse, default, dev, None, help=help)

    def path(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        help: builtins.str = "",
    ) -> Path:
        """A filesystem path; a relative one is taken relative to `base_dir`."""

        def parse(raw: builtins.str) -> Path:
            if "\x00" in raw:
                raise ValueError("contains a NUL character")
            path = Path(raw).expanduser()
            return path if path.is_absolute() else self.base_dir / path

        if isinstance(default, builtins.str):
            default = parse(default)
        if isinstance(dev, builtins.str):
            dev = parse(dev)
        return self._read(name, "path", parse, default, dev, self.base_dir, help=help)

    def url(
        self,
        name: builtins.str,
        default: Any = NOTSET,
        *,
        dev: Any = NOTSET,
        schemes: Sequence[builtins.str] = ("http", "https"),
        help: builtins.str = "",
    ) -> builtins.str:
        def parse(raw: builtins.str) -> builtins.str:
            _split_url(raw, schemes)
            return raw

        return self._read(name, "url", parse, default, dev, "", help=help)

    # -- higher-level readers -------------------------------------------------------------------
    def hosts(
        self, name: builtins.str = "ALLOWED_HOSTS", *, dev: Any = NOTSET, help: builtins.str = ""
    ) -> builtins.list[builtins.str]:
        """ALLOWED_HOSTS: trimmed host names; `*`, schemes, paths and spaces are refused."""
        if dev is NOTSET:
            dev = ["localhost", "127.0.0.1", "[::1]"]
        return self.list(
            name,
            dev=dev,
            item=_host,
            help=help or "comma-separated host names, e.g. example.com,.example.org",
        )

    def origins(
        self, name: builtins.str = "CORS_ORIGINS", *, dev: Any = NOTSET, help: builtins.str = ""
    ) -> builtins.list[builtins.str]:
        """Browser origins (scheme://host[:port]): exact list; production defaults to none."""
        if dev is NOTSET:
            dev = ["http://localhost:5173", "http://127.0.0.1:5173"]
        return self.list(
            name,
            [],
            dev=dev,
            item=_origin,
            help=help or "comma-separated origins, e.g. https://app.example.com",
        )

    def secret_key(
        self, name: builtins.str = "SECRET_KEY", *, dev_file: builtins.str | Path = ".secret_key"
    ) -> builtins.str:
        """Production: required, 50+ characters, not a development key. Development: one per checkout,
        generated into `dev_file` (keep it git-ignored), never printed. Test: one per process."""
        path = Path(dev_file)
        path = path if path.is_absolute() else self.base_dir / path

        def parse(raw: builtins.str) -> builtins.str:
            if self.profile == "prod":
                if raw.startswith(DEV_KEY_PREFIX) or raw.startswith("django-insecure"):
                    raise ValueError("is a development key: generate a new one for production")
                if len(raw) < 50 or len(set(raw)) < 5:
                    raise ValueError(
                        f"is too weak: {len(raw)} characters, at least 50 with 5 different ones needed"
                    )
            return raw

        if self.profile == "prod":
            value = self._read(
                name, "secret", parse, NOTSET, NOTSET, "", secret=True, help="50+ random characters"
            )
            self.declarations[name].required_in = ("prod",)
            return value
        raw, _ = self._raw(name)
        if raw is not None and raw.strip():
            return self._read(name, "secret", parse, NOTSET, NOTSET, "", secret=True)
        if self.profile == "test":
            key = DEV_KEY_PREFIX + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(50))
            source = "generated for this process"
        else:
            key = _dev_key(path)
            source = f"generated into {path.name}"
        register_secret(key)
        self.declarations[name] = Declaration(
            name, "secret", NOTSET, True, "50+ random characters", ("prod",), key, source
        )
        return key

    def database(
        self,
        name: builtins.str = "DATABASE_URL",
        *,
        dev: Any = "sqlite:///db.sqlite3",
        conn_max_age: builtins.int = 60,
        conn_health_checks: builtins.bool = True,
        connect_timeout: builtins.int = 5,
        pool: builtins.bool = False,
    ) -> dict[builtins.str, Any]:
        """One entry of DATABASES from a URL. Query options `conn_max_age`, `conn_health_checks`,
        `connect_timeout` and `pool` (PostgreSQL, Django connection pooling) are typed; others go to OPTIONS."""
        url = self._read(
            name,
            "url",
            lambda raw: (_split_url(raw, tuple(DB_SCHEMES)), raw)[1],
            NOTSET,
            dev,
            "",
            help="a postgres://, mysql:// or sqlite:/// URL",
        )
        if not url:
            return {"ENGINE": DB_SCHEMES["sqlite"], "NAME": ":memory:"}
        try:
            return _database_config(
                url,
                self.base_dir,
                conn_max_age=conn_max_age,
                conn_health_checks=conn_health_checks,
                connect_timeout=connect_timeout,
                pool=pool,
            )
        except ValueError as exc:
            self.problem(name, f"{name} {exc}")
            return {"ENGINE": DB_SCHEMES["sqlite"], "NAME": ":memory:"}

    def redis_url(
        self, name: builtins.str = "REDIS_URL", *, help: builtins.str = ""
    ) -> builtins.str | None:
        """Optional redis:// or rediss:// URL; None when unset."""
        value = self.url(
            name,
            None,
            schemes=("redis", "rediss", "unix"),
            help=help or "e.g. redis://localhost:6379/0",
        )
        if value:
            password = urlsplit(value).password
            if password:
                register_secret(unquote(password))
        return value or None

    # -- the end --------------------------------------------------------------------------------
    def seal(self) -> None:
        """Raise one ImproperlyConfigured listing every problem recorded so far."""
        if not self.problems:
            return
        # A settings module can be executed twice (Django retries after a failed import): dedupe.
        messages = list(dict.fromkeys(mask_text(p.message) for p in self.problems))
        count = len(messages)
        lines = [f"{count} settings problem{'s' if count > 1 else ''} (profile: {self.profile}):"]
        lines += [f"  - {message}" for message in messages]
        raise ImproperlyConfigured("\n".join(lines))


# -- helpers -------------------------------------------------------------------------------------
def _split_url(raw: str, schemes: Sequence[str]) -> SplitResult:
    if not raw.isascii():
        raise ValueError(
            "contains non-ASCII characters: percent-encode them (or use punycode for host names)"
        )
    if any(ch.isspace() for ch in raw):
        raise ValueError("contains whitespace")
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(
            "is not a valid URL: check the host and port, and percent-encode any of @:/?#[]% in the password"
        ) from None
    if parts.scheme not in schemes:
        shown = parts.scheme or "none"
        raise ValueError(f"has an unknown scheme {shown!r}: use one of {', '.join(schemes)}")
    if parts.scheme not in ("sqlite", "unix") and not parts.hostname:
        raise ValueError(f"has no host: expected {parts.scheme}://host...")
    return parts


def _host(value: str) -> str:
    if value == "*":
        raise ValueError("allows every host: list the host names instead")
    if not value.isascii():
        raise ValueError("is not ASCII: use the punycode form")
    if "://" in value or "/" in value:
        raise ValueError("is not a host name: drop the scheme and path")
    if not _HOST.match(value.rsplit(":", 1)[0] if value.count(":") == 1 else value):
        raise ValueError("is not a valid host name")
    return value


def _origin(value: str) -> str:
    if value == "*":
        raise ValueError("allows every origin: list the origins instead")
    if not value.isascii():
        raise ValueError("is not ASCII: use the punycode form")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018
    except ValueError:
        raise ValueError("is not a valid origin") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("is not an origin: use scheme://host[:port], e.g. https://app.example.com")
    if (
        parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or value.endswith("?")
    ):
        raise ValueError("has a path, query or credentials: an origin is only scheme://host[:port]")
    return value


def _dev_key(path: Path) -> str:
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 50:
        return key
    key = DEV_KEY_PREFIX + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(50))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    os.replace(tmp, path)
    return key


def _parse_bool_option(name: str, raw: str) -> bool:
    low = raw.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"has option {name}={raw!r} that is not a boolean: {_BOOL_FORM}")


def _parse_int_option(name: str, raw: str) -> int:
    if not re.fullmatch(r"[0-9]+", raw.strip()):
        raise ValueError(f"has option {name}={raw!r} that is not a whole number of seconds")
    return int(raw)


def _database_config(
    url: str,
    base_dir: Path,
    *,
    conn_max_age: int,
    conn_health_checks: bool,
    connect_timeout: int,
    pool: bool,
) -> dict[str, Any]:
    import environ  # type: ignore[import-untyped,unused-ignore]

    parts = urlsplit(url)
    scheme = parts.scheme
    engine = DB_SCHEMES[scheme]
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    base = parts._replace(query="", scheme="mysql" if scheme == "mariadb" else scheme).geturl()
    options: dict[str, Any] = {}
    if scheme == "sqlite":
        name = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if name in ("", ":memory:") or parts.netloc == ":memory:":
            name = ":memory:"
        elif not Path(name).is_absolute():
            name = str(base_dir / name)
        config: dict[str, Any] = {"ENGINE": engine, "NAME": name}
        return config
    parsed = cast(dict[str, Any], environ.Env.db_url_config(base))
    config = {key: parsed.get(key, "") for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    config["ENGINE"] = engine
    register_secret(config["PASSWORD"])
    for key in [
        k
        for k in query
        if k.lower() in ("conn_max_age", "conn_health_checks", "connect_timeout", "pool")
    ]:
        raw = query.pop(key)
        low = key.lower()
        if low == "conn_max_age":
            conn_max_age = _parse_int_option(key, raw)
        elif low == "connect_timeout":
            connect_timeout = _parse_int_option(key, raw)
        elif low == "conn_health_checks":
            conn_health_checks = _parse_bool_option(key, raw)
        else:
            pool = _parse_bool_option(key, raw)
    options.update(query)
    options["connect_timeout"] = connect_timeout
    if engine.endswith("mysql"):
        options.setdefault("charset", "utf8mb4")
    if pool:
        if "postgis" not in engine and "postgresql" not in engine:
            raise ValueError("asks for pool=true, which Django supports only for PostgreSQL")
        if django.VERSION < (5, 1):  # pragma: no cover - the supported floor is 5.2
            raise ValueError("asks for pool=true, which needs Django 5.1 or later")
        options["pool"] = True
        conn_max_age = 0  # Django refuses persistent connections together with its pool
    config.update(CONN_MAX_AGE=conn_max_age, CONN_HEALTH_CHECKS=conn_health_checks, OPTIONS=options)
    return config
