from __future__ import annotations

import importlib.metadata
import pathlib

from django.apps import apps

import foundation_ui


def test_version_is_the_distribution_version() -> None:
    assert foundation_ui.__version__ == importlib.metadata.version("foundation-ui")


def test_tests_run_against_the_installed_package_not_the_source_tree() -> None:
    # tox installs the built wheel; the source tree must not shadow it.
    assert "src" not in pathlib.Path(foundation_ui.__file__).parts[-3:]


def test_py_typed_is_shipped() -> None:
    assert (pathlib.Path(foundation_ui.__file__).parent / "py.typed").is_file()


def test_app_config_is_loaded() -> None:
    config = apps.get_app_config("foundation_ui")
    assert config.name == "foundation_ui"
    assert config.verbose_name == "Foundation UI"
