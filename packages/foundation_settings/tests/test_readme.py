"""Every Python block of the README runs, as a settings module of a development checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_a_readme_block_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "mysite" / "settings" / "dev.py"
    settings.parent.mkdir(parents=True)
    settings.write_text(code, encoding="utf-8")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__file__": str(settings), "__name__": "mysite.settings.dev"}
    exec(compile(code, str(settings), "exec"), namespace)
