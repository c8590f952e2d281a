"""Our CIN census passes the DfE's rules as the official validator applies them:
csc-validator-be-cin (ruleset cin2025_26), run from its own virtual environment
(`make cin-validator`; its pins clash with ours), finds 0 errors in the census of generated data
and of the tricky cases.

The issue names la-small (`generate --scale la-small --years 2 --start 2024-04-01`); generating
it takes minutes, so the suite generates the same two years for fewer children (CHILDREN) and
`scripts/cin_census_check.sh` runs the same check at la-small (docs/returns.md)."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from openmash.returns.cin_census import cin_census_build, cin_census_xml
from tests.conftest import load_reference_data
from tests.returns.cin_helpers import PERIOD, assessment, case, cin_plan, cp_plan, s47
from tests.returns.helpers import person, referral

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv-cin-validator"
CHILDREN = 3000


@pytest.fixture(scope="session")
def validator_python() -> Path:
    """The validator's own interpreter, the venv made by `make cin-validator` when missing."""
    if not (VENV / ".installed").exists():
        subprocess.run(["make", "cin-validator"], cwd=REPO, check=True, timeout=1200)
    return VENV / "bin" / "python"


def validate(python: Path, xml: bytes, where: Path, ruleset: str = "cin2025_26") -> dict[str, Any]:
    path = where / "cin.xml"
    path.write_bytes(xml)
    done = subprocess.run(  # our own script on our own file
        [str(python), str(REPO / "scripts" / "cin_validate.py"), str(path), ruleset],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _errors(result: dict[str, Any]) -> list[str]:
    return sorted(
        {
            f"{i['rule_code']}: {i['rule_description']}"
            for i in result["issues"]
            if not i["rule_code"].endswith("Q")
        }
    )


@pytest.mark.django_db
def test_generated_data_pass_the_official_validator(validator_python: Path, tmp_path) -> None:
    load_reference_data()
    call_command(
        "generate", "--children", str(CHILDREN), "--years", "2", "--start", "2024-04-01",
        "--into-db",
    )  # fmt: skip
    census = cin_census_build(PERIOD)
    assert len(census.children) > 50  # a real census, not an empty file

    result = validate(validator_python, cin_census_xml(census), tmp_path)

    assert _errors(result) == []
    assert result["errors"] == 0


def test_the_tricky_cases_pass_the_official_validator(
    world, validator_python: Path, tmp_path
) -> None:
    # Re-referral within 12 months: an NFA referral, then one that goes on to a CIN plan.
    aria = person("Aria", "Khan", born=date(2013, 9, 1), sex="F", ethnicity="APKN")
    referral(world, aria, date(2025, 5, 1), nfa=True)
    second = referral(world, aria, date(2025, 9, 15), source="6")
    made = case(world, aria, date(2025, 9, 15), referral=second)
    assessment(made, date(2025, 9, 16), authorised=date(2025, 10, 30), needs_support=True)
    cin_plan(made, date(2025, 11, 3))
    # An s47 without an ICPC, the episode closed.
    theo = person("Theo", "Walsh", born=date(2011, 4, 4))
    made = case(world, theo, date(2025, 6, 2), closed=date(2025, 8, 29))
    assessment(made, date(2025, 6, 2), authorised=date(2025, 7, 10), needs_support=True)
    s47(made, date(2025, 6, 3), not_required=True)
    cin_plan(made, date(2025, 7, 14), ended=date(2025, 8, 29), reason="RC7")
    # Two plans in the year.
    ruby = person("Ruby", "Ellis", born=date(2016, 11, 20), sex="F")
    made = case(world, ruby, date(2025, 4, 14))
    assessment(made, date(2025, 4, 14), authorised=date(2025, 5, 20), needs_support=True)
    first = s47(made, date(2025, 4, 15), icpc=date(2025, 5, 6))
    cp_plan(made, first, ended=date(2025, 9, 30), reviews=(date(2025, 8, 6),))
    again = s47(made, date(2025, 12, 1), icpc=date(2025, 12, 18))
    cp_plan(made, again, category="EMO")
    # An assessment spanning 31 March.
    finn = person("Finn", "Hart", born=date(2010, 8, 8))
    made = case(world, finn, date(2026, 3, 9))
    assessment(made, date(2026, 3, 10), authorised=date(2026, 4, 20), factors=["4A"])
    # An ICPC target over Easter.
    ezra = person("Ezra", "Cole", born=date(2019, 1, 1))
    made = case(world, ezra, date(2025, 4, 9))
    assessment(made, date(2025, 4, 9), authorised=date(2025, 5, 1), needs_support=True)
    s47(made, date(2025, 4, 10), icpc=date(2025, 5, 6), plan_needed=False)
    # An unborn child.
    unborn = person(
        "Baby", "Morgan", born=None, sex="U", is_unborn=True,
        expected_delivery_date=date(2026, 5, 20),
    )  # fmt: skip
    made = case(world, unborn, date(2026, 1, 12))
    assessment(made, date(2026, 1, 12), authorised=date(2026, 2, 20), needs_support=True)
    cin_plan(made, date(2026, 2, 23))

    census = cin_census_build(PERIOD)
    assert len(census.children) == 6
    result = validate(validator_python, cin_census_xml(census), tmp_path)

    assert _errors(result) == []
