from __future__ import annotations

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
