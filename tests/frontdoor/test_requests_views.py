"""Information request pages: the worker's form and panel, the agency inbox and answer page,
and what a representative can and cannot open. Allow and deny tests share their set-up."""

from __future__ import annotations

from datetime import timedelta
from html import escape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import ContactStatus
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import InformationRequest, RequestStatus
from openmash.frontdoor.services.requests import information_request_respond
from openmash.frontdoor.views.requests import panel_context
from tests.conftest import client_for
from tests.frontdoor.test_requests_support import (
    QUESTIONS,
    SHARED,
    health_with_rep,
    make_overdue,
    screened,
    send,
)

pytestmark = pytest.mark.clock

CONCERN = "Bruise on cheek; says he is scared to go home."


def _form(contact, **changes):
    due = timezone.localtime() + timedelta(days=3)
    data = {
        "agency": str(contact.__class__.objects.get(pk=contact.pk).source_agency_id),
        "subjects": [str(s.pk) for s in contact.contact_subjects.all()],
        "questions": QUESTIONS,
        "shared_summary": SHARED,
        "lawful_basis": "children_act_1989_s47",
        "due_date_day": str(due.day),
        "due_date_month": str(due.month),
        "due_date_year": str(due.year),
        "due_time": "15:00",
        "version": str(contact.version),
    }
    data.update(changes)
    return data


def test_worker_opens_the_form_with_the_default_due_time(world, contact):
    contact = screened(world, contact)
    response = client_for(world.social_worker).get(
        reverse("frontdoor:request_new", args=[contact.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Request information from an agency" in body
    assert "the usual time to answer ends" in body
    assert "Test Police" in body  # has a representative
    assert "Other School" not in body  # has none
    assert "Data Protection Act 2018, safeguarding condition" in body


def test_a_representative_cannot_open_the_form(world, contact):
    contact = screened(world, contact)
    url = reverse("frontdoor:request_new", args=[contact.pk])
    assert client_for(world.police_rep).get(url).status_code == 404
    assert client_for(world.auditor).get(url).status_code == 403


def test_worker_sends_a_request_from_the_form(world, contact):
    contact = screened(world, contact)
    data = _form(contact, agency=str(world.police.pk))
    response = client_for(world.social_worker).post(
        reverse("frontdoor:request_new", args=[contact.pk]), data
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("contacts:detail", args=[contact.pk])
    request = InformationRequest.objects.get()
    assert request.agency == world.police
    assert timezone.localtime(request.due_at).strftime("%H:%M") == "15:00"
    contact.refresh_from_db()
    assert contact.status == ContactStatus.INFORMATION_GATHERING


def test_the_form_shows_every_problem_in_an_error_summary(world, contact):
    contact = screened(world, contact)
    data = _form(contact, agency="", questions="", lawful_basis="", subjects=[])
    response = client_for(world.social_worker).post(
        reverse("frontdoor:request_new", args=[contact.pk]), data
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("There is a problem") == 1
    for message in (
        "Select the agency to ask",
        "Select who the agency should check",
        "Enter the questions",
        "Select the lawful basis for sharing",
    ):
        assert message in body
    assert "<title>Error:" in body
    assert not InformationRequest.objects.exists()


def test_a_duplicate_request_is_refused_on_the_form(world, contact):
    contact = screened(world, contact)
    send(world, contact)
    contact.refresh_from_db()
    response = client_for(world.social_worker).post(
        reverse("frontdoor:request_new", args=[contact.pk]),
        _form(contact, agency=str(world.police.pk)),
    )
    assert response.status_code == 400
    assert "Test Police already has an open request" in response.content.decode()


def test_a_representative_sees_only_what_the_request_shares(world, contact):
    request = send(world, screened(world, contact))
    response = client_for(world.police_rep).get(
        reverse("frontdoor:request_detail", args=[request.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    for shown in (
        escape(QUESTIONS),
        escape(SHARED),
        "Ayaan",
        "9990000018",
        contact.reference,
        "Send answer",
    ):
        assert shown in body
    assert world.social_worker.full_name in body
    assert "MASH" in body  # the requester's team
    assert CONCERN not in body
    assert reverse("contacts:detail", args=[contact.pk]) not in body
    assert AuditEvent.objects.filter(
        actor=world.police_rep, verb="record.viewed", target_type="informationrequest"
    ).exists()


def test_a_representative_of_another_agency_gets_not_found(world, contact):
    request = send(world, screened(world, contact))
    _, health_rep = health_with_rep(world)
    client = client_for(health_rep)
    assert client.get(reverse("frontdoor:request_detail", args=[request.pk])).status_code == 404
    response = client.post(
        reverse("frontdoor:request_respond", args=[request.pk]),
        {"response": "Not known", "version": "0"},
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_a_representative_cannot_open_the_contact_page_or_the_contact_api(world, contact):
    send(world, screened(world, contact))
    client = client_for(world.police_rep)
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 404
    assert client.get(reverse("api:contact_detail", args=[contact.pk])).status_code == 404


def test_representative_answers_and_sees_the_confirmation(world, contact):
    request = send(world, screened(world, contact))
    client = client_for(world.police_rep)
    response = client.post(
        reverse("frontdoor:request_respond", args=[request.pk]),
        {"response": "Known to us: two call-outs.", "version": str(request.version)},
    )
    assert response.headers["Location"] == reverse("frontdoor:request_answered", args=[request.pk])
    page = client.get(response.headers["Location"])
    assert "Answer sent" in page.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_an_empty_answer_shows_the_error_summary(world, contact):
    request = send(world, screened(world, contact))
    response = client_for(world.police_rep).post(
        reverse("frontdoor:request_respond", args=[request.pk]),
        {"response": "", "version": str(request.version)},
    )
    assert response.status_code == 400
    assert "Enter your agency&#x27;s answer" in response.content.decode()


def test_the_inbox_lists_open_requests_by_due_time_with_overdue_highlighted(
    world, contact, django_assert_max_num_queries
):
    contact = screened(world, contact)
    health, health_rep = health_with_rep(world)
    late = make_overdue(send(world, contact))
    send(world, contact, agency=health)
    client = client_for(world.police_rep)
    response = client.get(reverse("frontdoor:request_inbox"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(reverse("frontdoor:request_detail", args=[late.pk])) == 1
    assert 'govuk-tag--red">Overdue' in body
    assert "1 request is overdue." in body
    assert "Awaiting answer (1)" in body
    assert "Test Health Trust" not in body
    listed = AuditEvent.objects.filter(actor=world.police_rep, verb="record.listed").last()
    assert listed.summary["ids"] == [late.pk]
    # Health's representative sees only health's request, not yet overdue.
    health_body = client_for(health_rep).get(reverse("frontdoor:request_inbox")).content.decode()
    assert "Overdue" not in health_body
    assert "Awaiting answer" in health_body
    # The page's queries do not grow with the number of requests.
    for number in range(5):
        other = send(world, contact, agency=_agency_with_rep(world, number))
        assert other.pk
    manager = client_for(world.manager)
    with django_assert_max_num_queries(14):
        staff = manager.get(reverse("frontdoor:request_inbox"))
    assert staff.content.decode().count("govuk-tag--yellow") == 6


def _agency_with_rep(world, number):
    from openmash.accounts.services import agency_create
    from tests.conftest import make_user

    agency = agency_create(
        actor=None, code=f"H{number}", name=f"Trust {number}", agency_type="health"
    )
    make_user(f"rep{number}@trust.test", agency, "agency_representative")
    return agency


def test_the_inbox_orders_open_requests_most_overdue_first(world, contact):
    contact = screened(world, contact)
    health, _ = health_with_rep(world)
    later = make_overdue(send(world, contact), hours=1)
    earlier = make_overdue(send(world, contact, agency=health), hours=5)
    body = client_for(world.manager).get(reverse("frontdoor:request_inbox")).content.decode()
    first = body.index(reverse("frontdoor:request_detail", args=[earlier.pk]))
    second = body.index(reverse("frontdoor:request_detail", args=[later.pk]))
    assert first < second


def test_answered_requests_are_on_their_own_tab(world, contact):
    request = send(world, screened(world, contact))
    information_request_respond(request=request, actor=world.police_rep, response="Nothing known.")
    client = client_for(world.police_rep)
    open_tab = client.get(reverse("frontdoor:request_inbox")).content.decode()
    answered_tab = client.get(reverse("frontdoor:request_inbox") + "?status=answered")
    assert "There are no requests awaiting an answer." in open_tab
    assert reverse("frontdoor:request_detail", args=[request.pk]) in answered_tab.content.decode()
    assert client.get(reverse("frontdoor:request_inbox") + "?status=nope").status_code == 404


def test_referrers_and_administrators_have_no_inbox(world):
    for persona in (world.referrer, world.admin):
        assert client_for(persona).get(reverse("frontdoor:request_inbox")).status_code == 403


def test_the_contact_panel_lists_requests_with_status_due_and_answer(
    world, contact, django_assert_num_queries
):
    contact = screened(world, contact)
    health, _ = health_with_rep(world)
    answered = send(world, contact)
    information_request_respond(request=answered, actor=world.police_rep, response="Known to us.")
    make_overdue(send(world, contact, agency=health))
    contact.refresh_from_db()
    with django_assert_num_queries(2):
        context = panel_context(world.social_worker, contact)
    html = render_to_string("frontdoor/partials/_requests_panel.html", context)
    assert "Known to us." in html
    assert 'govuk-tag--red">Overdue' in html
    assert 'govuk-tag--green">Answered' in html
    assert reverse("frontdoor:request_new", args=[contact.pk]) in html
    assert context["requests_panel"]["can_request"] is True
    assert panel_context(world.auditor, contact)["requests_panel"]["can_request"] is False


def test_a_worker_withdraws_a_request_from_its_page(world, contact):
    request = send(world, screened(world, contact))
    client = client_for(world.contact_officer)
    url = reverse("frontdoor:request_withdraw", args=[request.pk])
    assert client.get(url).status_code == 200
    assert client_for(world.police_rep).get(url).status_code == 403
    response = client.post(url, {"reason": "Asked in error", "version": str(request.version)})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.withdrawn_reason == "Asked in error"


def test_a_request_on_a_restricted_record_is_masked_for_staff_not_named_on_it(
    world, contact, child
):
    from openmash.people.services import person_restrict

    request = send(world, screened(world, contact))
    person_restrict(actor=None, person=child, named_users=[world.social_worker])
    detail = reverse("frontdoor:request_detail", args=[request.pk])
    assert client_for(world.social_worker).get(detail).status_code == 200
    assert client_for(world.manager).get(detail).status_code == 403  # break-glass page
    inbox = client_for(world.manager).get(reverse("frontdoor:request_inbox")).content.decode()
    assert "Restricted" in inbox
    assert "Ayaan" not in inbox
    api = client_for(world.manager).get(reverse("api:information_request_list")).json()
    assert api["results"][0]["subjects"] == []
    # The worker chose to share with the police: their representative still sees the request.
    assert client_for(world.police_rep).get(detail).status_code == 200
