"""The schemathesis run's figures (tests/api/test_conformance.py), printed at the end."""

from __future__ import annotations

import pytest

_cases: list[int] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _cases.append(sum(1 for name, _ in report.user_properties if name == "schemathesis_case"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if sum(_cases):
        failed = len(terminalreporter.stats.get("failed", []))
        terminalreporter.write_line(
            f"schemathesis: {sum(_cases)} cases over {len(_cases)} operation and key pairs, "
            f"{failed} failed"
        )
