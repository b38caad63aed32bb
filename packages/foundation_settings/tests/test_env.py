from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foundation_settings import Env, cache_settings, redis_db_url
from foundation_settings.env import DEV_KEY_PREFIX, parse_dotenv

STRONG_KEY = "k" + "".join(chr(ord("a") + i % 26) for i in range(60)) + "Z9!"


def make(tmp_path: Path, profile: str = "dev", **environ: str) -> Env:
    return Env(base_dir=tmp_path, profile=profile, environ=environ)


def sealed_message(env: Env) -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        env.seal()
    return str(info.value)


# -- booleans, numbers, strings ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("YES", True), (" 1 ", True), ("off", False), ("0", False)],
)
def test_bool_accepts_the_documented_spellings(tmp_path: Path, raw: str, expected: bool) -> None:
    env = make(tmp_path, FLAG=raw)
    assert env.bool("FLAG") is expected
    env.seal()


@pytest.mark.parametrize("raw", ["maybe", "ture", "flase", "\uff54rue"])
def test_bool_refuses_anything_else_naming_the_variable_and_the_form(
    tmp_path: Path, raw: str
) -> None:
    env = make(tmp_path, DEBUG=raw)
    assert env.bool("DEBUG", False) is False
    assert f"DEBUG={raw!r} is not a boolean: use true/false, 1/0, yes/no" in sealed_message(env)


def test_all_problems_are_reported_in_one_error(tmp_path: Path) -> None:
    env = make(tmp_path, "prod", DEBUG="maybe", PORT="abc", RATIO="1,5")
    env.bool("DEBUG", False)
    env.int("PORT")
    env.float("RATIO")
    env.str("MISSING_ONE")
    env.secret("API_KEY")
    message = sealed_message(env)
    assert message.startswith("5 settings problems (profile: prod):")
    for fragment in (
        "DEBUG='maybe' is not a boolean",
        "PORT='abc' is not an integer",
        "RATIO='1,5' is not a number",
        "MISSING_ONE is missing: required in production",
        "API_KEY is missing",
    ):
        assert fragment in message


def test_dev_default_applies_in_dev_and_test_but_not_in_prod(tmp_path: Path) -> None:
    assert make(tmp_path, "dev").bool("DEBUG", False, dev=True) is True
    assert make(tmp_path, "test").bool("DEBUG", False, dev=True) is True
    assert make(tmp_path, "prod").bool("DEBUG", False, dev=True) is False
    prod = make(tmp_path, "prod")
    prod.str("NAME", dev="x")
    assert "NAME is missing: required in production" in sealed_message(prod)


def test_empty_and_whitespace_values(tmp_path: Path) -> None:
    env = make(tmp_path, "prod", A="   ", B="", C="  7 ")
    assert env.int("A", 3) == 3
    env.str("B")
    assert env.int("C") == 7
    assert "B is empty: required in production" in sealed_message(env)


def test_int_bounds_and_choices(tmp_path: Path) -> None:
    env = make(tmp_path, N="5", LEVEL="LOUD")
    env.int("N", min=10)
    env.str("LEVEL", choices=["INFO", "DEBUG"])
    message = sealed_message(env)
    assert "N='5' is below the minimum 10" in message
    assert "LEVEL='LOUD' is not one of: INFO, DEBUG" in message


def test_list_items_are_trimmed_and_empty_items_dropped(tmp_path: Path) -> None:
    env = make(tmp_path, HOSTS=" a.com, b.com ,,c.com ")
    assert env.list("HOSTS") == ["a.com", "b.com", "c.com"]


def test_json_and_path(tmp_path: Path) -> None:
    env = make(tmp_path, GOOD='{"a": 1}', BAD="{a:", DATA="media", ABS="/srv/x")
    assert env.json("GOOD") == {"a": 1}
    assert env.path("DATA") == tmp_path / "media"
    assert env.path("ABS") == Path("/srv/x")
    env.json("BAD")
    assert "BAD='{a:' is not valid JSON" in sealed_message(env)


# -- secrets are never echoed --------------------------------------------------------------------
def test_dollar_prefixed_secret_is_read_literally_and_never_echoed(tmp_path: Path) -> None:
    key = "$x9k!(" + "q" * 60
    env = make(tmp_path, "prod", SECRET_KEY=key)
    assert env.secret_key() == key
    env.seal()
    weak = "$tooShortSecretValue"
    env2 = make(tmp_path, "prod", SECRET_KEY=weak)
    env2.secret_key()
    message = sealed_message(env2)
    assert "SECRET_KEY is too weak: 20 characters" in message
    assert weak not in message
    assert "tooShort" not in message


# -- SECRET_KEY profiles -------------------------------------------------------------------------
def test_dev_secret_key_is_generated_once_per_checkout_private_and_reused(tmp_path: Path) -> None:
    first = make(tmp_path).secret_key()
    path = tmp_path / ".secret_key"
    assert path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert first.startswith(DEV_KEY_PREFIX)
    assert "$" not in first
    assert make(tmp_path).secret_key() == first


def test_test_profile_key_is_per_process_and_writes_nothing(tmp_path: Path) -> None:
    key = make(tmp_path, "test").secret_key()
    assert len(key) >= 50
    assert not (tmp_path / ".secret_key").exists()


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        (None, "SECRET_KEY is missing: required in production"),
        ("short-key", "SECRET_KEY is too weak: 9 characters"),
        (DEV_KEY_PREFIX + "a1" * 30, "SECRET_KEY is a development key"),
        ("django-insecure-" + "ab1" * 20, "SECRET_KEY is a development key"),
        ("a" * 60, "SECRET_KEY is too weak"),
    ],
)
def test_production_secret_key_rules(tmp_path: Path, key: str | None, fragment: str) -> None:
    env = make(tmp_path, "prod", **({"SECRET_KEY": key} if key else {}))
    env.secret_key()
    assert fragment in sealed_message(env)
    assert not (tmp_path / ".secret_key").exists()


# -- hosts and origins ---------------------------------------------------------------------------
def test_hosts_dev_default_prod_required_and_validated(tmp_path: Path) -> None:
    assert make(tmp_path).hosts() == ["localhost", "127.0.0.1", "[::1]"]
    assert make(tmp_path, "prod", ALLOWED_HOSTS="a.com, .b.org,c.net:8000").hosts() == [
        "a.com",
        ".b.org",
        "c.net:8000",
    ]
    env = make(tmp_path, "prod", ALLOWED_HOSTS="*, https://x.com, bad host")
    env.hosts()
    message = sealed_message(env)
    assert "'*' allows every host" in message
    assert "'https://x.com' is not a host name" in message


def test_origins_defaults_per_profile(tmp_path: Path) -> None:
    assert make(tmp_path).origins() == ["http://localhost:5173", "http://127.0.0.1:5173"]
    assert make(tmp_path, "prod").origins() == []


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("*", "allows every origin"),
        ("https://app.example.com/", "has a path"),
        ("https://app.example.com/x", "has a path"),
        ("app.example.com", "is not an origin"),
        ("ftp://x.com", "is not an origin"),
        ("https://münchen.de", "is not ASCII"),
        ("https://x.com:99999", "is not a valid origin"),
    ],
)
def test_bad_origins_are_named(tmp_path: Path, raw: str, fragment: str) -> None:
    env = make(tmp_path, "prod", CORS_ORIGINS=f"https://ok.example.com, {raw}")
    env.origins()
    message = sealed_message(env)
    assert fragment in message
    assert repr(raw) in message
    assert "ok.example.com'" not in message


def test_origins_are_exact_and_trimmed(tmp_path: Path) -> None:
    env = make(tmp_path, "prod", CORS_ORIGINS=" https://a.example.com , http://localhost:3000 ")
    assert env.origins() == ["https://a.example.com", "http://localhost:3000"]


# -- URLs and databases --------------------------------------------------------------------------
def test_database_defaults_to_sqlite_in_base_dir_in_dev_and_is_required_in_prod(
    tmp_path: Path,
) -> None:
    config = make(tmp_path).database()
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    env = make(tmp_path, "prod")
    env.database()
    assert "DATABASE_URL is missing: required in production" in sealed_message(env)


def test_postgres_url_typed_options(tmp_path: Path) -> None:
    url = "postgres://app:p%40ss%2Fw%3Frd@db.internal:5433/shop?conn_max_age=120&conn_health_checks=false&connect_timeout=3&sslmode=require"
    config = make(tmp_path, "prod", DATABASE_URL=url).database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "shop",
        "app",
        "db.internal",
        5433,
    )
    assert config["PASSWORD"] == "p@ss/w?rd"
    assert config["CONN_MAX_AGE"] == 120
    assert config["CONN_HEALTH_CHECKS"] is False
    assert config["OPTIONS"] == {"connect_timeout": 3, "sslmode": "require"}


def test_postgres_pool_is_a_real_bool_and_disables_persistent_connections(tmp_path: Path) -> None:
    config = make(tmp_path, "prod", DATABASE_URL="postgresql://u:pw@h/db?pool=true").database()
    assert config["OPTIONS"]["pool"] is True
    assert config["CONN_MAX_AGE"] == 0
    defaults = make(tmp_path, "prod", DATABASE_URL="postgresql://u:pw@h/db").database()
    assert defaults["CONN_MAX_AGE"] == 60
    assert defaults["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in defaults["OPTIONS"]


def test_mysql_and_mariadb_urls(tmp_path: Path) -> None:
    for scheme in ("mysql", "mariadb"):
        config = make(
            tmp_path, "prod", DATABASE_URL=f"{scheme}://root:pw@127.0.0.1:3306/app"
        ).database()
        assert config["ENGINE"] == "django.db.backends.mysql"
        assert config["OPTIONS"] == {"connect_timeout": 5, "charset": "utf8mb4"}
        assert config["NAME"] == "app"
        assert config["PORT"] == 3306


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgress://u:pw@h/db", "has an unknown scheme 'postgress': use one of postgres"),
        ("foo://x", "has an unknown scheme 'foo'"),
        ("not a url", "contains whitespace"),
        ("postgres:///db", "has no host"),
        ("postgres://u:pw@h:port/db", "is not a valid URL"),
        ("postgres://u:pw@h/db?pool=yes-please", "option pool='yes-please' that is not a boolean"),
        ("postgres://u:pw@h/db?conn_max_age=forever", "option conn_max_age='forever'"),
        ("mysql://u:pw@h/db?pool=true", "only for PostgreSQL"),
        ("postgres://u:pw@hôst/db", "non-ASCII"),
    ],
)
def test_bad_database_urls_are_named(tmp_path: Path, url: str, fragment: str) -> None:
    env = make(tmp_path, "prod", DATABASE_URL=url)
    env.database()
    message = sealed_message(env)
    assert "DATABASE_URL" in message
    assert fragment in message


def test_a_password_with_raw_special_characters_is_rejected_without_echoing_it(
    tmp_path: Path,
) -> None:
    env = make(tmp_path, "prod", DATABASE_URL="postgres://u:pa?ss@h/db")
    env.database()
    message = sealed_message(env)
    assert "DATABASE_URL=" in message
    assert "percent-encode" in message
    assert "pa?ss" not in message
    assert "ss@h" not in message
    env2 = make(tmp_path, "prod", DATABASE_URL="postgres://u:hunter2secret@h:bad/db")
    env2.database()
    assert "hunter2secret" not in sealed_message(env2)


def test_redis_gets_separate_databases_for_broker_results_and_cache(tmp_path: Path) -> None:
    url = make(tmp_path, REDIS_URL="redis://:pw123456@127.0.0.1:6379").redis_url()
    assert url is not None
    assert redis_db_url(url, 0) == "redis://:pw123456@127.0.0.1:6379/0"
    assert redis_db_url("redis://h:6379/4", 2) == "redis://h:6379/6"
    cache = cache_settings(url)["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"].endswith("/2")
    assert cache_settings(None)["default"]["BACKEND"].endswith("LocMemCache")
    assert make(tmp_path).redis_url() is None
    env = make(tmp_path, REDIS_URL="http://h:6379")
    env.redis_url()
    assert "REDIS_URL='http://h:6379' has an unknown scheme 'http'" in sealed_message(env)


# -- .env files ----------------------------------------------------------------------------------
def test_dotenv_values_quotes_comments_and_environment_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# comment\nexport NAME=from-file\nPLAIN=a b # trailing comment\nQUOTED=\"x # y\"\nSINGLE='$literal'\nBOTH=file\n",
        encoding="utf-8",
    )
    env = make(tmp_path, BOTH="environment")
    assert env.str("NAME") == "from-file"
    assert env.str("PLAIN") == "a b"
    assert env.str("QUOTED") == "x # y"
    assert env.str("SINGLE") == "$literal"
    assert env.str("BOTH") == "environment"
    assert env.declarations["NAME"].source == ".env line 2"
    assert env.declarations["BOTH"].source == "environment"
    assert env.str("GONE", "d") == "d"
    assert env.declarations["GONE"].source == "default"
    env.seal()


def test_dotenv_syntax_errors_are_listed_with_line_numbers(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        'GOOD=1\nthis is not an assignment\nQ="unterminated\n', encoding="utf-8"
    )
    env = make(tmp_path, DEBUG="nope")
    env.bool("DEBUG", False)
    message = sealed_message(env)
    assert "3 settings problems" in message
    assert ".env line 2: expected NAME=value" in message
    assert ".env line 3: unterminated or malformed quoted value of Q" in message


def test_parse_dotenv_reads_no_interpolation() -> None:
    parsed = parse_dotenv("A=$B\nB=x\n")
    assert parsed.values["A"] == ("$B", 1)
    assert parsed.errors == []


def test_profile_comes_from_the_settings_module_name(tmp_path: Path) -> None:
    assert (
        Env(base_dir=tmp_path, environ={"DJANGO_SETTINGS_MODULE": "config.settings.prod"}).profile
        == "prod"
    )
    assert (
        Env(base_dir=tmp_path, environ={"DJANGO_SETTINGS_MODULE": "config.settings.test"}).profile
        == "test"
    )
    assert (
        Env(base_dir=tmp_path, environ={"DJANGO_SETTINGS_MODULE": "config.settings.dev"}).profile
        == "dev"
    )
    with pytest.raises(ImproperlyConfigured, match="Unknown settings profile"):
        Env(base_dir=tmp_path, profile="staging", environ={})


def test_real_environment_is_the_default_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOUNDATION_TEST_VALUE", "42")
    env = Env(base_dir=tmp_path, profile="dev")
    assert env.int("FOUNDATION_TEST_VALUE") == 42
    assert os.environ["FOUNDATION_TEST_VALUE"] == "42"
