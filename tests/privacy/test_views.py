"""The privacy pages and API: the privacy officer only (a worker, a manager and an auditor are
refused with the same set-up), and the journeys through them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from openmash.contacts.models import Contact
from openmash.privacy.models import DisposalStub, Redaction, SubjectAccessRequest
from openmash.privacy.verbs import PrivacyVerb
from tests.conftest import World, client_for
from tests.privacy.helpers import (
    THIRD_PARTY,
    a_child,
    closed_nfa_contact,
    count,
    grown_up,
    police_contact,
    privacy_officer,
    sample_hold,
    sample_request,
)


def _pages(sar_id: int) -> list[str]:
    return [
        reverse("privacy:requests"),
        reverse("privacy:request_new"),
        reverse("privacy:request", args=[sar_id]),
        reverse("privacy:request_pdf", args=[sar_id]),
        reverse("privacy:retention"),
        reverse("privacy:rule_change", args=["contact_nfa"]),
        "/api/v1/subject-access-requests/",
        f"/api/v1/subject-access-requests/{sar_id}/holdings/",
        "/api/v1/retention/review/",
    ]


def test_the_privacy_officer_opens_every_page(world: World) -> None:
    sar = sample_request(world)
    client = client_for(privacy_officer(world))
    for url in _pages(sar.pk):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["social_worker", "manager", "auditor", "admin", "referrer"])
def test_others_are_refused_every_page(world: World, persona: str) -> None:
    sar = sample_request(world)
    client = client_for(world.personas()[persona])
    for url in _pages(sar.pk):
        assert client.get(url).status_code in (403, 404), url
    refused = count(verb="access.refused", target_type="subjectaccessrequest")
    assert refused >= 1


def test_a_request_is_logged_redacted_exported_and_closed_through_the_pages(
    world: World,
) -> None:
    child = a_child()
    contact = police_contact(world, child)
    client = client_for(privacy_officer(world))
    today = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("privacy:request_new"),
        {
            "person": child.pk,
            "requester_name": "Karen Thornton",
            "requester_relationship": "Mother",
            "received_on_day": today.day,
            "received_on_month": today.month,
            "received_on_year": today.year,
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("privacy:request", args=[sar.pk])).content.decode()
    assert "Dorian Kell" in page
    key = f"contacts.contact:{contact.pk}"
    response = client.post(
        reverse("privacy:request_redact", args=[sar.pk]) + f"?item={key}",
        {"item_key": key, "scope": "span", "span": THIRD_PARTY, "reason": "third_party"},
    )
    assert response.status_code == 302
    assert Redaction.objects.filter(request=sar, item_key=key).count() == 1
    page = client.get(reverse("privacy:request", args=[sar.pk])).content.decode()
    assert "[Redacted: Information about a third party]" in page
    pdf = client.get(reverse("privacy:request_pdf", args=[sar.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dorian Kell" not in " ".join(text.split())
    response = client.post(
        reverse("privacy:request_close", args=[sar.pk]),
        {
            "disclosed_on_day": today.day,
            "disclosed_on_month": today.month,
            "disclosed_on_year": today.year,
        },
    )
    sar.refresh_from_db()
    assert (sar.status, sar.disclosed_on) == ("closed", today)


def test_a_redaction_without_a_reason_shows_the_error(world: World) -> None:
    child = a_child()
    sar = sample_request(world)
    client = client_for(privacy_officer(world))
    key = f"person:{sar.person_id}"
    response = client.post(
        reverse("privacy:request_redact", args=[sar.pk]) + f"?item={key}",
        {"item_key": key, "scope": "span", "span": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Error:" in body
    assert "Select a reason for the redaction" in body
    assert "Enter the text to redact" in body
    assert child.pk  # the set-up made a second person the request is not about


def test_the_api_logs_redacts_and_closes_a_request(world: World) -> None:
    child = a_child()
    contact = police_contact(world, child)
    client = client_for(privacy_officer(world))
    today = timezone.localdate().isoformat()
    made = client.post(
        "/api/v1/subject-access-requests/",
        {
            "person_id": child.pk,
            "requester_name": "Karen Thornton",
            "requester_relationship": "Mother",
            "received_on": today,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    sar_id = made.json()["id"]
    assert made.json()["due_on"] >= today
    bad = client.post(
        f"/api/v1/subject-access-requests/{sar_id}/redactions/",
        {"item_key": f"contacts.contact:{contact.pk}", "reason": "nonsense"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    done = client.post(
        f"/api/v1/subject-access-requests/{sar_id}/redactions/",
        {
            "item_key": f"contacts.contact:{contact.pk}",
            "span": THIRD_PARTY,
            "reason": "third_party",
        },
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    held = client.get(f"/api/v1/subject-access-requests/{sar_id}/holdings/").json()
    assert "Dorian Kell" not in str(held)
    closed = client.post(
        f"/api/v1/subject-access-requests/{sar_id}/close/",
        {"disclosed_on": today},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed"
    again = client.post(
        f"/api/v1/subject-access-requests/{sar_id}/close/",
        {"disclosed_on": today},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_a_worker_cannot_use_the_api(world: World) -> None:
    sar = sample_request(world)
    client = client_for(world.social_worker)
    assert client.get("/api/v1/subject-access-requests/").status_code == 403
    assert client.get(f"/api/v1/subject-access-requests/{sar.pk}/").status_code == 404
    assert (
        client.post(
            "/api/v1/retention/disposals/",
            {"records": [{"record_type": "contact_nfa", "record_id": 1}], "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )


@pytest.mark.clock
def test_disposal_through_the_page_and_the_api_and_a_hold_through_the_api(world: World) -> None:
    first = closed_nfa_contact(world, grown_up(world, age=30), closed_years_ago=7)
    person = grown_up(world, age=31, given="Ross")
    second = closed_nfa_contact(world, person, closed_years_ago=7)
    client = client_for(privacy_officer(world))
    page = client.get(reverse("privacy:retention")).content.decode()
    assert first.reference in page
    assert second.reference in page
    held = client.post(
        "/api/v1/retention/holds/",
        {"person_id": person.pk, "reason": "Civil claim"},
        content_type="application/json",
    )
    assert held.status_code == 201, held.content
    refused = client.post(
        "/api/v1/retention/disposals/",
        {"records": [{"record_type": "contact_nfa", "record_id": second.pk}], "reason": "Past"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    response = client.post(
        reverse("privacy:retention"),
        {"records": [f"contact_nfa:{first.pk}"], "reason": "Monthly review"},
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=first.pk).exists()
    assert Contact.objects.filter(pk=second.pk).exists()
    assert DisposalStub.objects.filter(record_id=first.pk).count() == 1


@pytest.mark.clock
def test_the_review_command_lists_records_past_their_date(world: World) -> None:
    contact = closed_nfa_contact(world, grown_up(world, age=30), closed_years_ago=7)
    sample_hold(world)
    out = io.StringIO()
    call_command("retention_review", stdout=out)
    assert f"contact_nfa {contact.pk} {contact.reference}" in out.getvalue()
    assert count(verb=PrivacyVerb.REVIEW_LISTED) == 1
