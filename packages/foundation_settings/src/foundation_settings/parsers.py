"""Pure functions that turn one raw value into a setting, used by :class:`~foundation_settings.Env`.

Each raises ``ValueError`` with a message that describes the problem and the expected form and
never holds the value itself (``Env.read`` puts a redacted form in front of it).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import environ

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f"})
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
    "mariadb": "django.db.backends.mysql",
}
DATABASE_SCHEMES_HINT = "postgres://user:password@host:5432/name, mysql://..., sqlite:///db.sqlite3"
# Browser extensions call a site from these origins; django-cors-headers accepts them as written.
EXTENSION_SCHEMES = ("chrome-extension", "moz-extension", "safari-web-extension")
DEV_KEY_PREFIX = "foundation-dev-"
PLACEHOLDER_KEYS = {
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "!!!set",
    "xxx",
    "todo",
    "insecure",
}
REDIS_DATABASES = 16
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}")
_HOST = re.compile(r"[A-Za-z0-9._-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]")


def parse_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("is not a boolean: use true/false, 1/0, yes/no or on/off")


def redacted_url(raw: str) -> str | None:
    """Scheme, host and port of a URL-shaped value, for a message; None when it has no scheme.

    Everything before the last ``@`` is taken as credentials, so a password holding ``/``, ``?``
    or ``#`` is never mistaken for the host; a port that is not a number is left out."""
    scheme, sep, rest = raw.strip().partition("://")
    if not sep or not _SCHEME.fullmatch(scheme):
        return None
    _userinfo, at, after = rest.rpartition("@")
    hostport = re.split(r"[/?#]", after if at else rest, maxsplit=1)[0]
    host, _, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    if not _HOST.fullmatch(host):
        host = "..." if host or not port else ""
    port = f":{port}" if port.isdigit() and len(port) <= 5 else ""
    return f"{scheme.lower()}://{'***@' if at else ''}{host}{port}"


def check_url(raw: str, schemes: Sequence[str] | None = None, *, host: bool = True) -> None:
    """Raise ``ValueError`` unless ``raw`` is a usable ``scheme://host`` URL (with ``host=False``,
    ``scheme://`` alone will do, as for ``locmemcache://``)."""
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(
            "is not a valid URL; percent-encode special characters in the user name and password"
        ) from None
    if "://" not in raw or not parts.scheme:
        raise ValueError("is not a URL: expected scheme://host")
    if host and not parts.netloc and parts.scheme not in {"sqlite", "spatialite"}:
        raise ValueError("is not a URL: expected scheme://host")
    if schemes is not None and parts.scheme not in schemes:
        raise ValueError(
            f"has an unsupported scheme {parts.scheme!r}: use one of {', '.join(schemes)}"
        )


def bounded(value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise ValueError(f"is below the minimum {low}")
    if high is not None and value > high:
        raise ValueError(f"is above the maximum {high}")


def integer(raw: str, low: int | None = None, high: int | None = None) -> int:
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ValueError("is not a whole number: use digits, e.g. 8000") from None
    bounded(value, low, high)
    return value


def number(raw: str, low: float | None = None, high: float | None = None) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("is not a number: use digits with a dot, e.g. 2.5") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("is not a finite number")
    bounded(value, low, high)
    return value


def json_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at character {exc.pos + 1})") from None


def text(raw: str, choices: Sequence[str] | None = None, min_length: int = 0) -> str:
    if choices is not None and raw not in choices:
        raise ValueError(f"is not one of: {', '.join(choices)}")
    if len(raw) < min_length:
        raise ValueError(f"is too short: at least {min_length} characters expected")
    return raw


def log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"is not a level: use one of {', '.join(LOG_LEVELS)} (any case)")
    return level


# -- databases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseDefaults:
    conn_max_age: int = 0
    conn_health_checks: bool = False
    connect_timeout: int | None = None


def database(raw: str, base_dir: Path, defaults: DatabaseDefaults) -> dict[str, Any]:
    """``DATABASES[alias]`` from a URL: known schemes only, typed query options.

    django-environ decodes the server part (percent-encoded credentials, IPv6 hosts); the query
    is ours, since environ passes ``pool=true`` and ``conn_health_checks=false`` on as strings."""
    memory, _, query = raw.partition("?")
    if memory.lower() in {"sqlite://:memory:", "sqlite:///:memory:"}:
        raw = "sqlite://" + ("?" + query if query else "")
    check_url(raw)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in DATABASE_ENGINES:
        raise ValueError(f"has an unknown scheme {scheme!r}: use one of {DATABASE_SCHEMES_HINT}")
    top, options, pool = _database_options(parts.query, defaults)
    if scheme == "sqlite":
        # Not environ's: it takes a relative path from the working directory, not the project.
        if pool:
            raise ValueError("sets pool options, but connection pooling is for PostgreSQL only")
        path = unquote(parts.path)
        relative = path[1:] if path.startswith("/") else path
        name = str(base_dir / relative) if relative not in {"", ":memory:"} else ":memory:"
        if parts.netloc == ":memory:":
            name = ":memory:"
        top.setdefault("CONN_MAX_AGE", 0)
        return {"ENGINE": DATABASE_ENGINES["sqlite"], "NAME": name, **top, "OPTIONS": options}
    server = urlunsplit(
        ("mysql" if scheme == "mariadb" else scheme, parts.netloc, parts.path, "", "")
    )
    parsed: dict[str, Any] = environ.Env.db_url_config(server)
    if not parsed.get("NAME"):
        raise ValueError("names no database: add it as the URL's path, e.g. .../mydb")
    config = {
        "ENGINE": DATABASE_ENGINES[scheme],
        **{key: parsed.get(key, "") for key in ("NAME", "USER", "PASSWORD", "HOST")},
        "PORT": str(parsed.get("PORT") or ""),
        "CONN_MAX_AGE": defaults.conn_max_age,
        **top,
    }
    if defaults.connect_timeout is not None:
        options.setdefault("connect_timeout", defaults.connect_timeout)
    if config["ENGINE"].endswith("mysql"):
        options.setdefault("charset", "utf8mb4")
    if pool.pop("enabled", bool(pool)):
        if config["ENGINE"] != DATABASE_ENGINES["postgres"]:
            raise ValueError(
                "sets pool=true, but Django's connection pooling is for PostgreSQL only"
            )
        if top.get("CONN_MAX_AGE"):
            raise ValueError("sets both pool=true and conn_max_age: a pool needs conn_max_age=0")
        try:
            import psycopg_pool  # noqa: F401 - Django imports it only at the first query
        except ImportError:
            raise ValueError(
                "sets pool=true, but psycopg_pool is not installed: install psycopg[pool]"
            ) from None
        config["CONN_MAX_AGE"] = 0
        options["pool"] = pool or True
    config["OPTIONS"] = options
    return config


def _database_options(
    query: str, defaults: DatabaseDefaults
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    top: dict[str, Any] = {"CONN_HEALTH_CHECKS": defaults.conn_health_checks}
    options: dict[str, Any] = {}
    pool: dict[str, Any] = {}
    for key, text in parse_qsl(query, keep_blank_values=True):
        low = key.lower()
        try:
            if low == "conn_max_age":
                top["CONN_MAX_AGE"] = _non_negative(text)
            elif low in {"conn_health_checks", "atomic_requests"}:
                top[low.upper()] = parse_bool(text)
            elif low == "connect_timeout":
                options["connect_timeout"] = _non_negative(text)
            elif low == "pool":
                pool["enabled"] = parse_bool(text)
            elif low in {"pool_min_size", "pool_max_size", "pool_timeout"}:
                pool[low.removeprefix("pool_")] = _non_negative(text)
            else:
                options[key] = text
        except ValueError as exc:
            raise ValueError(f"option {key}= {exc}") from None
    return top, options, pool


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError("is not a whole number") from None
    if value < 0:
        raise ValueError("must not be negative")
    return value


# -- Redis --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redis:
    """One Redis server split into databases, so ``cache.clear()`` never drops queued tasks:
    N the cache, N+1 Celery's broker, N+2 its results, N+3 sessions."""

    cache_url: str
    broker_url: str
    result_url: str
    session_url: str = ""

    def caches(
        self, *, timeout: float = 1.0, key_prefix: str = "", sessions: bool = False
    ) -> dict[str, Any]:
        """``CACHES`` on Django's own Redis backend, with bounded socket timeouts; with
        ``sessions=True`` a ``"sessions"`` alias on its own database, for
        ``SESSION_ENGINE = "django.contrib.sessions.backends.cache"`` and
        ``SESSION_CACHE_ALIAS = "sessions"``."""
        if sessions and not self.session_url:
            raise ValueError("caches(sessions=True) needs the URL read with redis(sessions=True)")
        options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        backend = "django.core.cache.backends.redis.RedisCache"
        caches = {"default": {"BACKEND": backend, "LOCATION": self.cache_url}}
        if sessions:
            caches["sessions"] = {"BACKEND": backend, "LOCATION": self.session_url}
        return {
            alias: {**config, "KEY_PREFIX": key_prefix, "OPTIONS": dict(options)}
            for alias, config in caches.items()
        }


def redis(raw: str, *, sessions: bool = False) -> Redis:
    check_url(raw, ("redis", "rediss", "unix"))
    parts = urlsplit(raw)
    path = parts.path.strip("/")
    try:
        base = int(path) if path else 0
    except ValueError:
        raise ValueError("has a database that is not a number: use redis://host:6379/0") from None
    uses = ["the cache", "the broker", "the results"] + (["sessions"] if sessions else [])
    if not 0 <= base <= REDIS_DATABASES - len(uses):
        numbers = [str(base + i) for i in range(len(uses))]
        raise ValueError(
            f"uses database {base}: {', '.join(uses[:-1])} and {uses[-1]} need "
            f"{', '.join(numbers[:-1])} and {numbers[-1]}, and Redis has {REDIS_DATABASES} "
            f"(0-{REDIS_DATABASES - 1})"
        )

    def at(db: int) -> str:
        return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))

    return Redis(at(base), at(base + 1), at(base + 2), at(base + 3) if sessions else "")


# -- hosts and origins --------------------------------------------------------------------------


def origin(text: str) -> str:
    """One CORS/CSRF origin: ``scheme://host[:port]``, no path, normalised to lower case."""
    if "*" in text:
        raise ValueError(
            "is a wildcard, which would allow every origin it matches (CSRF reads it as a "
            "pattern): list each origin, or use CORS_ALLOWED_ORIGIN_REGEXES"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError("is not a valid origin: expected scheme://host[:port]") from None
    if parts.scheme in EXTENSION_SCHEMES and parts.netloc and not parts.path.strip("/"):
        return f"{parts.scheme}://{parts.netloc.lower()}"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(
            "is not an origin: expected http(s)://host[:port] or chrome-extension://id"
        )
    if parts.username or parts.password:
        raise ValueError("carries credentials: an origin is scheme://host[:port]")
    if parts.path == "/":
        raise ValueError(f"has a trailing slash: write {parts.scheme}://{parts.netloc}")
    if parts.path or parts.query or parts.fragment:
        raise ValueError("has a path: an origin is scheme://host[:port] only")
    if not parts.hostname.isascii():
        raise ValueError("has a non-ASCII host: use its punycode form (xn--...)")
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def host(text: str) -> str:
    """One ``ALLOWED_HOSTS`` entry."""
    if "://" in text or "/" in text:
        raise ValueError("is a URL: write the host name only, e.g. example.com")
    if text.startswith("*."):
        raise ValueError(
            f"is a pattern Django never matches: write {text[1:]} for the domain and its subdomains"
        )
    if any(c.isspace() for c in text):
        raise ValueError("contains whitespace")
    if not text.isascii():
        raise ValueError("is not ASCII: use its punycode form (xn--...)")
    return text.lower()


# -- secret key ---------------------------------------------------------------------------------


def weak_key_reason(key: str) -> str | None:
    if key.startswith(DEV_KEY_PREFIX):
        return "is a development key: generate a production key"
    if key.startswith("django-insecure-"):
        return "is a django-insecure- key: generate a production key"
    if key.lower().strip("!") in PLACEHOLDER_KEYS or key.lower() in PLACEHOLDER_KEYS:
        return "is a placeholder: generate a production key"
    if len(key) < 50:
        return f"is too short ({len(key)} characters): use at least 50 random characters"
    if len(set(key)) < 5:
        return "has fewer than 5 distinct characters: use a random key"
    return None


def generate_secret_key() -> str:
    """50+ URL-safe random characters; never a ``$``, which some tools read as a reference."""
    return secrets.token_urlsafe(48)


# -- object storage -----------------------------------------------------------------------------

FILE_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_REGION = re.compile(r"[a-z]{2}(-[a-z0-9]+)+|[a-z0-9-]{2,32}")
# Query options of an s3:// URL: the option of django-storages' S3Storage each sets, and its type.
S3_OPTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "region": ("region_name", str),
    "endpoint": ("endpoint_url", str),
    "custom_domain": ("custom_domain", str),
    "addressing_style": ("addressing_style", str),
    "signature_version": ("signature_version", str),
    "default_acl": ("default_acl", str),
    "querystring_auth": ("querystring_auth", parse_bool),
    "file_overwrite": ("file_overwrite", parse_bool),
}


def storage(raw: str, base_dir: Path) -> dict[str, Any]:
    """A ``STORAGES`` entry: ``s3://[key:secret@]bucket[/prefix]?region=...&endpoint=...`` on
    django-storages' S3Storage (any S3-compatible server), or ``file:///path`` on the filesystem."""
    check_url(raw, ("s3", "file"), host=False)
    parts = urlsplit(raw)
    if parts.scheme == "file":
        path = Path(unquote(parts.netloc + parts.path))
        return {"BACKEND": FILE_STORAGE, "OPTIONS": {"location": str(base_dir / path)}}
    if not _BUCKET.fullmatch(parts.hostname or ""):
        raise ValueError("names no valid bucket: use s3://bucket-name[/prefix]")
    options: dict[str, Any] = {"bucket_name": parts.hostname}
    if parts.path.strip("/"):
        options["location"] = unquote(parts.path.strip("/"))
    if parts.username or parts.password:
        options["access_key"] = unquote(parts.username or "")
        options["secret_key"] = unquote(parts.password or "")
    for key, text in parse_qsl(parts.query, keep_blank_values=True):
        if key not in S3_OPTIONS:
            raise ValueError(f"has an unknown option {key}=: use {', '.join(S3_OPTIONS)}")
        name, convert = S3_OPTIONS[key]
        try:
            options[name] = convert(text)
        except ValueError as exc:
            raise ValueError(f"option {key}= {exc}") from None
    if "endpoint_url" in options:
        check_url(options["endpoint_url"], ("http", "https"))
    if "region_name" in options and not _REGION.fullmatch(options["region_name"]):
        raise ValueError("option region= is not a region name, e.g. eu-west-1")
    try:  # Django would import it only when the first file is stored
        import storages.backends.s3  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise ValueError(
            "needs django-storages with boto3: install foundation-settings[s3]"
        ) from None
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}


# -- email --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    backend: str
    host: str = ""
    port: int = 0
    username: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False

    def mailer(self) -> dict[str, Any]:
        """One entry of Django 6.1's ``MAILERS``."""
        entry: dict[str, Any] = {"BACKEND": self.backend}
        if self.backend.endswith("smtp.EmailBackend"):
            entry["OPTIONS"] = {
                "host": self.host,
                "port": self.port,
                "username": self.username,
                "password": self.password,
                "use_tls": self.use_tls,
                "use_ssl": self.use_ssl,
                "timeout": 10,
            }
        return entry


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
}


def email(raw: str) -> Email:
    # Not environ's email_url_config: it maps smtps:// to STARTTLS rather than SSL.
    scheme = raw.partition(":")[0].lower()
    if scheme not in EMAIL_BACKENDS:
        raise ValueError(
            f"has an unknown scheme {scheme!r}: use one of {', '.join(EMAIL_BACKENDS)}"
        )
    if scheme in {"console", "locmem", "dummy"}:
        return Email(EMAIL_BACKENDS[scheme])
    check_url(raw)
    parts = urlsplit(raw)
    query = {k.lower(): v for k, v in parse_qsl(parts.query)}
    use_ssl = scheme == "smtps" or parse_bool(query.get("ssl", "false"))
    use_tls = scheme == "submission" or parse_bool(query.get("tls", "false"))
    if use_ssl and use_tls:
        raise ValueError(
            "asks for both tls and ssl: use smtps:// for SSL or ?tls=true for STARTTLS"
        )
    return Email(
        EMAIL_BACKENDS[scheme],
        host=parts.hostname or "",
        port=parts.port or (465 if use_ssl else 587 if use_tls else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
