"""The CSV files at demo scale: determinism, identifier validity and referential integrity."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from openmash.core.identifiers import POSTCODE, is_valid_nhs_number, is_valid_upn
from openmash.synthetic.config import GeneratorConfig, MessinessRates
from openmash.synthetic.csv_output import FILES
from openmash.synthetic.data.words import words
from openmash.synthetic.stream import run

REQUIRED_COLUMNS = {
    "persons": [
        "record_id",
        "true_person_id",
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "nhs_number",
        "postcode",
        "is_child",
    ],
    "contacts": [
        "contact_id",
        "received_at",
        "source_code",
        "channel",
        "record_id",
        "duplicate_of",
        "rag",
        "outcome",
        "is_referral",
        "referral_nfa",
    ],
    "assessments": [
        "assessment_id",
        "contact_id",
        "true_person_id",
        "start_date",
        "authorisation_date",
        "factors",
    ],
    "section47": [
        "s47_id",
        "contact_id",
        "true_person_id",
        "strategy_date",
        "icpc_date",
        "icpc_not_required",
        "cpp_started",
    ],
    "cp_plans": ["plan_id", "true_person_id", "start_date", "end_date", "initial_category"],
    "adult_concerns": [
        "concern_id",
        "received_at",
        "true_person_id",
        "s42",
        "risk_types",
        "location",
    ],
}
CIN_ETHNICITY = frozenset(
    words(
        "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE "
        "OOTH REFU NOBT"
    )
)
REFERRAL_SOURCES = frozenset(words("1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10"))
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00$")


def _generate(out: Path, seed: int = 11, **kwargs: object) -> Path:
    run(GeneratorConfig(seed=seed, scale="demo", **kwargs), out_dir=out)  # type: ignore[arg-type]
    return out


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("demo"))


def test_the_same_seed_and_scale_give_byte_identical_files(demo: Path, tmp_path: Path) -> None:
    again = _digests(_generate(tmp_path / "again"))
    assert again == _digests(demo)
    assert set(again) == {f"{name}.csv" for name in FILES}


def test_another_process_with_another_hash_seed_writes_the_same_bytes(
    demo: Path, tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[2]
    script = (
        "from pathlib import Path; from openmash.synthetic.config import GeneratorConfig; "
        "from openmash.synthetic.stream import run; "
        f"run(GeneratorConfig(seed=11, scale='demo'), out_dir=Path({str(tmp_path)!r}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4321", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", script], check=True, cwd=root, env=env)
    assert _digests(tmp_path) == _digests(demo)


def test_a_different_seed_gives_different_files(demo: Path, tmp_path: Path) -> None:
    other = _digests(_generate(tmp_path / "other", seed=12))
    first = _digests(demo)
    assert other["persons.csv"] != first["persons.csv"]
    assert other["contacts.csv"] != first["contacts.csv"]


def _header(folder: Path, name: str) -> list[str]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_every_file_starts_with_the_columns_the_issue_asks_for(demo: Path) -> None:
    for name, columns in REQUIRED_COLUMNS.items():
        assert _header(demo, name)[: len(columns)] == columns, name
    for name, header in FILES.items():
        assert _header(demo, name) == list(header)


def test_nhs_numbers_are_valid_and_from_the_999_test_range(demo: Path) -> None:
    numbers = [row["nhs_number"] for row in _rows(demo, "persons") if row["nhs_number"]]
    assert numbers
    assert all(n.startswith("999") and is_valid_nhs_number(n) for n in numbers)


def test_upns_have_valid_check_letters_and_belong_to_school_age_children(demo: Path) -> None:
    rows = [row for row in _rows(demo, "persons") if row["upn"]]
    assert rows
    assert all(is_valid_upn(row["upn"]) and row["is_child"] == "true" for row in rows)
    registers = [r for r in rows if r["source_system"] == "register"]
    assert len({r["upn"] for r in registers}) == len(registers)


def test_every_postcode_is_format_valid(demo: Path) -> None:
    postcodes = [row["postcode"] for row in _rows(demo, "persons")]
    for household in _rows(demo, "households"):
        postcodes += [household["postcode"], household["previous_postcode"]]
    postcodes += [row["postcode"] for row in _rows(demo, "schools")]
    present = [p for p in postcodes if p]
    assert present
    assert all(POSTCODE.match(p) for p in present)


def test_codes_dates_and_timestamps_are_well_formed(demo: Path) -> None:
    persons = _rows(demo, "persons")
    assert {row["ethnicity"] for row in persons} <= CIN_ETHNICITY
    assert {row["sex"] for row in persons} <= {"M", "F"}
    for row in persons:
        if row["date_of_birth"]:
            date.fromisoformat(row["date_of_birth"])
    contacts = _rows(demo, "contacts")
    assert {row["source_code"] for row in contacts} <= REFERRAL_SOURCES
    for row in contacts:
        assert TIMESTAMP.match(row["received_at"]), row["received_at"]
        datetime.fromisoformat(row["received_at"])
    for row in _rows(demo, "adult_concerns"):
        assert TIMESTAMP.match(row["received_at"])


def test_references_between_files_resolve(demo: Path) -> None:
    persons = {row["record_id"]: row for row in _rows(demo, "persons")}
    people = {row["true_person_id"] for row in persons.values()}
    contacts = {row["contact_id"]: row for row in _rows(demo, "contacts")}
    for row in contacts.values():
        assert persons[row["record_id"]]["true_person_id"] == row["true_person_id"]
        if row["duplicate_of"]:
            original = contacts[row["duplicate_of"]]
            assert original["incident_id"] == row["incident_id"]
            assert original["channel"] != row["channel"]
            assert row["is_referral"] == "false"
    for name in ("assessments", "section47"):
        for row in _rows(demo, name):
            assert contacts[row["contact_id"]]["is_referral"] == "true"
            assert row["true_person_id"] == contacts[row["contact_id"]]["true_person_id"]
    for row in _rows(demo, "cp_plans") + _rows(demo, "adult_concerns"):
        assert row["true_person_id"] in people


def test_police_notifications_arrive_in_bulk_from_two_systems(tmp_path: Path) -> None:
    folder = _generate(tmp_path / "larger", children=3_000)
    police = [row for row in _rows(folder, "contacts") if row["source_code"] == "6"]
    assert {row["channel"] for row in police} == {"police_vist", "police_cara"}
    batches = Counter(row["received_at"] for row in police)
    assert max(batches.values()) > 1  # several notifications share one import
    assert any(row["duplicate_of"] for row in police)


def test_agency_records_vary_but_keep_the_true_identity(demo: Path) -> None:
    rows = _rows(demo, "persons")
    register = {r["true_person_id"]: r for r in rows if r["source_system"] == "register"}
    agency = [r for r in rows if r["source_system"] != "register"]
    assert agency
    assert any(r["variants"] for r in agency)
    for record in agency:
        truth = register[record["true_person_id"]]
        if not record["variants"]:
            assert record["given_name"] == truth["given_name"]
            assert record["date_of_birth"] == truth["date_of_birth"]


def test_a_zero_variant_rate_gives_clean_records_for_the_same_people(
    demo: Path, tmp_path: Path
) -> None:
    clean = _generate(tmp_path / "clean", messiness=MessinessRates().scaled(0.0))
    rows = _rows(clean, "persons")
    register = {r["true_person_id"]: r for r in rows if r["source_system"] == "register"}
    for record in rows:
        truth = register[record["true_person_id"]]
        assert record["variants"] == ""
        assert (record["given_name"], record["family_name"]) == (
            truth["given_name"],
            truth["family_name"],
        )
        assert record["nhs_number"] == truth["nhs_number"]
    # The people and their histories do not depend on the messiness rates.
    for name in ("households.csv", "contacts.csv", "assessments.csv", "cp_plans.csv"):
        assert _digests(clean)[name] == _digests(demo)[name], name
