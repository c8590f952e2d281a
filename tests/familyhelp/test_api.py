"""Family Help through /api/v1/family-help/: the same gate and services as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from openmash.familyhelp.models import CaseStatus, FamilyHelpCase
from tests.conftest import World, client_for
from tests.familyhelp.helpers import fh_setup, open_case, requested_case, with_plan


def _post(user: Any, name: str, body: dict[str, Any], **kwargs: Any) -> Any:
    return client_for(user).post(
        reverse(f"api:{name}", kwargs=kwargs or None), data=body, content_type="application/json"
    )


def test_a_partner_asks_for_family_help_through_the_api(world: World) -> None:
    fh = fh_setup(world)
    response = _post(
        fh.dsl,
        "family_help_cases",
        {
            "team_id": fh.team.pk,
            "members": [
                {"given_name": "Ayaan", "family_name": "Rahman", "date_of_birth": "2016-03-14"},
                {"given_name": "Sara", "family_name": "Rahman", "role": "parent"},
            ],
            "reason": "Mum asked for help with mornings.",
            "open_concerns": False,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested"
    assert body["origin"] == "partner"
    assert [m["role"] for m in body["members"]] == ["child", "parent"]


def test_a_request_to_a_team_that_is_not_family_help_is_a_problem(world: World) -> None:
    fh = fh_setup(world)
    assert world.assessment is not None
    response = _post(
        fh.dsl,
        "family_help_cases",
        {
            "team_id": world.assessment.pk,
            "members": [{"given_name": "Ayaan", "family_name": "Rahman"}],
            "reason": "Help.",
            "open_concerns": False,
        },
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "team_id" in response.json()["errors"]


def test_a_step_down_through_the_api_carries_the_analysis(world: World) -> None:
    fh = fh_setup(world)
    response = _post(
        world.social_worker,
        "family_help_step_down",
        {
            "team_id": fh.team.pk,
            "members": [{"given_name": "Ayaan", "family_name": "Rahman"}],
            "analysis": "Risks reduced.",
            "handover_note": "Keep the Tuesday visits.",
        },
    )
    assert response.status_code == 201
    assert response.json()["step_down_analysis"] == "Risks reduced."
    assert _post(fh.dsl, "family_help_step_down", {}).status_code == 403


def test_the_team_accepts_and_the_lead_works_the_case_through_the_api(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = requested_case(fh, child)
    accepted = _post(
        fh.worker,
        "family_help_accept",
        {"lead_practitioner_email": fh.dsl.email, "version": case.version},
        case_id=case.pk,
    )
    assert accepted.status_code == 200
    assert accepted.json()["lead_practitioner"]["agency"] == "Test School"

    assessment = _post(
        fh.dsl,
        "family_help_assessments",
        {
            "domains": {"learning": "Late most days."},
            "child_voice": "I am hungry.",
            "parents_voice": "I am tired.",
            "analysis": "Mornings.",
        },
        case_id=case.pk,
    )
    assert assessment.status_code == 201
    plan = _post(
        fh.dsl,
        "family_help_plans",
        {"agreed_on": "2026-11-18", "outcomes": [{"text": "On time"}]},
        case_id=case.pk,
    )
    assert plan.status_code == 201
    outcome_id = plan.json()["outcomes"][0]["id"]
    review = _post(
        fh.dsl,
        "family_help_reviews",
        {
            "held_on": "2026-11-18",
            "summary": "Better.",
            "progress": [{"outcome_id": outcome_id, "progress": "achieved"}],
        },
        case_id=case.pk,
    )
    assert review.status_code == 201
    meeting = _post(
        fh.dsl,
        "family_help_meetings",
        {
            "kind": "taf",
            "held_on": "2026-11-18",
            "attendees": [{"name": "Sam", "agency": "Test School"}],
            "actions": [{"text": "Club", "owner": "Sam", "due_on": "2026-11-25"}],
        },
        case_id=case.pk,
    )
    assert meeting.status_code == 201
    network = _post(
        fh.dsl,
        "family_help_meetings",
        {"kind": "network", "network_status": "offered", "on": "2026-11-18"},
        case_id=case.pk,
    )
    assert network.status_code == 201
    plans = client_for(fh.dsl).get(reverse("api:family_help_plans", args=[case.pk])).json()
    assert plans[0]["outcomes"][0]["progress"] == "achieved"
    assert len(plans[0]["reviews"]) == 1
    meetings = client_for(fh.dsl).get(reverse("api:family_help_meetings", args=[case.pk]))
    assert [m["kind"] for m in meetings.json()] == ["network", "taf"]


def test_a_step_up_through_the_api_returns_the_new_contact(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    with_plan(fh, case)
    case.refresh_from_db()
    response = _post(
        fh.dsl,
        "family_help_step_up",
        {"reason": "Worse.", "what_tried": "The plan.", "version": case.version},
        case_id=case.pk,
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "step_up"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_stale_version_is_a_conflict(world: World, child: Any) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    response = _post(
        fh.dsl,
        "family_help_close",
        {"reason": "moved_away", "version": case.version - 1},
        case_id=case.pk,
    )
    assert response.status_code == 409
    assert FamilyHelpCase.objects.get().status == CaseStatus.OPEN


def test_another_schools_lead_gets_404_and_a_quality_lead_403_to_change(
    world: World, child: Any
) -> None:
    fh = fh_setup(world)
    case = open_case(fh, child)
    body = {"reason": "outcomes_met"}
    assert _post(fh.other_dsl, "family_help_close", body, case_id=case.pk).status_code == 404
    assert _post(world.auditor, "family_help_close", body, case_id=case.pk).status_code == 403
    assert _post(fh.dsl, "family_help_close", body, case_id=case.pk).status_code == 200
