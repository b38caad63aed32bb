from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foundation_settings import Env, profile_from_settings_module


def make(
    tmp_path: Path, environ: dict[str, str], profile: str = "prod", dotenv: str | None = None
) -> Env:
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    return Env(profile=profile, base_dir=tmp_path, environ=environ)


def problems(env: Env) -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        env.finish()
    return str(info.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("1", True),
        ("YES", True),
        (" on ", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("off", False),
    ],
)
def test_bool_accepts_the_usual_spellings(tmp_path: Path, raw: str, expected: bool) -> None:
    env = make(tmp_path, {"DEBUG": raw})
    assert env.bool("DEBUG") is expected
    env.finish()


@pytest.mark.parametrize("raw", ["maybe", "ture", "flase", "2"])
def test_bool_typo_is_an_error_naming_the_variable_and_the_forms(tmp_path: Path, raw: str) -> None:
    env = make(tmp_path, {"DEBUG": raw})
    assert env.bool("DEBUG", default=False) is False
    message = problems(env)
    assert f"DEBUG: '{raw}' is not a boolean: use true/false, 1/0, yes/no" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    env = make(tmp_path, {"DEBUG": "maybe", "PORT": "eighty", "RATE": "fast"})
    env.bool("DEBUG")
    env.int("PORT")
    env.float("RATE")
    env.str("SECRET_THING")
    env.json("CONFIG", default={})
    message = problems(env)
    assert message.startswith("4 setting problems in the prod profile")
    for name in ("DEBUG", "PORT", "RATE", "SECRET_THING"):
        assert f"  - {name}: " in message
    assert "SECRET_THING: is required in production but not set" in message


def test_no_problem_no_error(tmp_path: Path) -> None:
    env = make(tmp_path, {"PORT": "8000"})
    assert env.int("PORT") == 8000
    env.finish()
    assert env.finished


def test_a_value_starting_with_dollar_is_literal_and_a_secret_is_never_echoed(
    tmp_path: Path,
) -> None:
    secret = "$x9k!(not-a-reference-but-a-secret-key-value"
    env = make(tmp_path, {"API_TOKEN": secret, "DB_PASSWORD": "$short"})
    assert env.str("API_TOKEN") == secret
    env.secret("DB_PASSWORD", min_length=10)
    message = problems(env)
    assert "DB_PASSWORD: the value is too short: at least 10 characters expected" in message
    assert "$short" not in message and "short" not in message.replace("too short", "")


def test_lists_are_trimmed_deduplicated_and_drop_empty_items(tmp_path: Path) -> None:
    env = make(tmp_path, {"HOSTS": " a.com, b.com ,, a.com ,c.com "})
    assert env.list("HOSTS") == ["a.com", "b.com", "c.com"]


def test_empty_and_whitespace_count_as_unset(tmp_path: Path) -> None:
    env = make(tmp_path, {"NAME": "   ", "LEVEL": ""})
    assert env.str("LEVEL", default="INFO") == "INFO"
    env.str("NAME")
    assert "NAME: is required in production but not set" in problems(env)


def test_values_are_stripped_and_non_ascii_is_kept(tmp_path: Path) -> None:
    env = make(tmp_path, {"SITE_NAME": "  Café Zürich ☕  "})
    assert env.str("SITE_NAME") == "Café Zürich ☕"


def test_dev_default_applies_only_outside_production(tmp_path: Path) -> None:
    dev = make(tmp_path, {}, profile="dev")
    assert dev.str("MODE", dev="local") == "local"
    prod = make(tmp_path, {})
    prod.str("MODE", dev="local")
    assert "MODE: is required in production" in problems(prod)


@pytest.mark.parametrize(
    ("reader", "raw", "fragment"),
    [
        ("int", "12.5", "'12.5' is not a whole number"),
        ("float", "abc", "'abc' is not a number"),
        ("float", "nan", "is not a finite number"),
        ("json", "{bad", "is not valid JSON"),
        ("url", "localhost:8000", "is not a URL: expected scheme://host"),
    ],
)
def test_typed_readers_name_the_expected_form(
    tmp_path: Path, reader: str, raw: str, fragment: str
) -> None:
    env = make(tmp_path, {"VALUE": raw})
    getattr(env, reader)("VALUE")
    assert fragment in problems(env)


def test_bounds_and_choices(tmp_path: Path) -> None:
    env = make(tmp_path, {"WORKERS": "0", "MODE": "prood"})
    env.int("WORKERS", min=1)
    env.str("MODE", choices=["dev", "prod"])
    message = problems(env)
    assert "WORKERS: '0' is below the minimum 1" in message
    assert "MODE: 'prood' is not one of: dev, prod" in message


def test_path_is_taken_from_base_dir(tmp_path: Path) -> None:
    env = make(tmp_path, {"MEDIA": "media"})
    assert env.path("MEDIA") == tmp_path / "media"


def test_url_error_never_echoes_the_password(tmp_path: Path) -> None:
    env = make(tmp_path, {"SENTRY_URL": "https://user:pa?ss-word@host:notaport/1"})
    env.url("SENTRY_URL")
    message = problems(env)
    assert "SENTRY_URL" in message
    assert "pa?ss" not in message and "ss-word" not in message


def test_file_variant_reads_a_container_secret(tmp_path: Path) -> None:
    secret_file = tmp_path / "db_password"
    secret_file.write_text("from-a-file-secret\n")
    env = make(tmp_path, {"DB_PASSWORD_FILE": str(secret_file)})
    assert env.secret("DB_PASSWORD") == "from-a-file-secret"
    assert env.declarations["DB_PASSWORD"].source == "file"


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    dotenv = "# comment\nexport NAME=from-dotenv\nONLY_DOTENV='single # kept'\nQUOTED=\"a\\nb\"\nINLINE=value # note\n"
    env = make(tmp_path, {"NAME": "from-environment"}, dotenv=dotenv)
    assert env.str("NAME") == "from-environment"
    assert env.declarations["NAME"].source == "environment"
    assert env.str("ONLY_DOTENV") == "single # kept"
    assert env.declarations["ONLY_DOTENV"].source == ".env"
    assert env.str("QUOTED") == "a\nb"
    assert env.str("INLINE") == "value"
    env.finish()


def test_dotenv_syntax_errors_name_the_line_and_hide_the_value(tmp_path: Path) -> None:
    dotenv = "GOOD=1\nthis line is wrong\nBAD='unclosed-secret-value\n2NAME=x\n"
    env = make(tmp_path, {}, dotenv=dotenv)
    assert env.int("GOOD") == 1
    message = problems(env)
    assert ".env line 2: expected NAME=value" in message
    assert ".env line 3: BAD: single quote is not closed" in message
    assert ".env line 4: expected NAME=value" in message
    assert "unclosed-secret-value" not in message


def test_reads_are_recorded_with_their_source(tmp_path: Path) -> None:
    env = make(tmp_path, {"A": "1"}, profile="dev")
    env.int("A")
    env.int("B", default=2)
    assert env.declarations["A"].source == "environment"
    assert env.declarations["B"].source == "default"
    assert env.declarations["B"].value == 2


@pytest.mark.parametrize(
    ("module", "profile"),
    [
        ("config.settings.prod", "prod"),
        ("config.settings.production", "prod"),
        ("config.settings.test", "test"),
        ("config.settings.dev", "dev"),
        ("config.settings.local", "dev"),
        # Fail closed: a name the profiles don't know gets production's rules.
        ("mysite.settings", "prod"),
        ("config.settings.staging", "prod"),
        ("", "prod"),
    ],
)
def test_profile_follows_the_settings_module(module: str, profile: str) -> None:
    assert profile_from_settings_module(module) == profile


def test_unknown_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="not a profile"):
        Env(profile="staging", base_dir=tmp_path, environ={})


# -- django-environ compatibility ----------------------------------------------------------------

# A settings file written for django-environ, as its documentation shows it.
DJANGO_ENVIRON_SETTINGS = """
import environ
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env(DEBUG=(bool, False), WORKERS=(int, 2))
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
WORKERS = env("WORKERS")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
DATABASES = {"default": env.db(), "other": env.db_url("OTHER_DATABASE_URL", default="sqlite:////var/lib/site/other.db")}
CACHES = {"default": env.cache()}
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://user:password@localhost:25")
SENTRY_DSN = env.url("SENTRY_DSN", default="https://key@o1.ingest.example/1").geturl()
TIMEOUT = env.float("TIMEOUT", default=2.5)
FEATURES = env.json("FEATURES", default={})
RATIO = env("RATIO", default=0.5)
"""


def _run_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env_class: type, dotenv: str
) -> dict[str, object]:
    import environ

    (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    module = tmp_path / "legacy_settings.py"
    module.write_text(DJANGO_ENVIRON_SETTINGS, encoding="utf-8")
    monkeypatch.setattr(environ, "Env", env_class)
    namespace: dict[str, object] = {"__file__": str(module)}
    exec(compile(module.read_text(), str(module), "exec"), namespace)
    return {k: v for k, v in namespace.items() if k.isupper()}


@pytest.fixture
def saved_environ() -> Iterator[None]:
    """read_env writes to os.environ, as django-environ's does: put it back afterwards."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


GOOD_DOTENV = (
    "DEBUG=on\nSECRET_KEY=not-so-secret\nALLOWED_HOSTS=a.example,b.example\n"
    "DATABASE_URL=postgres://app:pw@db:5432/app?conn_max_age=30\n"
    'CACHE_URL=redis://cache:6379/1\nFEATURES={"beta": true}\n'
)


NAMES = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "FEATURES")


@pytest.mark.usefixtures("saved_environ")
def test_a_django_environ_settings_file_runs_unchanged_on_our_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import environ

    from foundation_settings.env import created

    for name in NAMES:
        os.environ.pop(name, None)
    theirs = _run_settings(tmp_path, monkeypatch, environ.Env, GOOD_DOTENV)
    for name in NAMES:
        os.environ.pop(name, None)
    ours = _run_settings(tmp_path, monkeypatch, Env, GOOD_DOTENV)
    assert ours == theirs
    assert ours["DEBUG"] is True and ours["WORKERS"] == 2
    assert ours["DATABASES"]["default"]["CONN_MAX_AGE"] == 30  # type: ignore[index]
    env = created()[-1]
    assert env.declarations["DATABASE_URL"].source == "environment"  # read_env fills os.environ
    env.finish()
    # One difference: a value starting with "$" is literal, not a reference to another variable.
    for name in NAMES:
        os.environ.pop(name, None)
    dollar = _run_settings(tmp_path, monkeypatch, Env, GOOD_DOTENV.replace("not-so", "$not-so"))
    assert dollar["SECRET_KEY"] == "$not-so-secret"


@pytest.mark.usefixtures("saved_environ")
def test_the_same_file_with_bad_values_reports_every_problem_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foundation_settings.env import created

    for name in NAMES:
        os.environ.pop(name, None)
    bad = "DEBUG=ture\nDATABASE_URL=postgress://app:pw-Secret-1@db/app\nCACHE_URL=redis://cache:63x9/1\n"
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "site.settings.prod")
    _run_settings(tmp_path, monkeypatch, Env, bad)
    message = problems(created()[-1])
    assert message.startswith("4 setting problems in the prod profile")
    assert "DEBUG: 'ture' is not a boolean" in message
    assert "SECRET_KEY: is required in production but not set" in message
    assert "DATABASE_URL: 'postgress://***@db' has an unknown scheme 'postgress'" in message
    assert "CACHE_URL: 'redis://cache' is not a valid URL" in message
    assert "pw-Secret-1" not in message


def test_a_file_secret_wins_as_in_django_environ(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("from-the-file\n")
    env = make(tmp_path, {"DB_PASSWORD": "from-env", "DB_PASSWORD_FILE": str(tmp_path / "pw")})
    assert env.secret("DB_PASSWORD") == "from-the-file"
    assert env.declarations["DB_PASSWORD"].source == "file"
    missing = make(tmp_path, {"DB_PASSWORD_FILE": str(tmp_path / "nope")})
    missing.secret("DB_PASSWORD")
    assert "DB_PASSWORD_FILE names a file that cannot be read (FileNotFoundError)" in problems(
        missing
    )


# -- what Django would silently mis-handle ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "level"), [("info", "INFO"), ("Warning", "WARNING"), (" DEBUG ", "DEBUG")]
)
def test_log_level_is_case_insensitive(tmp_path: Path, raw: str, level: str) -> None:
    assert make(tmp_path, {"LOG_LEVEL": raw}).log_level() == level


def test_an_unknown_log_level_is_listed_with_the_other_problems(tmp_path: Path) -> None:
    env = make(tmp_path, {"LOG_LEVEL": "loud", "DEBUG": "maybe"})
    assert env.log_level() == "INFO"  # a usable fallback, so LOGGING still builds
    env.bool("DEBUG")
    message = problems(env)
    assert "LOG_LEVEL: 'loud' is not a level: use one of DEBUG, INFO, WARNING, ERROR" in message
    assert "DEBUG: 'maybe' is not a boolean" in message


def test_an_unknown_profile_name_gets_production_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.staging")
    env = Env(base_dir=tmp_path, environ={})
    assert env.profile == "prod"
    assert env.bool("DEBUG", default=False, dev=True) is False
    env.database()
    env.secret_key()
    message = problems(env)
    assert "DATABASE_URL: is required in production" in message
    assert "SECRET_KEY: is required in production" in message
    assert not (tmp_path / ".foundation").exists()


def test_a_development_default_for_a_production_variable_is_announced(tmp_path: Path) -> None:
    env = make(tmp_path, {}, profile="dev")
    env.database()
    assert any(
        "DATABASE_URL is not set" in n and "required in production" in n for n in env.notices
    )


def test_a_missing_redis_url_is_announced_without_claiming_what_the_site_does(
    tmp_path: Path,
) -> None:
    env = make(tmp_path, {}, profile="dev")
    assert env.redis() is None
    assert env.notices == [
        "REDIS_URL is not set: redis() gives None, so the settings run without Redis."
    ]
    with_redis = make(tmp_path, {"REDIS_URL": "redis://localhost:6379/0"}, profile="dev")
    assert with_redis.redis() is not None
    assert with_redis.notices == []


@pytest.mark.usefixtures("saved_environ")
def test_read_env_without_a_path_reads_the_env_beside_its_caller(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("READ_ENV_PROBE=beside-the-caller\n", encoding="utf-8")
    caller = tmp_path / "settings.py"
    caller.write_text("from foundation_settings import Env\nEnv.read_env()\n", encoding="utf-8")
    exec(compile(caller.read_text(), str(caller), "exec"), {})
    assert os.environ["READ_ENV_PROBE"] == "beside-the-caller"
    os.environ["READ_ENV_PROBE"] = "the environment wins"
    exec(compile(caller.read_text(), str(caller), "exec"), {})
    assert os.environ["READ_ENV_PROBE"] == "the environment wins"
