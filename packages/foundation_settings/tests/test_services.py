from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foundation_settings import Env
from foundation_settings.masking import registered_secrets
from foundation_settings.parsers import DEV_KEY_PREFIX


def make(tmp_path: Path, environ: dict[str, str], profile: str = "prod") -> Env:
    return Env(profile=profile, base_dir=tmp_path, environ=environ)


def problems(env: Env) -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        env.finish()
    return str(info.value)


# -- DATABASE_URL -----------------------------------------------------------------------------


def test_development_defaults_to_sqlite_in_base_dir(tmp_path: Path) -> None:
    config = make(tmp_path, {}, profile="dev").database()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["CONN_MAX_AGE"] == 0


def test_production_requires_database_url(tmp_path: Path) -> None:
    env = make(tmp_path, {})
    env.database()
    assert "DATABASE_URL: is required in production but not set" in problems(env)


def test_postgres_url_with_typed_options(tmp_path: Path) -> None:
    url = "postgres://app:p%40ss%23word@db.internal:6432/shop?conn_max_age=120&conn_health_checks=false&connect_timeout=3&sslmode=require"
    config = make(tmp_path, {"DATABASE_URL": url}).database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("shop", "app", "p@ss#word")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "6432")
    assert config["CONN_MAX_AGE"] == 120
    assert config["CONN_HEALTH_CHECKS"] is False
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 3}
    assert "p@ss#word" in registered_secrets()


def test_defaults_keep_connections_with_health_checks_and_a_connect_timeout(tmp_path: Path) -> None:
    config = make(tmp_path, {"DATABASE_URL": "postgresql://u:p@h/d"}).database()
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)
    assert config["OPTIONS"]["connect_timeout"] == 5


def test_postgres_pool_is_a_typed_mapping_and_forces_conn_max_age_zero(tmp_path: Path) -> None:
    url = "postgres://u:p@h/d?pool=true&pool_min_size=2&pool_max_size=8"
    config = make(tmp_path, {"DATABASE_URL": url}).database()
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8}
    assert config["CONN_MAX_AGE"] == 0
    plain = make(tmp_path, {"DATABASE_URL": "postgres://u:p@h/d?pool=true"}).database()
    assert plain["OPTIONS"]["pool"] is True


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgres://u:p@h/d?pool=true&conn_max_age=60", "a pool needs conn_max_age=0"),
        ("mysql://u:p@h/d?pool=true", "connection pooling is for PostgreSQL only"),
        (
            "postgres://u:p@h/d?conn_health_checks=maybe",
            "option conn_health_checks= is not a boolean",
        ),
        ("postgres://u:p@h/d?conn_max_age=-1", "must not be negative"),
        ("postgress://u:p@h/d", "unknown scheme 'postgress': use one of postgres://"),
        ("oracle://u:p@h/d", "unknown scheme 'oracle'"),
        ("postgres://u:p@h", "names no database"),
        ("not a url", "is not a URL"),
    ],
)
def test_bad_database_urls_are_named(tmp_path: Path, url: str, fragment: str) -> None:
    env = make(tmp_path, {"DATABASE_URL": url})
    env.database()
    message = problems(env)
    assert "DATABASE_URL:" in message
    assert fragment in message


def test_a_password_with_special_characters_is_never_echoed(tmp_path: Path) -> None:
    env = make(tmp_path, {"DATABASE_URL": "postgres://app:pa?ss/word@db/app"})
    env.database()
    message = problems(env)
    assert "percent-encode" in message
    assert "pa?ss" not in message and "ss/word" not in message


def test_production_refuses_sqlite_unless_the_site_opts_in(tmp_path: Path) -> None:
    env = make(tmp_path, {"DATABASE_URL": "sqlite:///db.sqlite3"})
    env.database()
    assert "DATABASE_URL: is SQLite in production: use PostgreSQL or MySQL" in problems(env)
    allowed = make(tmp_path, {"DATABASE_URL": "sqlite:///db.sqlite3"})
    assert allowed.database(allow_sqlite=True)["ENGINE"] == "django.db.backends.sqlite3"
    allowed.finish()


def test_pool_without_psycopg_pool_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg_pool", None)  # as if it were not installed
    env = make(tmp_path, {"DATABASE_URL": "postgres://u:p@h/d?pool=true"})
    env.database()
    assert "psycopg_pool is not installed: install psycopg[pool]" in problems(env)


def test_mysql_url(tmp_path: Path) -> None:
    config = make(tmp_path, {"DATABASE_URL": "mariadb://root:pw@127.0.0.1:3306/test"}).database()
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert config["OPTIONS"]["charset"] == "utf8mb4"
    assert config["PORT"] == "3306"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///data/app.db", "{tmp}/data/app.db"),
        ("sqlite:////var/lib/app.db", "/var/lib/app.db"),
        ("sqlite://:memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite://:memory:?timeout=20", ":memory:"),
    ],
)
def test_sqlite_paths(tmp_path: Path, url: str, name: str) -> None:
    env = make(tmp_path, {"DATABASE_URL": url})
    config = env.database(allow_sqlite=True)
    env.finish()
    assert config["NAME"] == name.format(tmp=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"


# -- REDIS_URL ----------------------------------------------------------------------------------


def test_redis_splits_cache_broker_and_results_into_separate_databases(tmp_path: Path) -> None:
    value = make(tmp_path, {"REDIS_URL": "redis://:pw-secret-1@cache:6379/3"}).redis()
    assert value is not None
    assert value.cache_url == "redis://:pw-secret-1@cache:6379/3"
    assert value.broker_url == "redis://:pw-secret-1@cache:6379/4"
    assert value.result_url == "redis://:pw-secret-1@cache:6379/5"
    caches = value.caches()
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["OPTIONS"]["socket_timeout"] == 1.0
    assert "pw-secret-1" in registered_secrets()


def test_redis_is_required_in_production_unless_the_site_opts_out(tmp_path: Path) -> None:
    env = make(tmp_path, {})
    assert env.redis() is None
    message = problems(env)
    assert "REDIS_URL: is required in production but not set" in message
    optional = make(tmp_path, {})
    assert optional.redis(default=None) is None
    optional.finish()
    assert make(tmp_path, {}, profile="dev").redis() is None


def test_redis_is_checked(tmp_path: Path) -> None:
    env = make(tmp_path, {"REDIS_URL": "redis://cache:6379/14"})
    env.redis()
    env2 = make(tmp_path, {"REDIS_URL": "http://cache:6379/0"})
    env2.redis()
    assert "need 14, 15 and 16" in problems(env)
    assert "unsupported scheme 'http'" in problems(env2)


# -- origins and hosts ----------------------------------------------------------------------------


def test_origins_in_development_default_to_the_vite_dev_server(tmp_path: Path) -> None:
    assert make(tmp_path, {}, profile="dev").origins() == [
        "http://localhost:5173",
        "http://127.0.0.1:5173",
    ]


def test_origins_in_production_default_to_none(tmp_path: Path) -> None:
    assert make(tmp_path, {}).origins() == []


def test_origins_are_validated_and_normalised(tmp_path: Path) -> None:
    env = make(tmp_path, {"CORS_ORIGINS": "https://App.Example.com , http://localhost:3000"})
    assert env.origins() == ["https://app.example.com", "http://localhost:3000"]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("*", "would allow every origin"),
        ("https://*.example.com", "is a wildcard"),
        ("https://app.example.com/", "has a trailing slash: write https://app.example.com"),
        ("https://app.example.com/path", "has a path"),
        ("app.example.com", "is not an origin"),
        ("ftp://files.example.com", "is not an origin"),
        ("https://u:p@app.example.com", "carries credentials"),
        ("https://bücher.example", "punycode"),
    ],
)
def test_bad_origins_are_named(tmp_path: Path, raw: str, fragment: str) -> None:
    env = make(tmp_path, {"CORS_ORIGINS": f"https://ok.example.com,{raw}"})
    env.origins()
    message = problems(env)
    assert "CORS_ORIGINS: has invalid items" in message
    assert fragment in message


def test_origins_of_browser_extensions_are_accepted(tmp_path: Path) -> None:
    env = make(
        tmp_path,
        {"CORS_ORIGINS": "chrome-extension://abcdefghijklmnop,moz-extension://1b2c-3d4e"},
    )
    assert env.origins() == ["chrome-extension://abcdefghijklmnop", "moz-extension://1b2c-3d4e"]
    env.finish()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (",,,", "ALLOWED_HOSTS: is set but names no host"),
        (" , ", "ALLOWED_HOSTS: is set but names no host"),
        ("*.example.com", "is a pattern Django never matches: write .example.com"),
    ],
)
def test_hosts_django_would_mishandle_are_refused(tmp_path: Path, raw: str, fragment: str) -> None:
    env = make(tmp_path, {"ALLOWED_HOSTS": raw})
    env.hosts()
    assert fragment in problems(env)


def test_hosts(tmp_path: Path) -> None:
    assert make(tmp_path, {"ALLOWED_HOSTS": "Example.com, .example.org"}).hosts() == [
        "example.com",
        ".example.org",
    ]
    env = make(tmp_path, {"ALLOWED_HOSTS": "example.com,https://x.com"})
    env.hosts()
    assert "ALLOWED_HOSTS: has invalid items: 'https://x.com' is a URL" in problems(env)
    star = make(tmp_path, {"ALLOWED_HOSTS": "*"})
    star.hosts()
    assert "ALLOWED_HOSTS: contains '*': production must list its host names" in problems(star)
    assert make(tmp_path, {"ALLOWED_HOSTS": "*"}, profile="dev").hosts() == ["*"]


# -- SECRET_KEY -----------------------------------------------------------------------------------


STRONG = "K3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"


def test_production_requires_a_strong_key(tmp_path: Path) -> None:
    assert make(tmp_path, {"SECRET_KEY": STRONG}).secret_key() == STRONG
    env = make(tmp_path, {})
    env.secret_key()
    assert "SECRET_KEY: is required in production" in problems(env)


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("short-key", "too short (9 characters)"),
        ("django-insecure-" + "x" * 50, "django-insecure- key"),
        (DEV_KEY_PREFIX + "x" * 60, "development key"),
        ("a" * 60, "fewer than 5 distinct characters"),
        ("changeme", "placeholder"),
    ],
)
def test_weak_production_keys_are_refused_without_echo(
    tmp_path: Path, key: str, fragment: str
) -> None:
    env = make(tmp_path, {"SECRET_KEY": key})
    env.secret_key()
    message = problems(env)
    assert fragment in message
    assert key not in message


def test_development_key_is_generated_once_kept_out_of_git_and_registered(tmp_path: Path) -> None:
    first = make(tmp_path, {}, profile="dev").secret_key()
    second = make(tmp_path, {}, profile="dev").secret_key()
    assert first == second
    assert first.startswith(DEV_KEY_PREFIX) and len(first) >= 50 and "$" not in first
    key_file = tmp_path / ".foundation" / "dev_secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (tmp_path / ".foundation" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert first in registered_secrets()


def test_development_uses_the_variable_when_set(tmp_path: Path) -> None:
    assert make(tmp_path, {"SECRET_KEY": "mine"}, profile="dev").secret_key() == "mine"
    assert not (tmp_path / ".foundation").exists()


# -- EMAIL_URL ------------------------------------------------------------------------------------


def test_email_urls(tmp_path: Path) -> None:
    dev = make(tmp_path, {}, profile="dev").mail()
    assert dev.backend.endswith("console.EmailBackend")
    prod = make(
        tmp_path, {"EMAIL_URL": "smtp://mailer:m%40il-pw@smtp.example.com:587?tls=true"}
    ).mail()
    assert (prod.host, prod.port, prod.username, prod.password) == (
        "smtp.example.com",
        587,
        "mailer",
        "m@il-pw",
    )
    assert prod.use_tls and not prod.use_ssl
    assert prod.mailer()["OPTIONS"]["host"] == "smtp.example.com"
    ssl = make(tmp_path, {"EMAIL_URL": "smtps://smtp.example.com"}).mail()
    assert (ssl.port, ssl.use_ssl) == (465, True)
    env = make(tmp_path, {"EMAIL_URL": "pigeon://coop"})
    env.mail()
    assert "EMAIL_URL: 'pigeon://coop' has an unknown scheme 'pigeon'" in problems(env)
