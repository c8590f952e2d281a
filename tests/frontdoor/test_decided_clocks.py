"""Red clocks on elapsed time by default; working-hour clocks still a choice for amber and green;
clocks stop once a contact is decided, and the page shows the decision against the due time.
Issue 13 item 3."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import (
    Breach,
    ClockUnit,
    InformationRequest,
    RagTimescale,
)
from openmash.frontdoor.selectors.clocks import against_due
from openmash.frontdoor.services.breaches import breaches_detect
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import (
    contact_clock_pause,
    contact_screen,
    rag_due,
)
from openmash.frontdoor.services.settings import rag_timescale_update
from tests.conftest import World, client_for, subject_details

pytestmark = pytest.mark.clock

LONDON = ZoneInfo("Europe/London")
SATURDAY_0240 = datetime(2026, 11, 21, 2, 40, tzinfo=LONDON)


def _received(world: World, child: Any, moment: datetime, **changes: Any) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Disclosure overnight.",
            received_at=moment,
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            **changes,
        ),
    )


def _decide(world: World, contact: Contact, rag: str = "amber") -> Contact:
    contact = contact_screen(contact=contact, actor=world.social_worker, rag=rag)
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        # A red contact goes to a strategy discussion (early help would need the decision check's
        # reason: docs/frontdoor-decision-checks.md).
        outcomes=[
            OutcomeInput(
                subject_id=subject.pk,
                outcome="strategy_discussion" if rag == "red" else "early_help",
            )
        ],
        rationale="Decided on what we found.",
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    contact.refresh_from_db()
    return contact


def _times(contact: Contact, *, decided: bool = True) -> tuple[datetime, datetime]:
    """The contact's RAG due time and when it was decided (its rating time while undecided)."""
    done = contact.decided_at if decided else contact.rated_at
    assert contact.rag_due_at is not None
    assert done is not None
    return contact.rag_due_at, done


# Red on elapsed time; amber and green on working time.


def test_a_red_contact_on_saturday_at_0240_is_due_at_0640_the_same_morning(
    world: World, child: Any, clock: Any
) -> None:
    clock.move_to(SATURDAY_0240)
    contact = _received(world, child, SATURDAY_0240)
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="red")
    assert contact.rag_due_at == datetime(2026, 11, 21, 6, 40, tzinfo=LONDON)


def test_red_arriving_with_immediate_risk_on_saturday_night_is_due_before_dawn(
    world: World, child: Any, clock: Any
) -> None:
    clock.move_to(SATURDAY_0240)
    contact = _received(
        world, child, SATURDAY_0240, immediate_risk=True, immediate_risk_details="Threats"
    )
    assert contact.rag_due_at == datetime(2026, 11, 21, 6, 40, tzinfo=LONDON)


def test_red_by_default_counts_elapsed_hours_across_the_night_the_clocks_go_back(
    world: World,
) -> None:
    # 00:30 BST on Sunday 25 October 2026: four real hours later is 03:30 GMT.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    assert RagTimescale.objects.get(rating="red").unit == ClockUnit.HOURS
    due = rag_due("red", start)
    assert due is not None
    assert due - start.astimezone(UTC) == timedelta(hours=4)  # real hours, not the wall clock
    assert due.astimezone(LONDON).hour == 3


def test_amber_and_green_keep_their_working_day_clocks(world: World) -> None:
    friday_3pm = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
    assert rag_due("amber", friday_3pm) == datetime(2026, 11, 23, 15, 0, tzinfo=LONDON)
    assert rag_due("green", friday_3pm) == datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)


def test_amber_may_still_count_working_hours(world: World) -> None:
    amber = RagTimescale.objects.get(rating="amber")
    rag_timescale_update(
        actor=world.admin, timescale=amber, label=amber.label, amount=24, unit="working_hours"
    )
    friday_3pm = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
    # 2 hours on Friday, 8 on Monday, 8 on Tuesday, 6 on Wednesday.
    assert rag_due("amber", friday_3pm) == datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)


# The migration: the old default moves, a council's own choice stays.


def _migration() -> Any:
    return importlib.import_module("openmash.frontdoor.migrations.0010_red_elapsed_and_decided_at")


def test_the_migration_moves_red_from_the_old_default_to_elapsed_hours(world: World) -> None:
    RagTimescale.objects.filter(rating="red").update(amount=4, unit="working_hours")
    _migration().red_on_elapsed_time(django_apps, None)
    red = RagTimescale.objects.get(rating="red")
    assert (red.amount, red.unit) == (4, "hours")
    row = AuditEvent.objects.get(verb="rag.timescale_changed", target_id=str(red.pk))
    assert row.summary["changes"] == {"unit": {"before": "working_hours", "after": "hours"}}


def test_the_migration_keeps_red_on_working_hours_when_a_council_chose_it(world: World) -> None:
    red = RagTimescale.objects.get(rating="red")
    rag_timescale_update(
        actor=world.admin, timescale=red, label=red.label, amount=4, unit="working_hours"
    )
    _migration().red_on_elapsed_time(django_apps, None)
    assert RagTimescale.objects.get(rating="red").unit == "working_hours"


def test_the_migration_keeps_a_council_s_own_red_timescale(world: World) -> None:
    RagTimescale.objects.filter(rating="red").update(amount=2, unit="working_hours")
    _migration().red_on_elapsed_time(django_apps, None)
    assert RagTimescale.objects.get(rating="red").unit == "working_hours"


# Decided: the clocks stop.


def test_authorising_sets_decided_at_and_the_clocks_stop(
    world: World, contact: Contact, clock: Any
) -> None:
    decided = _decide(world, contact)
    assert decided.decided_at is not None
    assert decided.status == "authorised"
    clock.shift(timedelta(days=5))
    data = client_for(world.social_worker).get(f"/api/v1/contacts/{contact.pk}/").json()
    assert data["clocks_running"] is False
    assert data["decided_at"] is not None
    due, done = _times(decided)
    assert data["rag_margin_seconds"] == int((due - done).total_seconds())


def test_the_contact_page_shows_when_it_was_decided_against_when_it_was_due(
    world: World, contact: Contact, clock: Any
) -> None:
    decided = _decide(world, contact)
    clock.shift(timedelta(days=5))  # days later, nothing reads as overdue
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert page.status_code == 200
    assert 'data-clock="decided"' in page.text
    assert 'data-clock="running"' not in page.text
    assert "overdue" not in page.text.lower()
    due, done = _times(decided)
    assert against_due(done, due) in page.text
    assert "the clocks have stopped" in page.text


def test_a_decision_made_late_reads_over_time(world: World, child: Any, clock: Any) -> None:
    start = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)
    clock.move_to(start)
    contact = _received(world, child, start)
    clock.move_to(start + timedelta(hours=6))
    decided = _decide(world, contact, rag="red")
    assert decided.rag_due_at == start + timedelta(hours=4)
    page = client_for(world.manager).get(reverse("contacts:detail", args=[contact.pk]))
    assert "(over time by 2 hours)" in page.text


def test_an_undecided_contact_shows_its_clock_running(world: World, contact: Contact) -> None:
    contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert 'data-clock="running"' in page.text
    assert 'data-clock="decided"' not in page.text


def test_a_paused_clock_stops_at_the_decision_without_the_time_paused(
    world: World, child: Any, clock: Any
) -> None:
    start = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)
    clock.move_to(start)
    contact = _received(world, child, start)
    contact = contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    due, _ = _times(contact, decided=False)
    contact_clock_pause(contact=contact, actor=world.social_worker, reason="Parent unreachable")
    clock.move_to(start + timedelta(hours=2))
    decided = _decide_screened(world, contact)
    assert decided.rag_paused_at is None
    # Two working hours on a Wednesday morning (the test's clock ticks, so to the minute).
    moved = _times(decided)[0] - (due + timedelta(hours=2))
    assert abs(moved) < timedelta(minutes=1)


def _decide_screened(world: World, contact: Contact) -> Contact:
    subject = contact.contact_subjects.get()
    decision = decision_propose(
        contact=Contact.objects.get(pk=contact.pk),
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="nfa")],
        rationale="No concern.",
    )
    decision_authorise(decision=decision, actor=world.manager)
    return Contact.objects.get(pk=contact.pk)


# The breach job ignores decided contacts.


def test_the_breach_job_does_not_flag_a_decided_contact(
    world: World, contact: Contact, clock: Any
) -> None:
    decided = _decide(world, contact)
    InformationRequest.objects.create(
        contact=decided,
        agency=world.police,
        questions="Any history?",
        shared_summary="Concern",
        due_at=_times(decided)[1] + timedelta(hours=1),
        requested_by=world.social_worker,
    )
    clock.shift(timedelta(days=10))  # every clock's due time long past
    run = breaches_detect()
    # Received out of hours (a Saturday night), the contact also sits on the EDT's hand-over list,
    # whose own clock (the day team's acknowledgement) is another app's record: only the contact's
    # clocks must stay quiet.
    on_contact = [b for b in run.created if b.contact_id == decided.pk]
    assert on_contact == []
    assert {b.kind for b in run.created} <= {"outofhours.handover_unacknowledged"}
    assert not Breach.objects.filter(contact=decided).exists()


def test_the_breach_job_still_flags_an_undecided_contact(
    world: World, contact: Contact, clock: Any
) -> None:
    # Allow: the same set-up without the decision is flagged, so the test above is not vacuous.
    contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    clock.shift(timedelta(days=10))
    run = breaches_detect()
    assert {b.kind for b in run.created} >= {"rag", "decision"}


def test_against_due_reads_within_over_and_exact() -> None:
    due = datetime(2026, 11, 18, 14, 30, tzinfo=LONDON)
    assert against_due(due - timedelta(minutes=30), due) == "within time by 30 minutes"
    assert against_due(due + timedelta(hours=2), due) == "over time by 2 hours"
    assert against_due(due, due) == "exactly on time"
