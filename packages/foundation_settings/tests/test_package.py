from __future__ import annotations

import importlib.metadata
import pathlib
import subprocess
import sys

import pytest
from django.apps import apps

import foundation_settings


def test_version_is_the_distribution_version() -> None:
    assert foundation_settings.__version__ == importlib.metadata.version("foundation-settings")


def test_tests_run_against_the_installed_package_not_the_source_tree() -> None:
    # tox installs the built wheel; the source tree must not shadow it.
    assert "src" not in pathlib.Path(foundation_settings.__file__).parts[-3:]


def test_py_typed_is_shipped() -> None:
    assert (pathlib.Path(foundation_settings.__file__).parent / "py.typed").is_file()


def test_app_config_is_loaded() -> None:
    config = apps.get_app_config("foundation_settings")
    assert config.name == "foundation_settings"
    assert config.verbose_name == "Foundation settings"


def test_an_installed_app_that_reads_no_setting_through_env_loads_none_of_it() -> None:
    # Django imports the package for INSTALLED_APPS in every process; the env half (and
    # django-environ under it) loads when a name from it is first used, not before.
    code = """
import sys
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["foundation_settings"])
django.setup()
print(sorted(m for m in ("environ", "foundation_settings.env", "foundation_settings.parsers") if m in sys.modules))
import foundation_settings
print("Env" in dir(foundation_settings), foundation_settings.Env.__module__)
print("environ" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "True foundation_settings.env", "True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Envv'"):
        foundation_settings.Envv  # noqa: B018
