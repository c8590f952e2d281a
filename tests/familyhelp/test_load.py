"""`generate --into-db` loads the generated early help episodes as Family Help cases."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from openmash.accounts.models import TeamKind
from openmash.familyhelp.models import CaseStatus, FamilyHelpCase, FamilyMember, MemberRole
from tests.conftest import load_reference_data


@pytest.mark.django_db
def test_into_db_loads_each_early_help_episode_as_a_family_help_case(tmp_path: Path) -> None:
    load_reference_data()
    call_command("generate", "--seed", "3", "--scale", "demo", "--into-db", "--out", str(tmp_path))
    with (tmp_path / "early_help.csv").open() as handle:
        episodes = list(csv.DictReader(handle))

    assert episodes
    assert FamilyHelpCase.objects.count() == len(episodes)
    open_episodes = sum(1 for row in episodes if not row["end_date"])
    assert FamilyHelpCase.objects.filter(status=CaseStatus.OPEN).count() == open_episodes
    assert not FamilyHelpCase.objects.exclude(team__kind=TeamKind.EARLY_HELP).exists()
    stepped_up = sum(1 for row in episodes if row["outcome"] == "stepped_up")
    assert FamilyHelpCase.objects.filter(closure_reason="stepped_up").count() == stepped_up
    children = FamilyMember.objects.filter(role=MemberRole.CHILD, person__isnull=False)
    assert children.count() == len(episodes)
    with_contact = FamilyHelpCase.objects.filter(contact__isnull=False).count()
    assert with_contact == sum(1 for row in episodes if row["contact_id"])


def test_the_demo_has_a_family_the_school_dsl_leads_and_a_request_waiting(
    db: None, settings: Any
) -> None:
    from openmash.demo.accounts import demo_organisations_load
    from openmash.demo.familyhelp import demo_familyhelp_load
    from openmash.demo.work import demo_frontdoor_load, demo_records_load
    from openmash.familyhelp.selectors import reviews_overdue

    settings.DEMO_MODE = True
    load_reference_data()
    demo_organisations_load()
    demo_records_load()
    demo_frontdoor_load()
    assert demo_familyhelp_load() == 2
    led = FamilyHelpCase.objects.get(status=CaseStatus.OPEN)
    assert led.lead_practitioner.email == "school.referrer@example.org"
    assert [o.target for o in reviews_overdue(timezone.now())] == [led]
    assert FamilyHelpCase.objects.filter(status=CaseStatus.REQUESTED).count() == 1
    assert demo_familyhelp_load() == 0  # once
