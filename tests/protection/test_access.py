"""The multi-agency child protection team's proportionate access: a named member reads and adds
to THAT child's protection record; every other child's is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.protection.permissions import cases_visible_to
from tests.conftest import World, client_for
from tests.protection.helpers import chain, other_child


@pytest.fixture
def two(world: World, child: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ayaan, whose team has the police MASH representative; Maya, whose team does not."""
    from openmash.protection.models import ProtectionMember

    mine = chain(world, child)
    theirs = chain(world, other_child())
    ProtectionMember.objects.filter(case=theirs["case"], user=world.police_rep).delete()
    return mine, theirs


def _s47(client: Any, enquiry: Any) -> Any:
    return client.get(reverse("api:protection_section47_enquiries_detail", args=[enquiry.pk]))


def test_a_police_member_of_the_team_reads_the_childs_s47(world: World, two: Any) -> None:
    mine, _ = two
    response = _s47(client_for(world.police_rep), mine["enquiry"])
    assert response.status_code == 200
    body = response.json()
    assert body["S47ActualStartDate"] == mine["enquiry"].started_on.isoformat()
    assert body["child_wishes"] == "I want to stay with my nan."
    page = client_for(world.police_rep).get(reverse("protection:case", args=[mine["case"].pk]))
    assert page.status_code == 200
    assert "I want to stay with my nan." in page.content.decode()


def test_the_same_police_officer_gets_404_for_another_childs_s47(world: World, two: Any) -> None:
    _, theirs = two
    client = client_for(world.police_rep)
    response = _s47(client, theirs["enquiry"])
    assert response.status_code == 404
    missing = client.get(reverse("api:protection_section47_enquiries_detail", args=[987654321]))
    assert response.json()["detail"] == missing.json()["detail"]
    assert AuditEvent.objects.filter(
        verb="access.refused",
        actor=world.police_rep,
        target_type="section47enquiry",
        target_id=str(theirs["enquiry"].pk),
    ).exists()
    page = client.get(reverse("protection:case", args=[theirs["case"].pk]))
    assert page.status_code == 404


def test_the_police_member_lists_only_their_childs_enquiries(world: World, two: Any) -> None:
    mine, _ = two
    listed = client_for(world.police_rep).get(reverse("api:protection_section47_enquiries"))
    assert [r["id"] for r in listed.json()["results"]] == [mine["enquiry"].pk]


def test_a_school_referrer_reads_none(world: World, two: Any) -> None:
    mine, theirs = two
    client = client_for(world.referrer)
    for record in (mine, theirs):
        assert _s47(client, record["enquiry"]).status_code == 404
        assert client.get(reverse("protection:case", args=[record["case"].pk])).status_code == 404
    for name in ("strategy_discussions", "section47_enquiries", "assessments", "plans"):
        listed = client.get(reverse(f"api:protection_{name}")).json()
        assert listed["count"] == 0
    assert not cases_visible_to(world.referrer).exists()


def test_the_mash_social_worker_outside_the_team_reads_none(world: World, two: Any) -> None:
    _, theirs = two
    theirs["case"].lead_practitioner = world.manager  # not theirs to lead
    theirs["case"].save()
    assert _s47(client_for(world.contact_officer), theirs["enquiry"]).status_code == 404


def test_a_member_adds_to_the_record_but_cannot_record_the_conference(
    world: World, two: Any
) -> None:
    mine, _ = two
    case = mine["case"]
    client = client_for(world.police_rep)
    response = client.post(
        reverse("protection:note", args=[case.pk]), {"text": "Arrest made this morning."}
    )
    assert response.status_code == 302
    assert case.notes.get().author == world.police_rep
    assert AuditEvent.objects.filter(verb="protection.note_added", actor=world.police_rep)
    refused = client.post(reverse("protection:conference", args=[case.pk]), {})
    assert refused.status_code == 403


def test_quality_leads_read_every_case_and_change_none(world: World, two: Any) -> None:
    mine, theirs = two
    client = client_for(world.auditor)
    assert _s47(client, theirs["enquiry"]).status_code == 200
    assert (
        client.post(reverse("protection:note", args=[mine["case"].pk]), {"text": "x"}).status_code
        == 403
    )
