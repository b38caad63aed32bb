from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import summarize_tests

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="{errors}" failures="{failures}" skipped="{skipped}"
 tests="{tests}" time="1.0"></testsuite></testsuites>
"""


def write(folder: Path, name: str, **counts: int) -> None:
    values = {"errors": 0, "failures": 0, "skipped": 0, "tests": 0, **counts}
    (folder / f"{name}.xml").write_text(REPORT.format(**values))


def test_adds_up_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "py313-ui-django61", tests=10, skipped=2)
    write(tmp_path, "example", tests=5)
    assert summarize_tests.main(["x", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "summary: 13 passed, 0 failed, 2 skipped"


def test_a_failure_or_error_fails_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a", tests=10, failures=1)
    write(tmp_path, "b", tests=3, errors=1)
    assert summarize_tests.main(["x", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "summary: 11 passed, 2 failed, 0 skipped"


def test_no_report_or_no_test_fails(tmp_path: Path) -> None:
    assert summarize_tests.main(["x", str(tmp_path)]) == 1
    write(tmp_path, "empty", tests=0)
    assert summarize_tests.main(["x", str(tmp_path)]) == 1


def test_unreadable_report_counts_as_failure(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_text("<testsuite")
    write(tmp_path, "fine", tests=1)
    assert summarize_tests.main(["x", str(tmp_path)]) == 1


def test_prints_each_envs_coverage_and_the_lowest_per_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for env, (total, lines, branches) in {
        "py313-llm-django61": (91.0, 93.0, 85.0),
        "py310-llm-django52": (89.5, 92.0, 82.5),
    }.items():
        write(tmp_path, env, tests=4)
        totals = {
            "percent_covered": total,
            "percent_statements_covered": lines,
            "percent_branches_covered": branches,
        }
        (tmp_path / f"{env}.coverage.json").write_text(json.dumps({"totals": totals}))
    write(tmp_path, "example_project", tests=2)
    assert summarize_tests.main(["x", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "  py310-llm-django52: 4 passed, 0 failed, 0 skipped; coverage 92.0% of lines, 82.5% of branches"
        in out
    )
    assert "  example_project: 2 passed, 0 failed, 0 skipped" in out
    assert out[-2] == "coverage (lowest env, lines+branches): llm 89.5%"
