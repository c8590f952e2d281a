"""The MASH queue: ordering by time left, filters, masking, counts, a fixed number of queries
whatever the page size, the page (with and without htmx) and its API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact, ContactStatus
from openmash.core.models import AuditEvent
from openmash.frontdoor.selectors.queue import (
    QueueFilters,
    queue_contacts,
    queue_counts,
    queue_page_load,
)
from openmash.people.services import person_restrict
from tests.conftest import client_for
from tests.frontdoor.queue_helpers import hours, new_contact, person

pytestmark = pytest.mark.clock

NO_FILTERS = QueueFilters()


def _refs(user, filters=NO_FILTERS):
    return [c.reference for c in queue_contacts(user, filters)]


def test_queue_is_sorted_by_the_earliest_running_clock_with_no_clock_last(world):
    later = new_contact(world, rag="green", rag_due_at=hours(30), decision_due_at=hours(20))
    soonest = new_contact(world, rag="red", rag_due_at=hours(1), decision_due_at=hours(20))
    overdue = new_contact(world, decision_due_at=hours(-2))
    no_clock = new_contact(world, decision_due_at=None)
    assert _refs(world.social_worker) == [
        overdue.reference,
        soonest.reference,
        later.reference,
        no_clock.reference,
    ]


def test_a_paused_rag_clock_does_not_count_down(world):
    paused = new_contact(
        world,
        rag="amber",
        rag_due_at=hours(1),
        rag_paused_at=timezone.now(),
        decision_due_at=hours(10),
    )
    running = new_contact(world, rag="amber", rag_due_at=hours(5), decision_due_at=hours(10))
    contacts = list(queue_contacts(world.social_worker, QueueFilters()))
    assert [c.pk for c in contacts] == [running.pk, paused.pk]
    assert contacts[1].due_at == paused.decision_due_at


def test_closed_and_authorised_contacts_are_not_in_the_queue(world, contact):
    new_contact(world, status=ContactStatus.CLOSED)
    new_contact(world, status=ContactStatus.AUTHORISED)
    assert _refs(world.social_worker) == [contact.reference]


def test_filters_narrow_the_queue(world):
    mine = new_contact(world, allocated_to=world.social_worker, team=world.mash, rag="red")
    adult = new_contact(world, is_child=False, agency=world.police, rag="amber")
    neglect = new_contact(world, categories=["neglect"], status=ContactStatus.SCREENING)
    user = world.social_worker
    assert _refs(user, QueueFilters(worker="mine")) == [mine.reference]
    assert _refs(user, QueueFilters(worker=str(world.social_worker.pk))) == [mine.reference]
    assert set(_refs(user, QueueFilters(worker="unallocated"))) == {
        adult.reference,
        neglect.reference,
    }
    assert _refs(user, QueueFilters(team=world.mash.pk)) == [mine.reference]
    assert _refs(user, QueueFilters(agency=world.police.pk)) == [adult.reference]
    assert _refs(user, QueueFilters(who="adult")) == [adult.reference]
    assert adult.reference not in _refs(user, QueueFilters(who="child"))
    assert _refs(user, QueueFilters(category="neglect")) == [neglect.reference]
    assert _refs(user, QueueFilters(rag="amber")) == [adult.reference]
    assert _refs(user, QueueFilters(rag="unrated")) == [neglect.reference]
    assert _refs(user, QueueFilters(stage="screening")) == [neglect.reference]


def test_counts_give_each_rating_and_the_overdue(world):
    new_contact(world, rag="red", rag_due_at=hours(-1))
    new_contact(world, rag="amber", rag_due_at=hours(3))
    new_contact(world, decision_due_at=hours(5))
    counts = queue_counts(world.manager, QueueFilters())
    assert counts == {
        "total": 3,
        "immediate": 0,
        "red": 1,
        "amber": 1,
        "green": 0,
        "blue": 0,
        "unrated": 1,
        "overdue": 1,
    }


def test_a_restricted_person_is_masked_unless_the_user_is_named(world):
    secret = person_restrict(
        actor=None, person=person("Jordan", "Hidden"), named_users=[world.manager]
    )
    contact = new_contact(world, people=[secret])
    for user, masked in ((world.social_worker, True), (world.manager, False)):
        contacts = list(queue_contacts(user, QueueFilters()))
        queue_page_load(user, contacts)
        assert contacts[0].pk == contact.pk
        assert contacts[0].masked is masked


def test_a_restricted_contact_is_masked_on_the_page(world):
    new_contact(world, people=[person("Kit", "Zyxwvut")], is_restricted=True)
    response = client_for(world.social_worker).get(reverse("frontdoor:queue"))
    assert response.status_code == 200
    assert b"Restricted" in response.content
    assert b"Zyxwvut" not in response.content


def _page_queries(world, size: int) -> int:
    client = client_for(world.manager)
    client.get(reverse("frontdoor:queue"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("frontdoor:queue") + f"?page_size={size}")
    assert response.status_code == 200
    assert response.content.count(b'class="govuk-table__row"') == size + 1
    return len(queries)


def test_the_query_count_does_not_depend_on_the_page_size(world):
    family = [person(f"Child{i}", "Family") for i in range(3)]
    for i in range(100):
        contact = new_contact(
            world,
            people=[family[i % 3], person(f"Extra{i}", "Person")],
            categories=["neglect"],
            rag="amber",
            rag_due_at=hours(i),
        )
        if i % 4 == 0:
            Contact.objects.filter(pk=contact.pk).update(
                allocated_to=world.social_worker, allocated_at=timezone.now()
            )
    secret = person_restrict(actor=None, person=family[0], named_users=[world.manager])
    assert secret.is_restricted
    assert _page_queries(world, 10) == _page_queries(world, 100)


def test_the_page_lists_contacts_and_writes_one_listing_row(world, contact):
    client = client_for(world.contact_officer)
    response = client.get(reverse("frontdoor:queue"))
    assert response.status_code == 200
    assert contact.reference.encode() in response.content
    assert b"Ayaan Rahman (child)" in response.content
    row = AuditEvent.objects.filter(actor=world.contact_officer, verb="record.listed").last()
    assert row.summary["ids"] == [contact.pk]


def test_htmx_gets_only_the_table(world, contact):
    client = client_for(world.contact_officer)
    response = client.get(reverse("frontdoor:queue") + "?rag=unrated", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<div id="queue-table">')
    assert b"<html" not in response.content


def test_time_left_is_shown_in_words(world):
    new_contact(world, rag="red", rag_due_at=hours(3.5), decision_due_at=hours(-2.1))
    response = client_for(world.manager).get(reverse("frontdoor:queue"))
    assert b"Overdue by 2 hours" in response.content


@pytest.mark.parametrize("persona", ["referrer", "police_rep", "admin"])
def test_only_front_door_staff_see_the_queue(world, contact, persona):
    response = client_for(world.personas()[persona]).get(reverse("frontdoor:queue"))
    assert response.status_code == 403
    allowed = client_for(world.auditor).get(reverse("frontdoor:queue"))
    assert allowed.status_code == 200


def test_the_api_lists_the_queue_with_time_left_and_filters(world, contact):
    new_contact(world, rag="red", rag_due_at=hours(1), is_child=False)
    client = client_for(world.social_worker)
    response = client.get("/api/v1/queue/?who=adult")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["rag"] == "red"
    assert 0 < item["time_left_seconds"] <= 3600
    assert item["subjects"][0]["is_child"] is False
    assert item["allocated_to"] is None
    assert client_for(world.referrer).get("/api/v1/queue/").status_code == 403


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/queue/?team=99999999999999999999", "team"),
        ("/api/v1/queue/?agency=9223372036854775808", "agency"),
        ("/api/v1/queue/?team=abc", "team"),
        ("/api/v1/queue/?rag=purple", "rag"),
        ("/api/v1/queue/?worker=nobody", "worker"),
        ("/api/v1/breaches/?team=99999999999999999999", "team"),
        ("/api/v1/breaches/?agency=-1", "agency"),
        ("/api/v1/breaches/?kind=made_up", "kind"),
    ],
)
def test_a_filter_the_queue_does_not_know_is_a_400_naming_it(world, url, field):
    response = client_for(world.manager).get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [field]


def test_known_filters_and_the_api_page_size_are_accepted(world, contact):
    client = client_for(world.manager)
    team = world.mash.pk
    assert client.get(f"/api/v1/queue/?team={team}&rag=red&page_size=100").status_code == 200
    assert client.get(f"/api/v1/breaches/?team={team}&kind=rag").status_code == 200
