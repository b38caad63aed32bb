"""Add up the JUnit XML reports of one `scripts/test` run and print one closing line.

Every pytest run in `scripts/test` (each tox env, the packaging tests, the example site) writes a
report under the folder given; this prints `summary: N passed, N failed, N skipped` over all of them,
and exits non-zero when a report is missing, unreadable, failing, or when no test ran at all.
Each tox env also writes `<env>.coverage.json` (coverage.py's JSON report of its package): its line
and branch coverage is printed beside the env's counts, and the lowest per package closes the run.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def count(report: Path) -> tuple[int, int, int]:
    """(passed, failed, skipped) in one JUnit XML report."""
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failed - skipped, failed, skipped


def coverage(report: Path) -> tuple[float, float, float] | None:
    """(lines+branches, lines, branches) percent covered, from the env's coverage.py JSON report."""
    path = report.with_name(f"{report.stem}.coverage.json")
    try:
        totals = json.loads(path.read_text())["totals"]
    except (OSError, ValueError, KeyError):
        return None
    return (
        totals["percent_covered"],
        totals["percent_statements_covered"],
        totals["percent_branches_covered"],
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: summarize_tests.py REPORTS_DIR", file=sys.stderr)
        return 2
    reports = sorted(Path(argv[1]).glob("*.xml"))
    passed = failed = skipped = 0
    lowest: dict[str, tuple[float, float, float]] = {}
    for report in reports:
        try:
            p, f, s = count(report)
        except (ET.ParseError, OSError, ValueError) as exc:
            print(f"{report.name}: unreadable report: {exc}", file=sys.stderr)
            failed += 1
            continue
        line = f"  {report.stem}: {p} passed, {f} failed, {s} skipped"
        covered = coverage(report)
        if covered:
            line += f"; coverage {covered[1]:.1f}% of lines, {covered[2]:.1f}% of branches"
            package = report.stem.split("-")[1]  # py313-<package>-django61
            lowest[package] = min(lowest.get(package, covered), covered)
        print(line)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if lowest:
        print(
            "coverage (lowest env, lines+branches): "
            + ", ".join(f"{name} {value[0]:.1f}%" for name, value in sorted(lowest.items()))
        )
    print(f"summary: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if reports and passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
