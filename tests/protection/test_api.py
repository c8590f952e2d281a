"""The API: the CIN census names, and the steps recorded through the same gate and services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World, client_for
from tests.protection.helpers import chain, convened, open_case

pytestmark = pytest.mark.clock


def test_the_records_carry_the_cin_census_names(world: World, child: Any) -> None:
    work = chain(world, child)
    client = client_for(world.social_worker)
    plan = client.get(reverse("api:protection_plans")).json()["results"][0]
    assert plan["CPPstartDate"] == work["plan"].started_on.isoformat()
    assert plan["InitialCategoryOfAbuse"] == "PHY"
    assert plan["LAchildID"] == child.pk
    conference = client.get(reverse("api:protection_conferences")).json()["results"][0]
    assert conference["DateOfInitialCPC"] == work["conference"].held_on.isoformat()
    assessment = client.get(reverse("api:protection_assessments")).json()["results"][0]
    assert set(assessment) >= {
        "CINreferralDate",
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "AssessmentFactors",
    }
    s47 = client.get(reverse("api:protection_section47_enquiries")).json()["results"][0]
    assert s47["InitialCPCtarget"] == work["enquiry"].icpc_target_on.isoformat()
    assert s47["ICPCnotRequired"] is False


def test_the_lead_records_the_strategy_discussion_and_the_s47_through_the_api(
    world: World, child: Any
) -> None:
    case = open_case(world, child)
    sd = convened(world, case, timezone.now() - timedelta(hours=2))
    client = client_for(world.social_worker)
    url = reverse("api:protection_strategy_discussions_detail", args=[sd.pk])
    body = {
        "held_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "attendees": [
            {"agency": "police", "name": "DC Shah", "shared": "Known."},
            {"agency": "health", "name": "Nurse Patel"},
        ],
        "child_needs": "A safe adult.",
        "decision": "s47_joint",
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["missing_agencies"] == ["Children's social care"]
    sd.refresh_from_db()
    s47_url = reverse("api:protection_section47_enquiries_detail", args=[sd.enquiry.pk])
    refused = client_for(world.police_rep).post(s47_url, {}, content_type="application/json")
    assert refused.status_code == 403
    recorded = client.post(
        s47_url,
        {
            "child_seen_on": timezone.localdate().isoformat(),
            "seen_alone": True,
            "child_wishes": "I want to stay at nan's.",
        },
        content_type="application/json",
    )
    assert recorded.status_code == 200
    assert recorded.json()["child_wishes"] == "I want to stay at nan's."
    bad = client.post(
        s47_url, {"outcome": "no_icpc", "analysis": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
