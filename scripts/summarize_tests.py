"""Add up the JUnit XML reports of one `scripts/test` run and print one closing line.

Every pytest run in `scripts/test` (each tox env, the packaging tests, the example site) writes a
report under the folder given; this prints `summary: N passed, N failed, N skipped` over all of them,
and exits non-zero when a report is missing, unreadable, failing, or when no test ran at all.
"""

from __future__ import annotations

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


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: summarize_tests.py REPORTS_DIR", file=sys.stderr)
        return 2
    reports = sorted(Path(argv[1]).glob("*.xml"))
    passed = failed = skipped = 0
    for report in reports:
        try:
            p, f, s = count(report)
        except (ET.ParseError, OSError, ValueError) as exc:
            print(f"{report.name}: unreadable report: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"  {report.stem}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"summary: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if reports and passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
