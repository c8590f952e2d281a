"""The API's writes to an allegation (issue 17): the initial consideration, meetings and their
actions, the outcome, and referrals to the DBS or a regulator, each through the page's service and
the one gate: named LADO staff only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from openmash.lado.models import Allegation, Strand
from openmash.lado.services import strand_update
from tests.conftest import World, client_for
from tests.lado.helpers import allegation_referred, lado_officer

HARM_TEST = {
    "harmed_child": True,
    "possible_offence": True,
    "risk_of_harm": False,
    "transferable_risk": False,
    "decision": "meets",
    "reason": "A bruise was seen by the form tutor.",
}


def _post(user: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client_for(user).post(url, body or {}, content_type="application/json")


def _url(allegation: Allegation, tail: str) -> str:
    return f"/api/v1/allegations/{allegation.pk}/{tail}"


def _meeting_body(**changes: Any) -> dict[str, Any]:
    held = timezone.now()
    body: dict[str, Any] = {
        "kind": "strategy",
        "held_at": held.isoformat(),
        "attendees": "Jo Lane, LADO\nDC Patel, police\nHead teacher",
        "minutes": "Police to interview; the school suspends pending the enquiry.",
        "actions": [
            {
                "action": "Interview the pupil",
                "owner": "DC Patel",
                "due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            }
        ],
    }
    return body | changes


def test_the_initial_consideration_is_checked_and_recorded_once(world: World) -> None:
    allegation = allegation_referred(world)
    officer = lado_officer(world)

    unmet = _post(
        officer,
        _url(allegation, "consideration/"),
        {**HARM_TEST, "harmed_child": False, "possible_offence": False},
    )
    bare = _post(officer, _url(allegation, "consideration/"), {"decision": "meets"})
    done = _post(officer, _url(allegation, "consideration/"), HARM_TEST)
    again = _post(officer, _url(allegation, "consideration/"), HARM_TEST)

    assert unmet.status_code == 400
    assert unmet.headers["Content-Type"].startswith("application/problem+json")
    assert "decision" in unmet.json()["errors"]
    assert bare.status_code == 400
    assert {"harmed_child", "reason"} <= set(bare.json()["errors"])
    assert done.status_code == 200, done.json()
    assert done.json()["considered_at"] is not None
    assert done.json()["harm_test"]["possible_offence"] is True
    assert again.status_code == 409


def test_a_meeting_with_its_actions_recorded_and_done(world: World) -> None:
    allegation = allegation_referred(world)
    officer = lado_officer(world)
    future = (timezone.now() + timedelta(days=1)).isoformat()

    early = _post(officer, _url(allegation, "meetings/"), _meeting_body(held_at=future))
    no_attendees = _post(officer, _url(allegation, "meetings/"), _meeting_body(attendees=""))
    made = _post(officer, _url(allegation, "meetings/"), _meeting_body())

    assert early.status_code == 400
    assert "held_at" in early.json()["errors"]
    assert no_attendees.status_code == 400
    assert "attendees" in no_attendees.json()["errors"]
    assert made.status_code == 201, made.json()
    meeting = made.json()["meetings"][0]
    assert meeting["actions"][0]["owner"] == "DC Patel"

    late = (timezone.localdate() - timedelta(days=30)).isoformat()
    past_due = _post(
        officer,
        _url(allegation, f"meetings/{meeting['id']}/actions/"),
        {"action": "Tell the parents", "owner": "Head teacher", "due_on": late},
    )
    added = _post(
        officer,
        _url(allegation, f"meetings/{meeting['id']}/actions/"),
        {
            "action": "Tell the parents",
            "owner": "Head teacher",
            "due_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        },
    )
    unknown = _post(
        officer,
        _url(allegation, "meetings/999999/actions/"),
        {"action": "x", "owner": "y", "due_on": "2099-01-01"},
    )
    assert past_due.status_code == 400
    assert "due_on" in past_due.json()["errors"]
    assert added.status_code == 201, added.json()
    assert len(added.json()["meetings"][0]["actions"]) == 2
    assert unknown.status_code == 404

    action_id = meeting["actions"][0]["id"]
    done = _post(officer, _url(allegation, f"actions/{action_id}/done/"))
    twice = _post(officer, _url(allegation, f"actions/{action_id}/done/"))
    other = allegation_referred(world, role="Teaching assistant")
    elsewhere = _post(officer, _url(other, f"actions/{action_id}/done/"))
    assert done.status_code == 200, done.json()
    done_action = next(a for a in done.json()["meetings"][0]["actions"] if a["id"] == action_id)
    assert done_action["done_at"] is not None
    assert twice.status_code == 409
    assert elsewhere.status_code == 404


def test_the_outcome_waits_for_the_three_strands(world: World) -> None:
    allegation = allegation_referred(world)
    officer = lado_officer(world)
    _post(officer, _url(allegation, "consideration/"), HARM_TEST)
    body = {"outcome": "unsubstantiated", "reason": "Accounts differ; no independent witness."}

    too_soon = _post(officer, _url(allegation, "conclude/"), body)
    for strand in Strand.objects.filter(allegation=allegation):
        strand_update(strand=strand, actor=officer, owner="Owner", status="closed", outcome="Done")
    unknown = _post(officer, _url(allegation, "conclude/"), {**body, "outcome": "proven"})
    done = _post(officer, _url(allegation, "conclude/"), body)
    again = _post(officer, _url(allegation, "conclude/"), body)

    assert too_soon.status_code == 400
    assert "still open" in too_soon.json()["detail"]
    assert unknown.status_code == 400
    assert "outcome" in unknown.json()["errors"]
    assert done.status_code == 200, done.json()
    assert done.json()["outcome"] == "unsubstantiated"
    assert done.json()["closed_at"] is not None
    assert again.status_code == 409


def test_a_referral_to_the_dbs(world: World) -> None:
    allegation = allegation_referred(world)
    officer = lado_officer(world)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    body = {"body": "dbs", "referred_on": timezone.localdate().isoformat(), "made_by": "LADO"}

    future = _post(officer, _url(allegation, "referrals/"), {**body, "referred_on": tomorrow})
    unknown = _post(officer, _url(allegation, "referrals/"), {**body, "body": "fbi"})
    made = _post(officer, _url(allegation, "referrals/"), {**body, "reference": "DBS-1"})

    assert future.status_code == 400
    assert "referred_on" in future.json()["errors"]
    assert unknown.status_code == 400
    assert "body" in unknown.json()["errors"]
    assert made.status_code == 201, made.json()
    assert made.json()["referrals"][0]["body"] == "dbs"
    assert made.json()["referrals"][0]["reference"] == "DBS-1"


def test_only_named_lado_staff_change_an_allegation(world: World) -> None:
    allegation = allegation_referred(world)
    writes: list[tuple[str, dict[str, Any]]] = [
        ("consideration/", HARM_TEST),
        ("meetings/", _meeting_body()),
        ("conclude/", {"outcome": "false", "reason": "x"}),
        (
            "referrals/",
            {"body": "dbs", "referred_on": timezone.localdate().isoformat(), "made_by": "x"},
        ),
    ]
    for tail, body in writes:
        # The employer who referred it reads it in outline, and may not change it.
        assert _post(world.referrer, _url(allegation, tail), body).status_code == 403, tail
        # A council social worker who is not LADO staff meets the break-glass problem.
        restricted = _post(world.social_worker, _url(allegation, tail), body)
        assert restricted.status_code == 403, tail
        assert "break-glass" in restricted.json()["detail"]
        # Another employer does not learn it exists.
        assert _post(world.outsider, _url(allegation, tail), body).status_code == 404, tail
    fresh = Allegation.objects.get(pk=allegation.pk)
    assert fresh.considered_at is None
    assert not fresh.meetings.exists()
    assert not fresh.regulator_referrals.exists()
    assert _post(lado_officer(world), "/api/v1/allegations/999999/conclude/").status_code == 404
