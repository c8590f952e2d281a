"""`generate --into-db` loads assessments, s47 enquiries, conferences and plans (they used to
reach the CSV files only), as each child's protection case."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    ProtectionCase,
    Section47Enquiry,
)
from tests.conftest import load_reference_data


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_into_db_loads_the_protection_records_of_the_csv(tmp_path: Path) -> None:
    load_reference_data()
    call_command("generate", "--seed", "3", "--scale", "demo", "--into-db", "--out", str(tmp_path))
    files = {p.name for p in tmp_path.iterdir()}
    s47_file = next(f for f in files if "47" in f)
    plan_file = next(f for f in files if "plan" in f)
    assessment_file = next(f for f in files if "assessment" in f)
    assert Section47Enquiry.objects.count() == len(_rows(tmp_path / s47_file)) > 0
    assert ChildProtectionPlan.objects.count() == len(_rows(tmp_path / plan_file)) > 0
    assert Assessment.objects.count() == len(_rows(tmp_path / assessment_file)) > 0
    enquiry = Section47Enquiry.objects.select_related("discussion").first()
    assert enquiry is not None
    assert enquiry.icpc_target_on == clocks.icpc_target(enquiry.started_on)
    assert Conference.objects.filter(kind=ConferenceKind.REVIEW).exists()
    open_cases = ProtectionCase.objects.filter(closed_at=None)
    assert open_cases.exists()
    # An open plan always has a review and a visit due, so its case has a next deadline.
    on_plan = open_cases.filter(plans__ended_on=None, plans__isnull=False)
    assert on_plan.exists()
    assert not on_plan.filter(next_due_at=None).exists()
