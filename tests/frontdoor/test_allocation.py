"""Allocation from the queue and the contact page: take, assign, reassign, the continuity
suggestion, and the allocate API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.models import AuditEvent
from openmash.frontdoor.selectors_queue import QueueFilters, queue_contacts, queue_page_load
from openmash.frontdoor.views.queue import allocation_panel_context
from tests.conftest import client_for
from tests.frontdoor.queue_helpers import new_contact, person

pytestmark = pytest.mark.clock


def _allocated(contact, user, days_ago: int) -> None:
    Contact.objects.filter(pk=contact.pk).update(
        allocated_to=user, allocated_at=timezone.now() - timedelta(days=days_ago)
    )


def _allocation_rows(contact):
    return AuditEvent.objects.filter(verb="contact.allocated", target_id=str(contact.pk))


def test_a_worker_takes_an_unallocated_contact_from_the_queue(world, contact):
    client = client_for(world.contact_officer)
    response = client.post(
        reverse("frontdoor:allocation_take", args=[contact.pk]),
        {"version": contact.version, "next": "/mash/queue/?rag=red"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/mash/queue/?rag=red"
    contact.refresh_from_db()
    assert contact.allocated_to == world.contact_officer
    assert _allocation_rows(contact).get().actor == world.contact_officer


def test_a_worker_cannot_take_a_colleagues_contact(world, contact):
    _allocated(contact, world.social_worker, 0)
    client = client_for(world.contact_officer)
    response = client.post(
        reverse("frontdoor:allocation_take", args=[contact.pk]), {"version": contact.version}
    )
    assert response.status_code == 302
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "Ask a team manager to reassign it" in message
    contact.refresh_from_db()
    assert contact.allocated_to == world.social_worker
    assert not _allocation_rows(contact).exists()


def test_a_stale_take_is_refused(world, contact):
    client = client_for(world.contact_officer)
    response = client.post(
        reverse("frontdoor:allocation_take", args=[contact.pk]),
        {"version": contact.version - 1},
    )
    assert response.status_code == 302
    assert "Someone else changed" in str(next(iter(get_messages(response.wsgi_request))))
    contact.refresh_from_db()
    assert contact.allocated_to is None


def test_a_manager_reassigns_with_a_reason(world, contact):
    _allocated(contact, world.contact_officer, 0)
    client = client_for(world.manager)
    url = reverse("frontdoor:allocation_assign", args=[contact.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"to": world.social_worker.pk, "reason": "Knows the family", "version": contact.version},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.allocated_to == world.social_worker
    row = _allocation_rows(contact).get()
    assert row.summary["reason"] == "Knows the family"
    assert row.summary["from"] == world.contact_officer.pk


def test_assigning_to_someone_outside_the_front_door_shows_an_error(world, contact):
    client = client_for(world.manager)
    response = client.post(
        reverse("frontdoor:allocation_assign", args=[contact.pk]),
        {"to": world.referrer.pk, "version": contact.version},
    )
    assert response.status_code == 200
    assert b"Select a worker" in response.content
    assert not _allocation_rows(contact).exists()


def test_only_managers_open_the_assign_page(world, contact):
    url = reverse("frontdoor:allocation_assign", args=[contact.pk])
    assert client_for(world.manager).get(url).status_code == 200
    assert client_for(world.social_worker).get(url).status_code == 403
    assert client_for(world.referrer).get(url).status_code == 403  # sees it, cannot work it
    assert client_for(world.outsider).get(url).status_code == 404


def test_the_suggestion_is_the_worker_who_last_had_the_family(world):
    ayo, bea = person("Ayo", "Family"), person("Bea", "Family")
    old = new_contact(world, people=[ayo])
    _allocated(old, world.social_worker, 40)
    recent = new_contact(world, people=[bea])
    _allocated(recent, world.contact_officer, 3)
    unrelated = new_contact(world, people=[person("Cy", "Other")])
    _allocated(unrelated, world.manager, 1)
    new = new_contact(world, people=[ayo, bea])
    contacts = [c for c in queue_contacts(world.manager, QueueFilters()) if c.pk == new.pk]
    queue_page_load(world.manager, contacts)
    suggestion = contacts[0].suggestion
    assert suggestion.worker_id == world.contact_officer.pk
    assert suggestion.reference == recent.reference
    assert suggestion.person_name == "Bea Family"


def test_a_contact_is_not_suggested_from_itself(world):
    alone = new_contact(world, people=[person("Dee", "Solo")])
    _allocated(alone, world.social_worker, 0)
    contacts = [c for c in queue_contacts(world.manager, QueueFilters()) if c.pk == alone.pk]
    queue_page_load(world.manager, contacts)
    assert contacts[0].suggestion is None


def test_the_queue_and_the_assign_form_show_the_suggestion(world):
    eve = person("Eve", "Known")
    old = new_contact(world, people=[eve], received_at=timezone.now() - timedelta(days=90))
    _allocated(old, world.social_worker, 80)
    Contact.objects.filter(pk=old.pk).update(status="closed")
    new = new_contact(world, people=[eve])
    client = client_for(world.manager)
    page = client.get(reverse("frontdoor:queue")).content.decode()
    assert (
        f"Suggested: {world.social_worker.full_name} (worked with Eve Known on {old.reference}"
        in page
    )
    form = client.get(reverse("frontdoor:allocation_assign", args=[new.pk])).content.decode()
    assert f'<option value="{world.social_worker.pk}" selected>' in form


def test_the_allocation_panel_offers_what_the_user_may_do(world, contact):
    request = RequestFactory().get("/")
    manager = allocation_panel_context(world.manager, contact)
    assert manager["allocation"]["can_take"] is True
    assert manager["allocation"]["assign_form"] is not None
    request.user = world.manager
    html = render_to_string("frontdoor/partials/_allocation_panel.html", manager, request=request)
    assert "Take this contact" in html
    assert "Assign" in html
    _allocated(contact, world.manager, 0)
    contact.refresh_from_db()
    worker = allocation_panel_context(world.social_worker, contact)["allocation"]
    assert worker["can_take"] is False
    assert worker["assign_form"] is None


def test_the_api_takes_and_assigns(world, contact):
    worker = client_for(world.contact_officer)
    url = reverse("api:contact_allocate", args=[contact.pk])
    taken = worker.post(
        url, {"to": "me", "version": contact.version}, content_type="application/json"
    )
    assert taken.status_code == 200, taken.json()
    assert taken.json()["allocated_to"]["id"] == world.contact_officer.pk
    version = taken.json()["version"]
    refused = worker.post(
        url,
        {"to": str(world.social_worker.pk), "version": version},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "Only a team manager" in refused.json()["detail"]
    stale = client_for(world.manager).post(
        url,
        {"to": str(world.social_worker.pk), "version": version - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assigned = client_for(world.manager).post(
        url,
        {"to": str(world.social_worker.pk), "reason": "Caseload", "version": version},
        content_type="application/json",
    )
    assert assigned.status_code == 200
    assert _allocation_rows(contact).count() == 2


def test_the_api_names_a_missing_field(world, contact):
    response = client_for(world.manager).post(
        reverse("api:contact_allocate", args=[contact.pk]),
        {"to": "me"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
