"""`generate --into-db` loads the generated early help episodes as Family Help cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

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
