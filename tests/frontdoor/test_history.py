"""History told right (issue 13 item 5): previous contacts are contacts received before this one,
counted once each, with their outcomes; a re-contact within 12 months of an early help closure
is marked on the contact page and the queue; restricted contacts are shown in outline only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.duplicates import contact_duplicate_confirm
from openmash.contacts.models import Contact
from openmash.core.models import AuditEvent
from openmash.frontdoor.selectors.history import contact_history, months_before
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.lifecycle import contact_close
from openmash.frontdoor.services.rag import contact_screen
from tests.conftest import World, client_for
from tests.frontdoor.queue_helpers import new_contact, person

pytestmark = pytest.mark.clock

RECONTACT = "Re-contact within 12 months of early help"


def _page(user: Any, contact: Contact) -> str:
    return client_for(user).get(reverse("contacts:detail", args=[contact.pk])).text


def _decided(world: World, contact: Contact, outcome: str, *, close: bool = True) -> Contact:
    """Screen, decide `outcome` for everyone, authorise and (by default) close, now."""
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="green")
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(s.pk, outcome) for s in contact.contact_subjects.all()],
        rationale="Needs support, not statutory social care.",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    if close:
        contact_close(contact=contact, actor=world.social_worker)
    contact.refresh_from_db()
    return contact


def _queue_row(world: World, contact: Contact) -> dict[str, Any]:
    items = client_for(world.contact_officer).get("/api/v1/queue/").json()["results"]
    return next(i for i in items if i["id"] == contact.pk)


def test_a_later_contact_is_never_counted(world: World, clock: Any) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(start - timedelta(days=40))
    earlier = new_contact(world, people=[ayo])
    clock.move_to(start - timedelta(days=20))
    this = new_contact(world, people=[ayo])
    clock.move_to(start)
    later = new_contact(world, people=[ayo])

    history = contact_history(world.contact_officer, this)
    assert [p.contact for p in history.previous] == [earlier]
    page = _page(world.contact_officer, this)
    assert "1 previous contact</a> about these people: 1 in the 12 months before this one" in page
    assert earlier.reference in page
    assert later.reference not in page.split('id="previous-contacts"')[1].split("</table>")[0]
    row = AuditEvent.objects.filter(verb="record.listed", target_id=str(this.pk)).last()
    assert row.summary["previous_contacts"] == [earlier.pk]


def test_two_subjects_of_the_same_earlier_contact_are_counted_once(
    world: World, clock: Any
) -> None:
    ayo, bea = person("Ayo", "Adeyemi"), person("Bea", "Adeyemi", date(2017, 2, 2))
    start = timezone.now()
    clock.move_to(start - timedelta(days=30))
    earlier = new_contact(world, people=[ayo, bea])
    clock.move_to(start)
    this = new_contact(world, people=[ayo, bea])

    history = contact_history(world.contact_officer, this)
    assert len(history.previous) == 1
    assert history.previous[0].contact == earlier
    assert history.previous[0].about == "Ayo Adeyemi, Bea Adeyemi"
    assert "1 previous contact</a>" in _page(world.contact_officer, this)


def test_the_same_incident_reported_twice_is_one_previous_contact_and_not_its_own_history(
    world: World, clock: Any
) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(start - timedelta(days=30))
    first = new_contact(world, people=[ayo], agency=world.police)
    second = new_contact(world, people=[ayo])
    assert second.duplicate_of == first
    contact_duplicate_confirm(actor=world.contact_officer, contact=second)
    clock.move_to(start)
    this = new_contact(world, people=[ayo])

    assert [p.contact for p in contact_history(world.contact_officer, this).previous] == [first]
    second.refresh_from_db()
    assert contact_history(world.contact_officer, second).previous == []


def test_each_previous_contact_shows_its_outcome_and_date(world: World, clock: Any) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(start - timedelta(days=60))
    decided = _decided(world, new_contact(world, people=[ayo]), "advice")
    clock.move_to(start - timedelta(days=30))
    still_open = new_contact(world, people=[ayo])
    clock.move_to(start)
    this = new_contact(world, people=[ayo])

    rows = {p.contact.pk: p for p in contact_history(world.contact_officer, this).previous}
    assert rows[decided.pk].outcome == "Advice and signposting"
    assert rows[decided.pk].outcome_on == timezone.localdate(start - timedelta(days=60))
    assert rows[still_open.pk].outcome == "Open: received"
    page = _page(world.contact_officer, this)
    assert "Advice and signposting" in page
    assert "Open: received" in page


@pytest.mark.parametrize(("months", "marked"), [(11, True), (13, False)])
def test_a_re_contact_within_12_months_of_early_help_is_marked(
    world: World, clock: Any, months: int, marked: bool
) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(months_before(start, months))
    helped = _decided(world, new_contact(world, people=[ayo]), "early_help")
    clock.move_to(start)
    this = new_contact(world, people=[ayo])

    history = contact_history(world.contact_officer, this)
    assert (history.recontact is not None) is marked
    page = _page(world.contact_officer, this)
    assert (RECONTACT in page) is marked
    assert _queue_row(world, this)["recontact"] is marked
    queue = client_for(world.contact_officer).get(reverse("frontdoor:queue")).text
    assert ("Re-contact after early help" in queue) is marked
    if marked:
        assert history.recontact is not None
        assert history.recontact.reference == helped.reference
        closed = timezone.localdate(helped.closed_at)
        assert f"{RECONTACT} (closed {closed:%-d %B %Y})" in page


def test_other_outcomes_and_early_help_not_yet_closed_are_not_re_contacts(
    world: World, clock: Any
) -> None:
    ayo, bea = person("Ayo", "Adeyemi"), person("Bea", "Brown")
    start = timezone.now()
    clock.move_to(start - timedelta(days=90))
    _decided(world, new_contact(world, people=[ayo]), "advice")
    _decided(world, new_contact(world, people=[bea]), "early_help", close=False)
    clock.move_to(start)
    this = new_contact(world, people=[ayo, bea])
    assert contact_history(world.contact_officer, this).recontact is None
    assert _queue_row(world, this)["recontact"] is False


def test_a_restricted_previous_contact_is_in_outline_for_those_not_named_on_it(
    world: World, clock: Any
) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(start - timedelta(days=100))
    secret = _decided(world, new_contact(world, people=[ayo]), "early_help")
    Contact.objects.filter(pk=secret.pk).update(is_restricted=True)
    secret.restricted_to.add(world.manager)
    clock.move_to(start)
    this = new_contact(world, people=[ayo])

    outsider_view = _page(world.contact_officer, this)
    table = outsider_view.split('id="previous-contacts"')[1].split("</table>")[0]
    assert "Restricted" in table
    assert secret.reference not in table
    assert "Early help" not in table
    assert RECONTACT not in outsider_view  # the flag would tell its outcome

    named_view = _page(world.manager, this)
    assert secret.reference in named_view
    assert RECONTACT in named_view
    # The queue is conservative: a restricted contact never sets the marker there.
    assert _queue_row(world, this)["recontact"] is False


def test_the_contact_page_query_count_does_not_grow_with_previous_contacts(
    world: World, clock: Any
) -> None:
    ayo = person("Ayo", "Adeyemi")
    start = timezone.now()
    clock.move_to(start - timedelta(days=5))
    new_contact(world, people=[ayo])
    clock.move_to(start)
    this = new_contact(world, people=[ayo])
    client = client_for(world.contact_officer)
    url = reverse("contacts:detail", args=[this.pk])
    client.get(url)  # warm caches (sessions, roles)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(10, 180, 20):
        new_contact(world, people=[ayo], received_at=start - timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert "10 previous contacts</a> about these people: 10 in the 12 months before" in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_twelve_months_before_is_calendar_months_in_london() -> None:
    leap = timezone.make_aware(datetime(2028, 2, 29, 10, 0))
    assert timezone.localtime(months_before(leap, 12)).date() == date(2027, 2, 28)
    march = timezone.make_aware(datetime(2026, 3, 31, 9, 0))
    assert timezone.localtime(months_before(march, 1)).date() == date(2026, 2, 28)
