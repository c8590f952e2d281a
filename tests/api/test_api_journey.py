"""A contact's whole journey through the API alone (issue 13 item 12): each call uses only what the
referrer, the MASH and the police learnt from earlier responses, with an API key each, as their own
systems would."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openmash.accounts.services import api_key_create
from tests.conftest import World, make_user

pytestmark = pytest.mark.clock


class Api:
    """One system's client: its own key, JSON in and out, and the status each call must give."""

    def __init__(self, user: Any) -> None:
        _, secret = api_key_create(actor=None, user=user, name=f"{user.email}'s system")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"/api/v1/{path}", params)
        assert response.status_code == 200, (path, response.json())
        return response.json()

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        response = self.client.post(f"/api/v1/{path}", body, content_type="application/json")
        assert response.status_code == status, (path, response.json())
        return response.json()


def test_a_contact_goes_from_referral_to_outcome_through_the_api_alone(world: World) -> None:
    school, police = Api(world.referrer), Api(world.police_rep)
    officer, worker, manager = (
        Api(world.contact_officer),
        Api(world.social_worker),
        Api(world.manager),
    )
    second_manager = Api(make_user("manager2@council.test", world.la, "team_manager"))

    # The school's system sends a referral, and keeps the reference it is given.
    sent = school.post(
        "contacts/",
        {
            "source": {"agency_code": "SCH", "name": "Ms Dale", "role": "DSL"},
            "subjects": [
                {"given_name": "Ruby", "family_name": "Okafor", "date_of_birth": "2017-05-02"},
                {
                    "given_name": "Dan",
                    "family_name": "Okafor",
                    "is_child": False,
                    "role": "household",
                    "relationship": "Father",
                },
            ],
            "concern": "Ruby came in hungry three days running and says Dad shouts at night.",
            "categories": ["neglect"],
            "consent": {"status": "given", "family_told": "yes"},
        },
        status=201,
    )
    reference = sent["reference"]

    # The contact officer finds it in the queue, takes it and rates it amber.
    [item] = [i for i in officer.get("queue/")["results"] if i["reference"] == reference]
    contact_id = item["id"]
    taken = officer.post(
        f"contacts/{contact_id}/allocate/", {"to": "me", "version": item["version"]}
    )
    rated = officer.post(
        f"contacts/{contact_id}/screen/", {"rag": "amber", "version": taken["version"]}
    )
    assert rated["status"] == "screening"

    # The social worker asks the police about the child, naming her by the id the contact gave.
    contact = worker.get(f"contacts/{contact_id}/")
    [ruby] = [s for s in contact["subjects"] if s["given_name"] == "Ruby"]
    asked = worker.post(
        f"contacts/{contact_id}/information-requests/",
        {
            "agency_code": "POL",
            "subject_ids": [ruby["id"]],
            "questions": "Any call-outs to the home in the last year?",
            "shared_summary": "A school concern about a child's care at home.",
            "lawful_basis": "children_act_1989_s17",
            "version": contact["version"],
        },
        status=201,
    )

    # The police find the request in their own list and answer it.
    [request] = [
        r for r in police.get("information-requests/")["results"] if r["id"] == asked["id"]
    ]
    assert [s["given_name"] for s in request["subjects"]] == ["Ruby"]
    police.post(
        f"information-requests/{request['id']}/respond/",
        {"response": "One call-out in March: a noise complaint, no further action."},
    )

    # The worker applies the threshold and the manager proposes a decision for Ruby.
    levels = worker.get("thresholds/")
    level_two = next(level for level in levels["levels"] if level["number"] == 2)
    contact = worker.get(f"contacts/{contact_id}/")
    worker.post(
        f"contacts/{contact_id}/threshold/",
        {"level": level_two["number"], "indicators": [], "version": contact["version"]},
        status=201,
    )
    contact = manager.get(f"contacts/{contact_id}/")
    manager.post(
        f"contacts/{contact_id}/decision/",
        {
            "outcomes": [{"subject_id": ruby["id"], "outcome": "early_help"}],
            "rationale": "Needs are emerging; the family agree to early help.",
            "version": contact["version"],
        },
        status=201,
    )
    contact = second_manager.get(f"contacts/{contact_id}/")
    second_manager.post(f"contacts/{contact_id}/authorise/", {"version": contact["version"]})

    # The school reads the outcome by the reference it was given, and no more than that.
    [mine] = school.get("contacts/", reference=reference)["results"]
    assert mine["id"] == contact_id
    assert mine["status"] == "authorised"
    assert "- Ruby: the family will be offered early help." in mine["outcome_for_referrer"]
    assert "Dan" not in mine["outcome_for_referrer"]
    assert (mine["rag"], mine["threshold_level"], mine["allocated_to"]) == ("", None, None)
