"""`openmash generate`: the command is a thin interface over the generator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openmash.synthetic.config import MessinessRates, config_from_options
from openmash.synthetic.management.commands import generate as generate_command
from openmash.synthetic.management.commands.generate import Command
from openmash.synthetic.report import ReportLine
from openmash.synthetic.stats import RealismStats

OPENMASH = str(Path(sys.executable).parent / "openmash")


def _call(*args: str) -> str:
    out = StringIO()
    call_command(Command(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_generate_writes_the_csv_files_and_prints_the_report(tmp_path: Path) -> None:
    output = _call("--seed", "5", "--scale", "demo", "--out", str(tmp_path), "--report")
    assert (tmp_path / "persons.csv").exists()
    assert (tmp_path / "contacts.csv").exists()
    assert "records/s" in output
    assert "re-referral within 12 months" in output
    assert "target 22.4% ± " in output


def test_a_run_with_nothing_to_write_or_report_is_refused() -> None:
    with pytest.raises(CommandError, match="Nothing to do"):
        _call("--seed", "1")


def _one_line_report(status: str) -> Callable[[RealismStats], list[ReportLine]]:
    def report(stats: RealismStats) -> list[ReportLine]:
        return [
            ReportLine(
                "rereferral",
                "re-referral within 12 months",
                40.0,
                22.4,
                3.0,
                "%",
                "range",
                status,
                "[C1]",
            )
        ]

    return report


def test_strict_fails_when_a_figure_is_out_of_tolerance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate_command, "realism_report", _one_line_report("OUT"))
    with pytest.raises(CommandError, match="outside their tolerance"):
        _call("--report", "--strict")


def test_strict_passes_when_every_figure_is_within_tolerance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(generate_command, "realism_report", _one_line_report("ok"))
    assert "re-referral within 12 months" in _call("--report", "--strict")


def test_an_unknown_messiness_rate_is_reported_plainly() -> None:
    with pytest.raises(CommandError, match="unknown messiness rate 'nicknames'"):
        _call("--report", "--messiness", "nicknames=0.3")


def test_messiness_options_scale_then_override_the_rates() -> None:
    config = config_from_options(
        seed=1,
        scale="demo",
        variant_rate=2.0,
        messiness=["nickname=0.5", "nhs_missing.school=0.1"],
    )
    defaults = MessinessRates()
    assert config.messiness.nickname == 0.5
    assert config.messiness.given_name_typo == pytest.approx(2 * defaults.given_name_typo)
    assert config.messiness.nhs_missing["school"] == 0.1
    assert config.messiness.nhs_missing["police_vist"] == pytest.approx(1.0)


def test_generating_files_needs_no_secret_key_or_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # unreachable: must not be used
    result = subprocess.run(
        [OPENMASH, "generate", "--children", "30", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "persons.csv").exists()


def test_loading_into_the_database_still_needs_the_settings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "OPENMASH_DEMO"}}
    result = subprocess.run(
        [OPENMASH, "generate", "--children", "30", "--into-db"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
