"""The information requests API: the same services and gates as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.frontdoor.models import InformationRequest, RequestStatus
from tests.conftest import client_for
from tests.frontdoor.test_requests_support import (
    QUESTIONS,
    SHARED,
    health_with_rep,
    screened,
    send,
)

pytestmark = pytest.mark.clock


def _body(contact, **changes):
    body = {
        "agency_code": "POL",
        "subject_ids": [s.pk for s in contact.contact_subjects.all()],
        "questions": QUESTIONS,
        "shared_summary": SHARED,
        "lawful_basis": "children_act_1989_s47",
    }
    body.update(changes)
    return body


def _post(user, url, body):
    return client_for(user).post(url, body, content_type="application/json")


def test_a_worker_sends_a_request_through_the_api(world, contact):
    contact = screened(world, contact)
    url = reverse("api:contact_information_requests", args=[contact.pk])
    response = _post(world.social_worker, url, _body(contact, version=contact.version))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["agency"] == "POL"
    assert data["status"] == "open"
    assert data["contact_id"] == contact.pk
    assert data["lawful_basis_label"] == "Children Act 1989, section 47"
    assert data["subjects"][0]["nhs_number"] == "9990000018"
    assert data["requested_by"]["team"] == "MASH"
    request = InformationRequest.objects.get(pk=data["id"])
    assert AuditEvent.objects.filter(
        verb="information_request.sent", target_id=str(request.pk)
    ).exists()
    listed = client_for(world.manager).get(url)
    assert [r["id"] for r in listed.json()] == [request.pk]


def test_invalid_input_gives_400_with_field_paths(world, contact):
    contact = screened(world, contact)
    url = reverse("api:contact_information_requests", args=[contact.pk])
    response = _post(
        world.social_worker,
        url,
        _body(contact, subject_ids=["x"], lawful_basis="whim", questions=""),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"subject_ids.0", "lawful_basis", "questions"}
    unknown = _post(world.social_worker, url, _body(contact, agency_code="NOPE"))
    assert unknown.json()["errors"] == {"agency_code": ["Enter the code of a known agency"]}
    foreign = _post(world.social_worker, url, _body(contact, subject_ids=[99999]))
    assert "subject_ids" in foreign.json()["errors"]


def test_a_service_refusal_gives_400_naming_the_api_field(world, contact):
    contact = screened(world, contact)
    url = reverse("api:contact_information_requests", args=[contact.pk])
    assert _post(world.social_worker, url, _body(contact)).status_code == 201
    again = _post(world.social_worker, url, _body(contact))
    assert again.status_code == 400
    assert "already has an open request" in again.json()["errors"]["agency_code"][0]
    nobody = _post(world.social_worker, url, _body(contact, agency_code="SCH2"))
    assert "no MASH representative" in nobody.json()["detail"]


def test_a_stale_version_gives_409(world, contact):
    contact = screened(world, contact)
    url = reverse("api:contact_information_requests", args=[contact.pk])
    response = _post(world.social_worker, url, _body(contact, version=contact.version - 1))
    assert response.status_code == 409
    assert not InformationRequest.objects.exists()


def test_representatives_and_referrers_cannot_send_or_list_a_contacts_requests(world, contact):
    contact = screened(world, contact)
    url = reverse("api:contact_information_requests", args=[contact.pk])
    assert _post(world.police_rep, url, _body(contact)).status_code == 404
    assert client_for(world.police_rep).get(url).status_code == 404
    assert _post(world.referrer, url, _body(contact)).status_code == 403
    assert client_for(world.referrer).get(url).status_code == 403


def test_a_representative_lists_only_their_agencys_requests(world, contact):
    contact = screened(world, contact)
    health, _ = health_with_rep(world)
    police_request = send(world, contact)
    send(world, contact, agency=health)
    response = client_for(world.police_rep).get(reverse("api:information_request_list"))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [police_request.pk]
    assert results[0]["contact_id"] is None
    assert results[0]["contact_reference"] == contact.reference
    assert "concern" not in results[0]
    answered = client_for(world.police_rep).get(
        reverse("api:information_request_list") + "?status=answered"
    )
    assert answered.json()["count"] == 0
    staff = client_for(world.manager).get(reverse("api:information_request_list"))
    assert staff.json()["count"] == 2
    bad = client_for(world.manager).get(reverse("api:information_request_list") + "?status=x")
    assert bad.status_code == 400
    assert (
        client_for(world.referrer).get(reverse("api:information_request_list")).status_code == 403
    )


def test_a_representative_answers_through_the_api(world, contact):
    request = send(world, screened(world, contact))
    url = reverse("api:information_request_respond", args=[request.pk])
    response = _post(world.police_rep, url, {"response": "Known: one incident.", "version": 0})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "answered"
    assert response.json()["response"] == "Known: one incident."
    again = _post(world.police_rep, url, {"response": "Again."})
    assert again.status_code == 400
    assert "already been answered" in again.json()["detail"]


def test_a_representative_of_another_agency_gets_404(world, contact):
    request = send(world, screened(world, contact))
    _, health_rep = health_with_rep(world)
    detail = reverse("api:information_request_detail", args=[request.pk])
    respond = reverse("api:information_request_respond", args=[request.pk])
    assert client_for(health_rep).get(detail).status_code == 404
    assert _post(health_rep, respond, {"response": "Not known."}).status_code == 404
    assert client_for(world.police_rep).get(detail).status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_a_stale_answer_gives_409(world, contact):
    request = send(world, screened(world, contact))
    url = reverse("api:information_request_respond", args=[request.pk])
    response = _post(world.police_rep, url, {"response": "Answer.", "version": 7})
    assert response.status_code == 409


def test_a_worker_withdraws_through_the_api(world, contact):
    request = send(world, screened(world, contact))
    url = reverse("api:information_request_withdraw", args=[request.pk])
    assert _post(world.police_rep, url, {"reason": "No"}).status_code == 403
    empty = _post(world.social_worker, url, {"reason": ""})
    assert empty.status_code == 400
    assert "reason" in empty.json()["errors"]
    response = _post(world.social_worker, url, {"reason": "Asked in error"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawn_reason"] == "Asked in error"
