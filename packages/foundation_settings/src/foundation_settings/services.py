"""Readers for the URLs and values a Django site is built on: database, Redis, origins, hosts,
secret key and email. Each returns plain values for a settings module to assign."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from . import masking
from .env import MISSING, Env, Problem, check_url, parse_bool

DATABASE_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
    "mariadb": "django.db.backends.mysql",
}
DATABASE_SCHEMES_HINT = "postgres://user:password@host:5432/name, mysql://..., sqlite:///db.sqlite3"
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


def database(
    env: Env,
    name: str = "DATABASE_URL",
    default: Any = MISSING,
    *,
    dev: Any = "sqlite:///db.sqlite3",
    conn_max_age: int = 60,
    conn_health_checks: bool = True,
    connect_timeout: int = 5,
    help: str = "database URL, e.g. postgres://user:password@host:5432/name",
) -> dict[str, Any]:
    """``DATABASES["default"]`` from a URL.

    Known schemes only: postgres, mysql/mariadb, sqlite (relative SQLite paths are taken from
    ``base_dir``). Query options become typed settings: ``conn_max_age``, ``conn_health_checks``,
    ``atomic_requests``, ``connect_timeout``, ``pool`` / ``pool_min_size`` / ``pool_max_size``
    (PostgreSQL connection pooling, which requires ``CONN_MAX_AGE=0``); any other option goes to
    ``OPTIONS`` as the driver's own (e.g. ``sslmode=require``).
    """

    def parse(raw: str) -> dict[str, Any]:
        return _database_from_url(
            raw, env.base_dir, conn_max_age, conn_health_checks, connect_timeout
        )

    fallback: dict[str, Any] = {"ENGINE": DATABASE_ENGINES["sqlite"], "NAME": ":memory:"}
    value = env._read(
        name, "database url", parse, default, dev, help=help, fallback=fallback, parse_default=True
    )
    password = value.get("PASSWORD")
    if password:
        masking.register_secret(password)
    return value


def _database_from_url(
    raw: str, base_dir: Path, conn_max_age: int, conn_health_checks: bool, connect_timeout: int
) -> dict[str, Any]:
    memory, _, query = raw.partition("?")
    if memory.lower() in {"sqlite://:memory:", "sqlite:///:memory:"}:
        raw = "sqlite://" + ("?" + query if query else "")
    check_url(raw)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in DATABASE_ENGINES:
        raise ValueError(f"has an unknown scheme {scheme!r}: use one of {DATABASE_SCHEMES_HINT}")
    options: dict[str, Any] = {}
    top: dict[str, Any] = {"CONN_MAX_AGE": conn_max_age, "CONN_HEALTH_CHECKS": conn_health_checks}
    pool: dict[str, Any] = {}
    explicit_max_age = False
    for key, text in parse_qsl(parts.query, keep_blank_values=True):
        low = key.lower()
        try:
            if low == "conn_max_age":
                top["CONN_MAX_AGE"] = _non_negative(text)
                explicit_max_age = True
            elif low == "conn_health_checks":
                top["CONN_HEALTH_CHECKS"] = parse_bool(text)
            elif low == "atomic_requests":
                top["ATOMIC_REQUESTS"] = parse_bool(text)
            elif low == "connect_timeout":
                connect_timeout = _non_negative(text)
            elif low == "pool":
                pool["enabled"] = parse_bool(text)
            elif low in {"pool_min_size", "pool_max_size", "pool_timeout"}:
                pool[low.removeprefix("pool_")] = _non_negative(text)
            else:
                options[key] = text
        except ValueError as exc:
            raise ValueError(f"option {key}= {exc}") from None
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc == ":memory:" or path in {"", "/", "/:memory:", ":memory:"}:
            name: str | Path = ":memory:"
        else:
            relative = path[1:] if path.startswith("/") else path
            name = Path(relative) if Path(relative).is_absolute() else base_dir / relative
        config: dict[str, Any] = {"ENGINE": DATABASE_ENGINES["sqlite"], "NAME": str(name)}
        config.update({k: v for k, v in top.items() if k != "CONN_MAX_AGE"})
        config["CONN_MAX_AGE"] = top["CONN_MAX_AGE"] if explicit_max_age else 0
        if options:
            config["OPTIONS"] = options
        if pool:
            raise ValueError("sets pool options, but connection pooling is for PostgreSQL only")
        return config
    # django-environ does the URL decoding (percent-encoded user names and passwords, IPv6 hosts).
    # Imported here: only a server database URL needs it, and it is costly to import.
    import environ

    without_query = urlunsplit(
        (parts.scheme if scheme != "mariadb" else "mysql", parts.netloc, parts.path, "", "")
    )
    parsed: dict[str, Any] = environ.Env.db_url_config(without_query)
    if not parsed.get("NAME"):
        raise ValueError("names no database: add it as the URL's path, e.g. .../mydb")
    config = {
        "ENGINE": DATABASE_ENGINES[scheme],
        "NAME": parsed["NAME"],
        "USER": parsed.get("USER", ""),
        "PASSWORD": parsed.get("PASSWORD", ""),
        "HOST": parsed.get("HOST", ""),
        "PORT": str(parsed.get("PORT", "") or ""),
        **top,
    }
    options.setdefault("connect_timeout", connect_timeout)
    if config["ENGINE"].endswith("mysql"):
        options.setdefault("charset", "utf8mb4")
    if pool.pop("enabled", bool(pool)):
        if config["ENGINE"] != DATABASE_ENGINES["postgres"]:
            raise ValueError(
                "sets pool=true, but Django's connection pooling is for PostgreSQL only"
            )
        if explicit_max_age and config["CONN_MAX_AGE"] != 0:
            raise ValueError("sets both pool=true and conn_max_age: a pool needs conn_max_age=0")
        config["CONN_MAX_AGE"] = 0
        options["pool"] = pool or True
    config["OPTIONS"] = options
    return config


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError("is not a whole number") from None
    if value < 0:
        raise ValueError("must not be negative")
    return value


@dataclass(frozen=True)
class Redis:
    """One Redis server split into three databases, so ``cache.clear()`` never drops queued tasks."""

    cache_url: str
    broker_url: str
    result_url: str

    def caches(self, *, timeout: float = 1.0, key_prefix: str = "") -> dict[str, Any]:
        """``CACHES`` on Django's own Redis backend, with bounded socket timeouts."""
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": self.cache_url,
                "KEY_PREFIX": key_prefix,
                "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
            }
        }


def redis(
    env: Env,
    name: str = "REDIS_URL",
    default: Any = None,
    *,
    dev: Any = MISSING,
    help: str = "Redis URL for the cache and Celery, e.g. redis://localhost:6379/0",
) -> Redis | None:
    """Read ``REDIS_URL``: database N is the cache, N+1 Celery's broker, N+2 its results."""

    def parse(raw: str) -> Redis:
        check_url(raw, ("redis", "rediss", "unix"))
        parts = urlsplit(raw)
        path = parts.path.strip("/")
        try:
            base = int(path) if path else 0
        except ValueError:
            raise ValueError(
                "has a database that is not a number: use redis://host:6379/0"
            ) from None
        if not 0 <= base <= REDIS_DATABASES - 3:
            raise ValueError(
                f"uses database {base}: the cache, the broker and the results need {base}, "
                f"{base + 1} and {base + 2}, and Redis has {REDIS_DATABASES} (0-{REDIS_DATABASES - 1})"
            )

        def at(db: int) -> str:
            return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))

        return Redis(at(base), at(base + 1), at(base + 2))

    value = env._read(
        name, "redis url", parse, default, dev, help=help, fallback=None, parse_default=True
    )
    if isinstance(value, Redis):
        password = urlsplit(value.cache_url).password
        if password:
            masking.register_secret(password, unquote(password))
    elif env.declarations[name].source == "default":
        env.notice(
            f"{name} is not set: the cache is in local memory and Celery tasks run in-process."
        )
    return value


def locmem_caches() -> dict[str, Any]:
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def origin(text: str) -> str:
    """Validate one CORS/CSRF origin: ``scheme://host[:port]``, no path, normalised to lower case."""
    if text == "*":
        raise ValueError("would allow every origin: list the origins instead")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError("is not a valid origin: expected scheme://host[:port]") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("is not an origin: expected http(s)://host[:port]")
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


def origins(
    env: Env,
    name: str = "CORS_ORIGINS",
    default: Any = (),
    *,
    dev: Any = ("http://localhost:5173", "http://127.0.0.1:5173"),
    help: str = "comma-separated origins allowed to call the site, e.g. https://app.example.com",
) -> list[str]:
    """Origins for ``CORS_ALLOWED_ORIGINS`` and ``CSRF_TRUSTED_ORIGINS``; each validated."""
    return list(env.list(name, list(default), dev=list(dev), item=origin, help=help))


def host(text: str) -> str:
    """Validate one ``ALLOWED_HOSTS`` entry."""
    if "://" in text or "/" in text:
        raise ValueError("is a URL: write the host name only, e.g. example.com")
    if any(c.isspace() for c in text):
        raise ValueError("contains whitespace")
    if not text.isascii():
        raise ValueError("is not ASCII: use its punycode form (xn--...)")
    return text.lower()


def hosts(
    env: Env,
    name: str = "ALLOWED_HOSTS",
    default: Any = MISSING,
    *,
    dev: Any = ("localhost", "127.0.0.1", "[::1]"),
    help: str = "comma-separated host names the site answers to, e.g. example.com,www.example.com",
) -> list[str]:
    values = env.list(name, default, dev=list(dev), item=host, help=help)
    if env.is_prod and "*" in values:
        env._problem(name, "contains '*': production must list its host names")
    return list(values)


def secret_key(
    env: Env,
    name: str = "SECRET_KEY",
    *,
    dev_key_file: str | Path = ".foundation/dev_secret_key",
) -> str:
    """Production: required, at least 50 characters, not a development or placeholder key.

    Development and tests: the variable if set, else a key generated once per checkout and kept in
    ``dev_key_file`` (under ``base_dir``), in a folder whose own ``.gitignore`` keeps it out of git.
    """
    if env.is_prod:
        key = env.secret(name, min_length=1, help="at least 50 random characters")
        if key:
            problem = weak_key_reason(key)
            if problem:
                env._problem(name, problem)
        return key
    key = env.secret(name, default="")
    if key:
        return key
    path = Path(dev_key_file)
    path = path if path.is_absolute() else env.base_dir / path
    key = _dev_key(path)
    env.declarations[name].source = "generated"
    masking.register_secret(key)
    return key


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
    import secrets  # only development and this helper need it

    return secrets.token_urlsafe(48)


def _dev_key(path: Path) -> str:
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing.startswith(DEV_KEY_PREFIX):
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# Generated development secrets: never commit them.\n*\n", encoding="utf-8"
        )
    key = DEV_KEY_PREFIX + generate_secret_key()
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return key


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


def email(
    env: Env,
    name: str = "EMAIL_URL",
    default: Any = "smtp://localhost:25",
    *,
    dev: Any = "console:",
    help: str = "smtp://user:password@host:587?tls=true, smtps://... (SSL), or console:",
) -> Email:
    def parse(raw: str) -> Email:
        scheme, _, _ = raw.partition(":")
        scheme = scheme.lower()
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
        default_port = 465 if use_ssl else 587 if use_tls else 25
        return Email(
            EMAIL_BACKENDS[scheme],
            host=parts.hostname or "",
            port=parts.port or default_port,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=use_tls,
            use_ssl=use_ssl,
        )

    fallback = Email(EMAIL_BACKENDS["dummy"])
    value = env._read(
        name, "email url", parse, default, dev, help=help, fallback=fallback, parse_default=True
    )
    if value.password:
        masking.register_secret(value.password)
    return value


__all__ = [
    "Email",
    "Problem",
    "Redis",
    "database",
    "email",
    "generate_secret_key",
    "hosts",
    "locmem_caches",
    "origin",
    "origins",
    "redis",
    "secret_key",
]
