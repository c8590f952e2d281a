"""The API's writes to an adult's enquiry (issue 18): allocation, who makes the enquiry and the
provider's report, the safeguarding plan's actions and reviews, and the SAR referral flag, each
through the page's service and the one access gate."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from openmash.core.models import AuditEvent
from tests.adults.helpers import enquiry_for, provider
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(url, body, content_type="application/json")


def _url(enquiry: Any, tail: str) -> str:
    return f"/api/v1/adult-enquiries/{enquiry.pk}/{tail}"


def test_allocate_names_the_officer_and_checks_the_version(world):
    enquiry = enquiry_for(world)
    done = _post(
        world.manager,
        _url(enquiry, "allocate/"),
        {"officer": world.social_worker.pk, "version": enquiry.version},
    )
    assert done.status_code == 200, done.json()
    assert done.json()["officer"] == world.social_worker.full_name
    stale = _post(
        world.manager,
        _url(enquiry, "allocate/"),
        {"officer": world.contact_officer.pk, "version": enquiry.version},
    )
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    missing = _post(world.manager, _url(enquiry, "allocate/"), {"officer": 999999})
    assert missing.status_code == 400
    assert "officer" in missing.json()["errors"]
    cannot = _post(world.manager, _url(enquiry, "allocate/"), {"officer": world.referrer.pk})
    assert cannot.status_code == 400
    assert "officer" in cannot.json()["errors"]


def test_an_enquiry_caused_to_be_made_by_a_provider_and_its_report_reviewed(world):
    enquiry = enquiry_for(world)
    home = provider(world)
    unnamed = _post(world.social_worker, _url(enquiry, "made-by/"), {"made_by": "caused"})
    assert unnamed.status_code == 400
    assert "organisation" in unnamed.json()["errors"]
    caused = _post(
        world.social_worker,
        _url(enquiry, "made-by/"),
        {"made_by": "caused", "organisation": home.pk, "provider": home.pk},
    )
    assert caused.status_code == 200, caused.json()
    assert caused.json()["made_by"] == "caused"
    assert caused.json()["caused_organisation"] == home.name
    assert caused.json()["provider_id"] == home.pk
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = _post(
        world.social_worker, _url(enquiry, "report/"), {"received_on": tomorrow, "review": "x"}
    )
    assert future.status_code == 400
    assert "received_on" in future.json()["errors"]
    reviewed = _post(
        world.social_worker,
        _url(enquiry, "report/"),
        {"received_on": timezone.localdate().isoformat(), "review": "Thorough; staff retrained."},
    )
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["report_reviewed_at"] is not None
    assert AuditEvent.objects.filter(verb="adults.report_reviewed").exists()


def test_the_safeguarding_plan_actions_and_reviews(world):
    enquiry = enquiry_for(world)
    early = _post(
        world.social_worker,
        _url(enquiry, "actions/"),
        {"text": "Visit", "owner": "Quality team", "due_on": "2000-01-01"},
    )
    assert early.status_code == 400
    assert "due_on" in early.json()["errors"]
    blank = _post(world.social_worker, _url(enquiry, "actions/"), {"owner": "Quality team"})
    assert blank.status_code == 400
    assert {"text", "due_on"} <= set(blank.json()["errors"])
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    added = _post(
        world.social_worker,
        _url(enquiry, "actions/"),
        {"text": "Unannounced visit to the home", "owner": "Quality team", "due_on": due},
    )
    assert added.status_code == 201, added.json()
    action = added.json()["actions"][0]
    assert action["done_on"] is None
    done = _post(world.social_worker, _url(enquiry, f"actions/{action['id']}/done/"), {})
    assert done.status_code == 200, done.json()
    assert done.json()["actions"][0]["done_on"] == timezone.localdate().isoformat()
    assert _post(world.social_worker, _url(enquiry, "actions/999999/done/"), {}).status_code == 404
    other = enquiry_for(world, 1)
    elsewhere = _post(world.social_worker, _url(other, f"actions/{action['id']}/done/"), {})
    assert elsewhere.status_code == 404
    today = timezone.localdate()
    backwards = _post(
        world.social_worker,
        _url(enquiry, "reviews/"),
        {"held_on": today.isoformat(), "summary": "x", "next_review_on": today.isoformat()},
    )
    assert backwards.status_code == 400
    assert "next_review_on" in backwards.json()["errors"]
    reviewed = _post(
        world.social_worker,
        _url(enquiry, "reviews/"),
        {
            "held_on": today.isoformat(),
            "summary": "Visits show improvement.",
            "next_review_on": (today + timedelta(days=28)).isoformat(),
        },
    )
    assert reviewed.status_code == 201, reviewed.json()
    assert reviewed.json()["reviews"][0]["summary"] == "Visits show improvement."


def test_the_sar_referral_needs_a_reason(world):
    enquiry = enquiry_for(world)
    bare = _post(world.social_worker, _url(enquiry, "sar/"), {"referred": True})
    assert bare.status_code == 400
    assert "reason" in bare.json()["errors"]
    referred = _post(
        world.social_worker,
        _url(enquiry, "sar/"),
        {"referred": True, "reason": "Agencies could have worked together more effectively."},
    )
    assert referred.status_code == 200, referred.json()
    assert referred.json()["sar_referred"] is True
    withdrawn = _post(world.social_worker, _url(enquiry, "sar/"), {"referred": False})
    assert withdrawn.json()["sar_referred"] is False
    assert withdrawn.json()["sar_reason"] == ""


def test_readers_who_may_not_change_and_strangers(world):
    enquiry = enquiry_for(world)
    writes: list[tuple[str, dict[str, Any]]] = [
        ("allocate/", {"officer": world.social_worker.pk}),
        ("made-by/", {"made_by": "council"}),
        ("report/", {"received_on": date(2026, 1, 1).isoformat(), "review": "x"}),
        ("actions/", {"text": "x", "owner": "y", "due_on": "2099-01-01"}),
        ("reviews/", {"held_on": "2026-01-01", "summary": "x"}),
        ("sar/", {"referred": False}),
    ]
    for tail, body in writes:
        assert _post(world.auditor, _url(enquiry, tail), body).status_code == 403, tail
        assert _post(world.referrer, _url(enquiry, tail), body).status_code == 404, tail
    assert not enquiry.actions.exists()
    assert _post(world.social_worker, "/api/v1/adult-enquiries/999999/sar/", {}).status_code == 404


def test_the_s42_tests_through_the_api_set_the_enquiry_type(world):
    enquiry = enquiry_for(world)
    all_met = {
        "has_care_and_support_needs": True,
        "experiencing_or_at_risk_of_abuse": True,
        "unable_to_protect_self": True,
    }
    done = _post(world.social_worker, _url(enquiry, "tests/"), all_met)
    assert done.status_code == 200, done.json()
    assert done.json()["enquiry_type"] == "s42"
    assert done.json()["unable_to_protect_self"] is True
    enquiry.refresh_from_db()
    one_not = {**all_met, "unable_to_protect_self": False, "version": enquiry.version}
    other = _post(world.social_worker, _url(enquiry, "tests/"), one_not)
    assert other.status_code == 200, other.json()
    assert other.json()["enquiry_type"] == "other"
    stale = _post(world.social_worker, _url(enquiry, "tests/"), {**all_met, "version": 0})
    assert stale.status_code == 409
    missing = _post(world.social_worker, _url(enquiry, "tests/"), {"unable_to_protect_self": True})
    assert missing.status_code == 400
    assert "has_care_and_support_needs" in missing.json()["errors"]
    assert _post(world.auditor, _url(enquiry, "tests/"), all_met).status_code == 403
    assert _post(world.referrer, _url(enquiry, "tests/"), all_met).status_code == 404
    assert AuditEvent.objects.filter(verb__endswith="tests_recorded").count() == 2


def test_a_care_provider_added_through_the_api(world):
    url = "/api/v1/adult-enquiries/providers/add/"
    body = {"name": "Beech House", "kind": "care_home_nursing", "cqc_location_id": "1-123"}
    assert _post(world.auditor, url, body).status_code == 403
    assert _post(world.referrer, url, body).status_code == 403
    added = _post(world.social_worker, url, body)
    assert added.status_code == 201, added.json()
    assert added.json()["name"] == "Beech House"
    assert added.json()["enquiry_count"] == 0
    again = _post(world.contact_officer, url, {**body, "name": "beech house"})
    assert again.status_code == 400
    assert "name" in again.json()["errors"]
    wrong = _post(world.social_worker, url, {"name": "Elm Lodge", "kind": "castle"})
    assert wrong.status_code == 400
    assert "kind" in wrong.json()["errors"]
    listed = client_for(world.social_worker).get("/api/v1/adult-enquiries/providers/").json()
    assert [p["name"] for p in listed["results"]] == ["Beech House"]
