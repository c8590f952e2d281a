"""Every step through the API too (issue 15 item 9): the assessment (start, record, authorise),
visits and core groups, the end of a plan, the lead and the members of the child's team, an
agency's note. Each: success, a bad field named in a 400 problem, a member who may not (403),
anyone else (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.core.models import AuditEvent
from openmash.protection.models import AgencyNote, CinPlan, ProtectionMember
from tests.conftest import World, client_for, make_user
from tests.protection.helpers import case_with_open_discussion, chain

pytestmark = pytest.mark.clock

JSON = "application/json"


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(url, body, content_type=JSON)


def _field_named(response: Any, field: str) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.json()["errors"], response.json()


def test_the_lead_starts_an_assessment(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    url = reverse("api:protection_assessment_start")
    today = timezone.localdate().isoformat()
    body = {"case_id": case.pk, "referral_date": today, "started_on": today}
    assert _post(world.police_rep, url, body).status_code == 403
    assert _post(world.referrer, url, body).status_code == 404
    _field_named(_post(world.social_worker, url, {**body, "started_on": "soon"}), "started_on")
    started = _post(world.social_worker, url, body)
    assert started.status_code == 201, started.content
    assert started.json()["CINreferralDate"] == today
    again = _post(world.social_worker, url, body)
    assert again.status_code == 400  # one open at a time: the service's rule


def test_the_lead_records_the_assessment_and_a_manager_of_the_team_authorises_it(
    world: World, child: Any
) -> None:
    work = chain(world, child)
    assessment = work["assessment"]
    url = reverse("api:protection_assessments_detail", args=[assessment.pk])
    today = timezone.localdate().isoformat()
    body = {
        "factors": ["3A"],
        "child_voice": "I get scared at night.",
        "analysis": "Likely harm.",
        "needs_support": True,
        "completed_on": today,
    }
    assert _post(world.police_rep, url, body).status_code == 403
    _field_named(_post(world.social_worker, url, {**body, "factors": ["21", "3A"]}), "factors")
    _field_named(_post(world.social_worker, url, {**body, "factors": ["nope"]}), "factors.0")
    recorded = _post(world.social_worker, url, body)
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["AssessmentFactors"] == ["3A"]

    authorise = reverse("api:protection_assessment_authorise", args=[assessment.pk])
    assert _post(world.social_worker, authorise, {"on": today}).status_code == 403
    assert _post(world.manager, authorise, {"on": today}).status_code == 404
    team_manager = make_user("cp.manager@council.test", world.la, "team_manager")
    assert world.assessment is not None
    team_manager.teams.add(world.assessment)
    _field_named(_post(team_manager, authorise, {}), "on")
    done = _post(team_manager, authorise, {"on": today})
    assert done.status_code == 200, done.content
    assert done.json()["AssessmentAuthorisationDate"] == today
    assert AuditEvent.objects.filter(verb="protection.assessment_authorised").exists()


def test_the_lead_records_a_visit_and_a_core_group(world: World, child: Any) -> None:
    plan = chain(world, child)["plan"]
    url = reverse("api:protection_plan_activity", args=[plan.pk])
    today = timezone.localdate().isoformat()
    visit = {"kind": "visit", "on": today, "seen_alone": True, "note": "Seen in her room."}
    assert _post(world.police_rep, url, visit).status_code == 403
    assert _post(world.referrer, url, visit).status_code == 404
    _field_named(_post(world.social_worker, url, {**visit, "kind": "party"}), "kind")
    _field_named(_post(world.social_worker, url, {**visit, "on": "2020-01-01"}), "on")
    done = _post(world.social_worker, url, visit)
    assert done.status_code == 201, done.content
    assert done.json()["kind"] == "visit"
    core = _post(world.social_worker, url, {"kind": "core_group", "on": today})
    assert core.status_code == 201
    plan.refresh_from_db()
    assert plan.next_visit_on is not None
    shown = client_for(world.social_worker).get(
        reverse("api:protection_plans_detail", args=[plan.pk])
    )
    assert shown.json()["next_visit_on"] == plan.next_visit_on.isoformat()


def test_the_lead_ends_the_plan_with_a_reason(world: World, child: Any) -> None:
    plan = chain(world, child)["plan"]
    url = reverse("api:protection_plan_end", args=[plan.pk])
    today = timezone.localdate().isoformat()
    assert _post(world.police_rep, url, {"ended_on": today, "reason": "cin"}).status_code == 403
    assert _post(world.outsider, url, {"ended_on": today, "reason": "cin"}).status_code == 404
    _field_named(_post(world.social_worker, url, {"ended_on": today, "reason": "bored"}), "reason")
    _field_named(
        _post(world.social_worker, url, {"ended_on": "2020-01-01", "reason": "cin"}), "ended_on"
    )
    ended = _post(world.social_worker, url, {"ended_on": today, "reason": "cin"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["CPPendDate"] == today
    assert CinPlan.objects.filter(case=plan.case).exists()
    assert _post(world.social_worker, url, {"ended_on": today, "reason": "cin"}).status_code == 400


def test_the_lead_names_the_lead_and_adds_a_member(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    lead = reverse("api:protection_case_lead", args=[case.pk])
    members = reverse("api:protection_case_members", args=[case.pk])
    nurse = make_user("nurse@health.test", world.la, "agency_representative")
    assert _post(world.police_rep, lead, {"email": world.social_worker.email}).status_code == 403
    assert (
        _post(world.referrer, members, {"email": nurse.email, "role": "health"}).status_code == 404
    )
    _field_named(_post(world.social_worker, lead, {"email": "nobody@council.test"}), "email")
    _field_named(_post(world.social_worker, lead, {"email": nurse.email}), "email")
    named = _post(world.social_worker, lead, {"email": world.social_worker.email})
    assert named.status_code == 200, named.content
    assert named.json()["lead_practitioner_id"] == world.social_worker.pk
    _field_named(_post(world.social_worker, members, {"email": nurse.email, "role": "x"}), "role")
    added = _post(world.social_worker, members, {"email": nurse.email, "role": "health"})
    assert added.status_code == 201, added.content
    assert ProtectionMember.objects.filter(case=case, user=nurse, role="health").exists()
    # Now a member, the nurse reads the child's case.
    page = client_for(nurse).get(reverse("protection:case", args=[case.pk]))
    assert page.status_code == 200


def test_a_member_of_the_team_adds_a_note_and_no_one_else_does(world: World, child: Any) -> None:
    case = case_with_open_discussion(world, child)
    url = reverse("api:protection_case_notes", args=[case.pk])
    _field_named(_post(world.police_rep, url, {"text": "  "}), "text")
    _field_named(_post(world.police_rep, url, {}), "text")
    added = _post(world.police_rep, url, {"text": "Arrest on Friday."})
    assert added.status_code == 201, added.content
    assert AgencyNote.objects.get(case=case).author == world.police_rep
    assert _post(world.auditor, url, {"text": "x"}).status_code == 403  # quality leads read only
    assert _post(world.referrer, url, {"text": "x"}).status_code == 404
