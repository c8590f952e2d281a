"""Statutory and local clocks: the one-working-day decision clock from receipt, RAG timescales in
working hours or days, re-rating with reasons, and red never pausing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import RagRating, RagTimescale
from openmash.frontdoor.services.rag import (
    contact_clock_pause,
    contact_clock_resume,
    contact_escalate,
    contact_rate,
    contact_screen,
    rag_due,
    working_time_between,
)
from tests.conftest import subject_details

pytestmark = pytest.mark.clock

LONDON = ZoneInfo("Europe/London")


def _received(world, child, moment):
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.school,
            channel="phone",
            concern="Disclosure at school.",
            received_at=moment,
            subjects=[SubjectInput(details=subject_details(child), person=child)],
        ),
    )


def test_christmas_eve_contact_is_due_on_the_twenty_ninth(world, child, clock):
    # Thursday 24 December 2026 16:00; 25 and 26 (Sat) and 28 (substitute Boxing Day) are not
    # working days, nor is Sunday 27: one working day later is Tuesday 29 December 16:00.
    # The contact is recorded on the evening itself.
    clock.move_to(datetime(2026, 12, 24, 18, 0, tzinfo=LONDON))
    contact = _received(world, child, datetime(2026, 12, 24, 16, 0, tzinfo=LONDON))
    assert timezone.localtime(contact.decision_due_at, LONDON) == datetime(
        2026, 12, 29, 16, 0, tzinfo=LONDON
    )
    contact.refresh_from_db()
    assert contact.decision_due_at == datetime(2026, 12, 29, 16, 0, tzinfo=LONDON)


def test_friday_afternoon_contact_is_due_monday_afternoon(world, child, clock):
    clock.move_to(datetime(2026, 11, 20, 17, 0, tzinfo=LONDON))
    contact = _received(world, child, datetime(2026, 11, 20, 15, 30, tzinfo=LONDON))
    assert timezone.localtime(contact.decision_due_at, LONDON) == datetime(
        2026, 11, 23, 15, 30, tzinfo=LONDON
    )


def test_default_rag_timescales(world):
    start = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)  # a Friday
    # Red: 4 hours elapsed, day and night (issue 13): Friday evening, not Monday morning.
    assert rag_due("red", start) == datetime(2026, 11, 20, 19, 0, tzinfo=LONDON)
    assert rag_due("amber", start) == datetime(2026, 11, 23, 15, 0, tzinfo=LONDON)
    assert rag_due("green", start) == datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)
    assert rag_due("blue", start) is None


def test_a_red_clock_a_council_sets_to_working_hours_skips_the_weekend(world):
    RagTimescale.objects.filter(rating="red").update(amount=4, unit="working_hours")
    start = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
    # 4 working hours -> 2 on Friday, 2 on Monday morning.
    assert rag_due("red", start) == datetime(2026, 11, 23, 11, 0, tzinfo=LONDON)


def test_rating_counts_from_receipt_and_re_rating_needs_a_reason(world, child, clock):
    clock.move_to(datetime(2026, 11, 20, 17, 0, tzinfo=LONDON))
    contact = _received(world, child, datetime(2026, 11, 20, 15, 0, tzinfo=LONDON))
    contact = contact_screen(contact=contact, actor=world.contact_officer, rag="amber")
    assert timezone.localtime(contact.rag_due_at, LONDON) == datetime(
        2026, 11, 23, 15, 0, tzinfo=LONDON
    )
    with pytest.raises(
        ApplicationError, match="Enter why the rating is changing from amber to red"
    ):
        contact_rate(contact=contact, actor=world.social_worker, rag="red")
    contact = contact_rate(
        contact=contact, actor=world.social_worker, rag="red", reason="Police add a history of DA"
    )
    assert [r.rating for r in RagRating.objects.filter(contact=contact)] == ["amber", "red"]
    latest = RagRating.objects.filter(contact=contact).last()
    assert (latest.previous, latest.reason) == ("amber", "Police add a history of DA")
    assert (
        AuditEvent.objects.filter(verb="contact.rag_rated", target_id=str(contact.pk)).count() == 2
    )


def test_red_never_pauses(world, contact):
    contact = contact_screen(contact=contact, actor=world.contact_officer, rag="red")
    with pytest.raises(ApplicationError, match="A red contact's clock never pauses"):
        contact_clock_pause(contact=contact, actor=world.social_worker, reason="Waiting")


def test_pausing_an_amber_clock_moves_the_due_time_on_by_the_working_time_paused(
    world, child, clock
):
    # Received and rated amber (one working day) on Wednesday 18 November 2026 at 10:00: due
    # Thursday 10:00. Paused from 16:00 Wednesday to 11:00 Thursday: one working hour on
    # Wednesday (16:00-17:00) and two on Thursday (09:00-11:00), so due three working hours later.
    clock.move_to(datetime(2026, 11, 18, 10, 0, tzinfo=LONDON), tick=False)
    contact = _received(world, child, datetime(2026, 11, 18, 10, 0, tzinfo=LONDON))
    contact = contact_screen(contact=contact, actor=world.contact_officer, rag="amber")
    assert contact.rag_due_at == datetime(2026, 11, 19, 10, 0, tzinfo=LONDON)
    clock.move_to(datetime(2026, 11, 18, 16, 0, tzinfo=LONDON), tick=False)
    contact = contact_clock_pause(contact=contact, actor=world.social_worker, reason="Awaiting GP")
    clock.move_to(datetime(2026, 11, 19, 11, 0, tzinfo=LONDON), tick=False)
    contact = contact_clock_resume(contact=contact, actor=world.social_worker)
    assert contact.rag_paused_at is None
    assert timezone.localtime(contact.rag_due_at, LONDON) == datetime(
        2026, 11, 19, 13, 0, tzinfo=LONDON
    )


def test_working_time_between_counts_only_working_hours(db):
    friday_4pm = datetime(2026, 11, 20, 16, 0, tzinfo=LONDON)
    monday_10am = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    assert working_time_between(friday_4pm, monday_10am).total_seconds() == 2 * 3600


def test_escalation_rates_red_and_tells_the_managers(
    world, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = contact_escalate(
            contact=contact,
            actor=world.contact_officer,
            details="Child says he will be hit tonight",
        )
    assert contact.rag == "red"
    assert contact.escalated_at is not None
    assert contact.immediate_risk
    assert OutboxMessage.objects.filter(
        to_email=world.manager.email, subject__startswith="Immediate risk"
    ).exists()
    assert AuditEvent.objects.filter(verb="contact.escalated", target_id=str(contact.pk)).exists()
