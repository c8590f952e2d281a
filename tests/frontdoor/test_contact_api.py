"""The front-door API: the same services as the pages, with 400s that name the problem, 409 for a
stale version, and contact resources carrying the clocks as ISO 8601 with an offset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openmash.frontdoor.models import Decision, DecisionState
from tests.conftest import client_for

pytestmark = pytest.mark.clock

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _post(user, name, contact, body):
    url = reverse(f"api:{name}", args=[contact.pk])
    return client_for(user).post(url, body, content_type="application/json")


def test_screen_returns_the_clocks_with_offsets(world, contact):
    response = _post(world.contact_officer, "contact_screen", contact, {"rag": "red", "version": 0})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "screening"
    assert body["rag"] == "red"
    assert ISO_WITH_OFFSET.match(body["rag_due_at"])
    assert ISO_WITH_OFFSET.match(body["decision_due_at"])
    assert body["version"] > 0


def test_a_stale_version_gets_409(world, contact):
    _post(world.contact_officer, "contact_screen", contact, {"rag": "amber", "version": 0})
    response = _post(
        world.social_worker, "contact_screen", contact, {"rag": "red", "reason": "x", "version": 0}
    )
    assert response.status_code == 409
    assert "Someone else changed this contact" in response.json()["detail"]


def test_bad_input_is_400_with_the_field_named(world, contact):
    response = _post(world.contact_officer, "contact_screen", contact, {"rag": "purple"})
    assert response.status_code == 400
    assert "rag" in response.json()["errors"]
    _post(world.contact_officer, "contact_screen", contact, {"rag": "amber"})
    response = _post(world.contact_officer, "contact_screen", contact, {"rag": "red"})
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == [
        "Enter why the rating is changing from amber to red"
    ]


def test_decision_then_authorisation_by_another_manager(world, contact):
    _post(world.contact_officer, "contact_screen", contact, {"rag": "amber"})
    subject = contact.contact_subjects.get()
    response = _post(
        world.manager,
        "contact_decision",
        contact,
        {"outcomes": [{"subject_id": subject.pk, "outcome": "advice"}], "rationale": "Low level."},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "proposed"
    assert response.json()["outcomes"][0]["label"] == "Advice and signposting"

    response = _post(world.manager, "contact_authorise", contact, {})
    assert response.status_code == 400
    assert response.json()["detail"] == "A manager cannot authorise their own decision."

    response = _post(world.social_worker, "contact_authorise", contact, {})
    assert response.status_code == 403
    assert Decision.objects.get().state == DecisionState.PROPOSED


def test_the_referrer_reads_the_outcome_but_not_the_clocks(world, contact):
    _post(world.contact_officer, "contact_screen", contact, {"rag": "green"})
    subject = contact.contact_subjects.get()
    _post(
        world.social_worker,
        "contact_decision",
        contact,
        {
            "outcomes": [{"subject_id": subject.pk, "outcome": "early_help"}],
            "rationale": "Support.",
        },
    )
    assert _post(world.manager, "contact_authorise", contact, {}).status_code == 200
    mine = client_for(world.referrer).get(reverse("api:contact_detail", args=[contact.pk])).json()
    assert mine["status"] == "authorised"
    assert "the family will be offered early help" in mine["outcome_for_referrer"]
    assert ISO_WITH_OFFSET.match(mine["outcome_sent_at"])
    assert (mine["rag"], mine["rag_due_at"], mine["decision_due_at"]) == ("", None, None)
    staff = client_for(world.social_worker).get(reverse("api:contact_detail", args=[contact.pk]))
    assert staff.json()["rag"] == "green"
    listed = (
        client_for(world.referrer)
        .get(reverse("api:contact_list") + f"?reference={contact.reference}")
        .json()
    )
    assert listed["results"][0]["outcome_for_referrer"] == mine["outcome_for_referrer"]


def test_chronology_and_notes_through_the_api(world, contact):
    _post(world.contact_officer, "contact_screen", contact, {"rag": "amber"})
    note = _post(
        world.manager, "contact_notes", contact, {"kind": "direction", "text": "Check school"}
    )
    assert note.status_code == 201
    refused = _post(
        world.social_worker, "contact_notes", contact, {"kind": "direction", "text": "x"}
    )
    assert refused.status_code == 400
    events = client_for(world.auditor).get(reverse("api:contact_chronology", args=[contact.pk]))
    summaries = [e["summary"] for e in events.json()]
    assert summaries[0].startswith("Contact received from Test School")
    assert any(s.startswith("Case direction by") for s in summaries)
    assert (
        client_for(world.referrer)
        .get(reverse("api:contact_chronology", args=[contact.pk]))
        .status_code
        == 403
    )


def test_a_decision_and_a_request_can_be_made_from_what_the_api_returns(world, contact):
    """The contact and the queue name each subject's id, which decisions and information requests
    take: a client needs nothing but the API to make them."""
    staff = client_for(world.manager)
    detail = staff.get(reverse("api:contact_detail", args=[contact.pk])).json()
    subject_ids = [s["id"] for s in detail["subjects"]]
    assert subject_ids == list(contact.contact_subjects.values_list("pk", flat=True))
    assert [s["is_child"] for s in detail["subjects"]] == [True]
    queue = staff.get(reverse("api:queue_list")).json()["results"]
    [item] = [i for i in queue if i["id"] == contact.pk]
    assert [s["id"] for s in item["subjects"]] == subject_ids

    _post(world.contact_officer, "contact_screen", contact, {"rag": "amber"})
    request = {
        "agency_code": "POL",
        "subject_ids": subject_ids,
        "questions": "Any call-outs to the address this year?",
        "shared_summary": "A concern about the child's safety at home.",
        "lawful_basis": "children_act_1989_s47",
    }
    url = reverse("api:contact_information_requests", args=[contact.pk])
    response = client_for(world.social_worker).post(url, request, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert [s["id"] for s in response.json()["subjects"]] == subject_ids
    response = _post(
        world.manager,
        "contact_decision",
        contact,
        {"outcomes": [{"subject_id": subject_ids[0], "outcome": "advice"}], "rationale": "Low."},
    )
    assert response.status_code == 201, response.json()
