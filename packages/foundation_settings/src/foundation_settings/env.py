"""``Env``: django-environ's ``FileAwareEnv`` that collects every problem for one error
(:meth:`Env.finish`), reads booleans strictly, takes ``$`` literally and never echoes a value.

Every read is recorded for ``settings_report`` and ``env_example``. Values are stripped and an
empty value counts as unset; the environment wins over ``.env``; ``NAME_FILE`` wins over ``NAME``.
"""

from __future__ import annotations

import builtins
import inspect
import os
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, Final, TypeVar
from urllib.parse import ParseResult, urlparse

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

from . import masking, parsers
from .dotenv import parse_dotenv, read_dotenv

T = TypeVar("T")

MISSING: Final = environ.Env.NOTSET
PROFILES = ("dev", "test", "prod")
# Settings-module names that mean a profile; any other name gets production's rules (fail closed).
PROFILE_NAMES = {
    **dict.fromkeys(("prod", "production"), "prod"),
    **dict.fromkeys(("test", "tests", "testing"), "test"),
    **dict.fromkeys(("dev", "development", "local"), "dev"),
}
# Set by `manage.py env_example` in the subprocess that imports a settings module only to list
# what it reads: there, `finish()` does not raise.
COLLECT_ONLY_VARIABLE = "FOUNDATION_SETTINGS_COLLECT_ONLY"


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


@dataclass
class Problem:
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


class ItemsError(ValueError):
    """Some items of a list are invalid; the message names them, not the whole value."""


def profile_from_settings_module(module: str | None = None) -> str:
    """The profile a settings module's last name means; ``prod`` for any name not known."""
    module = module if module is not None else os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return PROFILE_NAMES.get(module.rsplit(".", 1)[-1].lower(), "prod")


_created: list[Env] = []


def current() -> Env | None:
    """The most recently created :class:`Env`: the one the settings module used."""
    return _created[-1] if _created else None


def created() -> list[Env]:
    return list(_created)


def shown(raw: str, *, secret: bool = False, url: bool = False) -> str:
    """How a value appears in a message: never a secret, a URL only as scheme, host and port."""
    if secret:
        return "the value"
    if url or "://" in raw or "@" in raw:
        redacted = parsers.redacted_url(raw)
        return repr(redacted) if redacted else "the value"
    text = masking.mask_text(raw)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# django-environ ships no type information (no py.typed), so mypy sees its classes as Any.
class Env(environ.FileAwareEnv):  # type: ignore[misc]
    """Reads typed settings; see the module docstring. ``**scheme`` is django-environ's."""

    def __init__(
        self,
        *,
        profile: str | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        env_file: str | os.PathLike[str] | None = ".env",
        environ: Mapping[str, str] | None = None,
        **scheme: Any,
    ) -> None:
        super().__init__(**scheme)
        self.profile = profile or profile_from_settings_module()
        if self.profile not in PROFILES:
            raise ImproperlyConfigured(
                f"Env(profile={self.profile!r}) is not a profile: use one of {', '.join(PROFILES)}"
            )
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.environ: MutableMapping[str, str] = os.environ if environ is None else dict(environ)
        self.dotenv: dict[str, str] = {}
        self.dotenv_path: Path | None = None
        self.declarations: dict[str, Declaration] = {}
        self.problems: list[Problem] = []
        self.notices: list[str] = []
        self.finished = False
        # environ's own mapping, over the environment then .env: inherited methods see both.
        self.ENVIRON = FileAwareMapping(ChainMap(self.environ, self.dotenv), cache=False)
        if env_file is not None:
            path = self.base_dir / env_file  # an absolute env_file replaces base_dir
            loaded = read_dotenv(path)
            self.dotenv_path = path if path.is_file() else None
            self.dotenv.update(loaded.values)
            for error in loaded.errors:
                self.problem(".env", error)
        _created.append(self)

    @property
    def is_prod(self) -> bool:
        return self.profile == "prod"

    @property
    def is_dev(self) -> bool:
        """True in ``dev`` and ``test``: where a reader's ``dev=`` value is its default."""
        return not self.is_prod

    # -- problems ----------------------------------------------------------------------------

    def problem(self, name: str, message: str) -> None:
        """Record a problem of your own (e.g. a combination of values) for :meth:`finish`.

        The same problem is kept once: Django imports a settings module again after a failed
        import, while the module that created this Env stays imported."""
        problem = Problem(name, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def notice(self, message: str) -> None:
        """Something worth saying once at startup (logged by the app's ``ready()``)."""
        if message not in self.notices:
            self.notices.append(message)

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

    # -- the lookup every reader shares ---------------------------------------------------------

    def raw(self, name: str) -> tuple[str | None, str]:
        """The stripped text of a variable and its source; ``(None, "missing")`` when unset."""
        layers = ChainMap(self.environ, self.dotenv)
        try:
            value = FileAwareMapping(layers, cache=False).get(name)
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(
                name, f"{name}_FILE names a file that cannot be read ({type(exc).__name__})"
            )
            return None, "invalid"
        if value is None or not value.strip():
            return None, "missing"
        if layers.get(f"{name}_FILE"):
            return value.strip(), "file"
        return value.strip(), "environment" if self.environ.get(name) else ".env"

    def read(
        self,
        name: str,
        kind: str,
        parse: Callable[[str], T],
        default: Any = MISSING,
        *,
        dev: Any = MISSING,
        fallback: T,
        secret: bool = False,
        help: str = "",
        parse_default: bool = False,
    ) -> T:
        """Look a variable up, parse it and record it; on a problem, record it and return
        ``fallback``. The reader every other is built on, public for readers of your own.

        ``parse`` raises ``ValueError`` with a message that never holds the value; ``default``
        applies everywhere, ``dev`` (when given) in the ``dev`` and ``test`` profiles; with
        neither, the variable is required."""
        secret = secret or (masking.is_secret_name(name) and kind in {"str", "secret", "url"})
        hidden = secret or masking.is_secret_name(name)  # in a message, whatever the type
        effective = dev if (self.is_dev and dev is not MISSING) else default
        required = effective is MISSING
        raw, source = self.raw(name)
        declaration = Declaration(
            name, kind, source, secret, required, None if required else effective, help
        )
        self.declarations[name] = declaration
        if raw is None:
            if source == "invalid":
                return fallback
            if required:
                where = "in production" if self.is_prod else f"in the {self.profile} profile"
                self.problem(
                    name, f"is required {where} but not set" + (f" ({help})" if help else "")
                )
                return fallback
            declaration.source, declaration.value = "default", effective
            if default is MISSING and effective is not None:
                self.notice(
                    f"{name} is not set: using the {self.profile} default (required in production)."
                )
            if parse_default and isinstance(effective, str):
                try:
                    return parse(effective)
                except ValueError as exc:  # a mistake in the settings module itself
                    raise ImproperlyConfigured(f"{name}: the default {exc}") from None
            return effective  # type: ignore[no-any-return]
        if secret:
            masking.register_secret(raw)
        try:
            value = parse(raw)
        except ValueError as exc:
            declaration.source = "invalid"
            about = shown(raw, secret=hidden, url=kind.endswith("url"))
            self.problem(name, str(exc) if isinstance(exc, ItemsError) else f"{about} {exc}")
            return fallback
        declaration.value = raw if kind.endswith("url") else value
        return value

    # -- django-environ's hooks ---------------------------------------------------------------

    def get_value(
        self, var: str, cast: Any = None, default: Any = MISSING, parse_default: bool = False
    ) -> Any:
        """django-environ's lookup (``env("X")``, ``env.tuple``...) through :meth:`read`. Not
        environ's: it stops at the first problem, reads ``$X`` as another variable and echoes
        values it cannot cast."""
        name = f"{self.prefix}{var}"
        spec = self.scheme.get(name)
        if spec is not None:
            spec_cast, spec_default = (
                spec if isinstance(spec, tuple) and len(spec) == 2 else (spec, MISSING)
            )
            cast = cast or spec_cast
            default = spec_default if default is MISSING else default
        if cast is None and self.smart_cast and default not in (None, MISSING):
            cast = type(default)
        kind = getattr(cast, "__name__", type(cast).__name__ if cast is not None else "str")

        def parse(raw: str) -> Any:
            try:
                return self.parse_value(raw, cast)
            except Exception as exc:
                if cast is bool and isinstance(exc, ValueError):
                    raise  # parse_bool's message, which holds no value
                raise ValueError(f"cannot be read as {kind}") from exc

        fallback = None if default is MISSING else default
        return self.read(name, kind, parse, default, fallback=fallback, parse_default=parse_default)

    @classmethod
    def parse_value(cls, value: Any, cast: Any) -> Any:
        """environ's casts, but booleans are strict (environ reads ``ture`` as ``False``) and list
        items trimmed (environ keeps ``" b.com"``, which Django's host check refuses)."""
        if cast is bool:
            return value if isinstance(value, bool) else parsers.parse_bool(str(value))
        if isinstance(value, str) and (cast in (list, tuple) or isinstance(cast, (list, tuple))):
            value = ",".join(part.strip() for part in value.split(","))
        return super().parse_value(value, cast)

    @classmethod
    def read_env(
        cls,
        env_file: str | os.PathLike[str] | IO[str] | None = None,
        overwrite: bool = False,
        parse_comments: bool = False,
        encoding: str = "utf8",
        **overrides: Any,
    ) -> None:
        """django-environ's ``read_env`` with our parser: environ logs a malformed line whole,
        secret included; ours reports file, line and name with the other problems
        (``parse_comments`` is moot: ``#`` after whitespace is always a comment)."""
        if env_file is None:  # environ's rule: the .env beside the file that calls read_env
            caller = inspect.currentframe()
            caller = caller.f_back if caller else None
            env_file = Path(caller.f_code.co_filename if caller else ".").parent / ".env"
        if hasattr(env_file, "read"):
            loaded = parse_dotenv(env_file.read(), getattr(env_file, "name", ".env"))
        else:
            loaded = read_dotenv(Path(env_file), encoding=encoding)
        env = current()
        if loaded.errors and env is None:
            raise ImproperlyConfigured("\n".join(loaded.errors))
        for error in loaded.errors:
            env.problem(".env", error)  # type: ignore[union-attr]
        for key, value in {**loaded.values, **overrides}.items():
            if overwrite or key in overrides or key not in os.environ:
                os.environ[key] = str(value)

    # -- typed readers: django-environ's names and first arguments; ``**options`` are read()'s

    def str(
        self,
        var: builtins.str,
        default: Any = MISSING,
        multiline: builtins.bool = False,
        *,
        choices: Sequence[builtins.str] | None = None,
        **options: Any,
    ) -> builtins.str:
        parse = partial(parsers.text, choices=choices)
        value = self.read(var, "str", parse, default, fallback="", **options)
        # django-environ's multiline: a written "\n" is a line break
        return (
            value.replace("\\n", "\n") if multiline and isinstance(value, builtins.str) else value
        )

    def secret(
        self,
        var: builtins.str,
        default: Any = MISSING,
        *,
        min_length: builtins.int = 1,
        **options: Any,
    ) -> builtins.str:
        """A string that is never shown: not in errors, reports or logs."""
        parse = partial(parsers.text, min_length=min_length)
        return self.read(var, "secret", parse, default, fallback="", secret=True, **options)

    def bool(self, var: builtins.str, default: Any = MISSING, **options: Any) -> builtins.bool:
        return self.read(var, "bool", parsers.parse_bool, default, fallback=False, **options)

    def int(
        self,
        var: builtins.str,
        default: Any = MISSING,
        *,
        min: builtins.int | None = None,
        max: builtins.int | None = None,
        **options: Any,
    ) -> builtins.int:
        parse = partial(parsers.integer, low=min, high=max)
        return self.read(var, "int", parse, default, fallback=0, **options)

    def float(
        self,
        var: builtins.str,
        default: Any = MISSING,
        *,
        min: builtins.float | None = None,
        max: builtins.float | None = None,
        **options: Any,
    ) -> builtins.float:
        """Digits with a dot (environ's reading of ``1,5`` as 1.5 is locale guessing)."""
        parse = partial(parsers.number, low=min, high=max)
        return self.read(var, "float", parse, default, fallback=0.0, **options)

    def list(
        self,
        var: builtins.str,
        cast: Callable[[builtins.str], Any] | None = None,
        default: Any = MISSING,
        *,
        item: Callable[[builtins.str], Any] | None = None,
        **options: Any,
    ) -> builtins.list[Any]:
        """Comma-separated; items trimmed, empty items dropped, duplicates removed in order;
        ``cast`` (django-environ's) or ``item`` turns each item into its value."""
        convert = item or cast

        def parse(raw: builtins.str) -> builtins.list[Any]:
            out, errors = [], []
            for text in dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()):
                try:
                    out.append(convert(text) if convert else text)
                except ValueError as exc:
                    errors.append(f"{shown(text)} {exc}")
            if errors:
                raise ItemsError("has invalid items: " + "; ".join(errors))
            return out

        return self.read(var, "list", parse, default, fallback=[], **options)

    def url(
        self,
        var: builtins.str,
        default: Any = MISSING,
        *,
        schemes: Sequence[builtins.str] | None = None,
        **options: Any,
    ) -> ParseResult:
        """A ``urllib.parse.ParseResult``, as django-environ returns (``.geturl()`` for the text)."""

        def parse(raw: builtins.str) -> ParseResult:
            if raw:  # an empty default means no URL: urlparse(""), as django-environ gives
                parsers.check_url(raw, schemes)
            return urlparse(raw)

        value = self.read(
            var, "url", parse, default, fallback=urlparse(""), parse_default=True, **options
        )
        if isinstance(value, ParseResult):
            masking.register_secret(value.password)
        return value

    def path(self, var: builtins.str, default: Any = MISSING, **options: Any) -> Path:
        """A ``pathlib.Path`` (not environ's ``Path``); relative paths are taken from ``base_dir``."""
        parse = partial(_path, self.base_dir)
        return Path(self.read(var, "path", parse, default, fallback=self.base_dir, **options))

    def json(self, var: builtins.str, default: Any = MISSING, **options: Any) -> Any:
        return self.read(var, "json", parsers.json_value, default, fallback=None, **options)

    def log_level(
        self, var: builtins.str = "LOG_LEVEL", default: builtins.str = "INFO", **options: Any
    ) -> builtins.str:
        """A logging level name in any case (``info``), upper-cased."""
        options.setdefault("help", "DEBUG, INFO, WARNING or ERROR")
        parse = parsers.log_level
        return self.read(
            var, "log level", parse, default, fallback="INFO", parse_default=True, **options
        )

    # -- services: a setting's value from a URL or a list, validated ---------------------------

    def database(
        self,
        var: builtins.str = "DATABASE_URL",
        default: Any = MISSING,
        *,
        dev: Any = "sqlite:///db.sqlite3",
        conn_max_age: builtins.int = 60,
        conn_health_checks: builtins.bool = True,
        connect_timeout: builtins.int = 5,
        allow_sqlite: builtins.bool = False,
        **options: Any,
    ) -> dict[builtins.str, Any]:
        """``DATABASES["default"]``, kept open ``conn_max_age`` seconds with health checks.
        Production refuses SQLite unless ``allow_sqlite``. Query options: see the README."""
        options.setdefault("help", "database URL, e.g. postgres://user:password@host:5432/name")
        defaults = parsers.DatabaseDefaults(conn_max_age, conn_health_checks, connect_timeout)
        parse = partial(parsers.database, base_dir=self.base_dir, defaults=defaults)
        config = self._database(var, default, parse, dev=dev, **options)
        source = self.declarations[var].source
        sqlite = config["ENGINE"].endswith("sqlite3") and source not in {"missing", "invalid"}
        if self.is_prod and sqlite and not allow_sqlite:
            self.problem(
                var,
                "is SQLite in production: use PostgreSQL or MySQL, "
                "or pass allow_sqlite=True to database()",
            )
        return config

    def db_url(
        self,
        var: builtins.str = "DATABASE_URL",
        default: Any = MISSING,
        engine: builtins.str | None = None,
    ) -> dict[builtins.str, Any]:
        """django-environ's ``env.db()``: environ's result, validated as :meth:`database` does,
        with the options environ leaves as strings (``pool``, ``conn_health_checks``) typed."""

        def parse(raw: builtins.str) -> dict[builtins.str, Any]:
            ours = parsers.database(raw, self.base_dir, parsers.DatabaseDefaults())
            config: dict[builtins.str, Any] = self.db_url_config(raw, engine)
            for key in ("CONN_HEALTH_CHECKS", "ATOMIC_REQUESTS"):
                if key in config:
                    config[key] = ours[key]
            if "pool" in config.get("OPTIONS", {}):
                config["OPTIONS"]["pool"] = ours["OPTIONS"]["pool"]
            return config

        return self._database(var, default, parse)

    db = db_url

    def _database(
        self,
        var: builtins.str,
        default: Any,
        parse: Callable[[builtins.str], dict[builtins.str, Any]],
        **options: Any,
    ) -> dict[builtins.str, Any]:
        fallback = {"ENGINE": parsers.DATABASE_ENGINES["sqlite"], "NAME": ":memory:"}
        config = self.read(
            var, "database url", parse, default, fallback=fallback, parse_default=True, **options
        )
        masking.register_secret(config.get("PASSWORD"))
        return config

    # environ's URL readers with their own parsers, behind our URL check and error redaction
    # (its search_url() and channels_url() go through url(), so they are checked too).
    def cache_url(
        self,
        var: builtins.str = "CACHE_URL",
        default: Any = MISSING,
        backend: builtins.str | None = None,
    ) -> dict[builtins.str, Any]:
        return self._url_config(var, default, partial(self.cache_url_config, backend=backend))

    def email_url(
        self,
        var: builtins.str = "EMAIL_URL",
        default: Any = MISSING,
        backend: builtins.str | None = None,
    ) -> dict[builtins.str, Any]:
        return self._url_config(var, default, partial(self.email_url_config, backend=backend))

    cache, email = cache_url, email_url

    def _url_config(
        self, var: builtins.str, default: Any, config: Callable[[builtins.str], Any]
    ) -> dict[builtins.str, Any]:
        def parse(raw: builtins.str) -> dict[builtins.str, Any]:
            parsers.check_url(raw, host=False)
            try:
                return dict(config(raw))
            except Exception:
                raise ValueError("is not a URL this reader knows") from None

        value: dict[builtins.str, Any] = self.read(
            var, "url", parse, default, fallback={}, parse_default=True
        )
        masking.register_secret(*(v for k, v in value.items() if "PASSWORD" in k))
        return value

    def redis(
        self,
        var: builtins.str = "REDIS_URL",
        default: Any = MISSING,
        *,
        dev: Any = None,
        sessions: builtins.bool = False,
        **options: Any,
    ) -> parsers.Redis | None:
        """``REDIS_URL`` split into databases (see :class:`Redis`). Required in production: a
        site that may run there without it says so with ``default=None``."""
        options.setdefault(
            "help", "Redis URL for the cache and Celery, e.g. redis://localhost:6379/0"
        )
        parse = partial(parsers.redis, sessions=sessions)
        value = self.read(
            var, "redis url", parse, default, dev=dev, fallback=None, parse_default=True, **options
        )
        if isinstance(value, parsers.Redis):
            masking.register_secret(urlparse(value.cache_url).password)
        elif self.declarations[var].source == "default":
            # What the settings do without Redis is theirs to say (a site may set a broker of its
            # own): the notice says only what this reader knows.
            self.notice(f"{var} is not set: redis() gives None, so the settings run without Redis.")
        return value

    def hosts(
        self,
        var: builtins.str = "ALLOWED_HOSTS",
        default: Any = MISSING,
        *,
        dev: Any = ("localhost", "127.0.0.1", "[::1]"),
        **options: Any,
    ) -> builtins.list[builtins.str]:
        options.setdefault("help", "comma-separated host names, e.g. example.com,www.example.com")
        values = self.list(var, default=default, dev=[*dev], item=parsers.host, **options)
        if not values and self.declarations[var].source in {"environment", ".env", "file"}:
            self.problem(var, "is set but names no host: list the host names, e.g. example.com")
        if self.is_prod and "*" in values:
            self.problem(var, "contains '*': production must list its host names")
        return values

    def origins(
        self,
        var: builtins.str = "CORS_ORIGINS",
        default: Any = (),
        *,
        dev: Any = ("http://localhost:5173", "http://127.0.0.1:5173"),
        **options: Any,
    ) -> builtins.list[builtins.str]:
        """Origins for ``CORS_ALLOWED_ORIGINS`` and ``CSRF_TRUSTED_ORIGINS``; each validated."""
        options.setdefault(
            "help", "comma-separated origins allowed to call the site, e.g. https://app.example.com"
        )
        return self.list(var, default=[*default], dev=[*dev], item=parsers.origin, **options)

    def secret_key(
        self,
        var: builtins.str = "SECRET_KEY",
        *,
        dev_key_file: builtins.str | Path = ".foundation/dev_secret_key",
    ) -> builtins.str:
        """Production: required, at least 50 characters, not a development or placeholder key.
        Development and tests: the variable if set, else a key generated once per checkout and
        kept in ``dev_key_file`` (under ``base_dir``), in a folder git ignores."""
        if self.is_prod:
            key = self.secret(var, help="at least 50 random characters")
            reason = parsers.weak_key_reason(key) if key else None
            if reason:
                self.problem(var, reason)
            return key
        key = self.secret(var, default="")
        if not key:
            key = _dev_key(self.base_dir / dev_key_file)
            self.declarations[var].source = "generated"
            masking.register_secret(key)
        return key

    def storage(
        self, var: builtins.str = "STORAGE_URL", default: Any = None, **options: Any
    ) -> dict[builtins.str, Any]:
        """``STORAGES["default"]``: the local filesystem (``MEDIA_ROOT``) unless ``STORAGE_URL``
        names an S3-compatible bucket (``s3://bucket/prefix?region=...&endpoint=...``). Without
        credentials in the URL, ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (or their
        ``_FILE``) if set, else boto3's own chain (an instance role)."""
        options.setdefault(
            "help", "uploaded files: s3://bucket/prefix?region=eu-west-1&endpoint=https://..."
        )
        parse = partial(parsers.storage, base_dir=self.base_dir)
        config = self.read(var, "storage url", parse, default, fallback=None, **options)
        if config is None:
            return {"BACKEND": parsers.FILE_STORAGE}
        s3 = config["OPTIONS"] if config["BACKEND"] == parsers.S3_STORAGE else {}
        masking.register_secret(s3.get("secret_key"))
        if s3 and "access_key" not in s3:
            names = {"access_key": "AWS_ACCESS_KEY_ID", "secret_key": "AWS_SECRET_ACCESS_KEY"}
            for key, name in names.items():
                if value := self.secret(name, default="", help="the bucket's credentials"):
                    s3[key] = value
        return config

    def mail(
        self,
        var: builtins.str = "EMAIL_URL",
        default: Any = "smtp://localhost:25",
        *,
        dev: Any = "console:",
        **options: Any,
    ) -> parsers.Email:
        """An :class:`Email` (``.mailer()`` is a Django 6.1 ``MAILERS`` entry); ``env.email()``
        is django-environ's dict of ``EMAIL_*`` settings."""
        options.setdefault(
            "help", "smtp://user:password@host:587?tls=true, smtps://... (SSL), or console:"
        )
        read = partial(self.read, fallback=parsers.Email(parsers.EMAIL_BACKENDS["dummy"]))
        value = read(
            var, "email url", parsers.email, default, dev=dev, parse_default=True, **options
        )
        masking.register_secret(value.password)
        return value


def _path(base_dir: Path, raw: str) -> Path:
    path = Path(os.path.expanduser(raw))
    return path if path.is_absolute() else base_dir / path


def _dev_key(path: Path) -> str:
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing.startswith(parsers.DEV_KEY_PREFIX):
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# Generated development secrets: never commit them.\n*\n", encoding="utf-8"
        )
    key = parsers.DEV_KEY_PREFIX + parsers.generate_secret_key()
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key
