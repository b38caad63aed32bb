"""The README's code blocks are valid, and its settings block is a clean configuration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from foundation_health.checks import check_settings
from foundation_health.conf import DEFAULTS

README = Path(__file__).resolve().parent.parent / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^ *```{language}\n(.*?)^ *```", README.read_text(), flags=re.M | re.S)


@pytest.mark.parametrize("source", blocks("python"))
def test_python_blocks_compile(source: str) -> None:
    compile(source, str(README), "exec")


@pytest.mark.parametrize("source", blocks("json"))
def test_json_blocks_parse(source: str) -> None:
    json.loads(source)


def test_the_settings_block_shows_every_default_and_passes_the_system_checks() -> None:
    (source,) = [b for b in blocks("python") if b.startswith("FOUNDATION_HEALTH = {")]
    namespace: dict[str, dict[str, object]] = {}
    exec(source, namespace)
    documented = namespace["FOUNDATION_HEALTH"]
    assert set(documented) == set(DEFAULTS)
    examples = {"TIMEOUTS", "CRITICAL"}  # shown with an entry; empty by default
    assert {k: v for k, v in documented.items() if k not in examples} == {
        k: v for k, v in DEFAULTS.items() if k not in examples
    }
    with override_settings(FOUNDATION_HEALTH=documented):
        assert check_settings() == []
