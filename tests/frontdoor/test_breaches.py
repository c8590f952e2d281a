"""Breached timescales: found once, written to the chronology and audit log, each manager told
once per run, resolved when the work is done; the breach page and API."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact, ContactStatus
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.core.scheduler import periodic_jobs
from openmash.frontdoor.models import (
    Breach,
    BreachKind,
    ContactEvent,
    Decision,
    EventKind,
    InformationRequest,
    RequestStatus,
)
from openmash.frontdoor.services.breaches import _flag, _late, breaches_detect
from openmash.frontdoor.tasks import breaches_check
from tests.conftest import client_for
from tests.frontdoor.queue_helpers import hours, new_contact

pytestmark = pytest.mark.clock


def _late_rag(world, **fields):
    return new_contact(world, rag="red", rag_due_at=hours(-1), team=world.mash, **fields)


def test_a_late_rag_clock_is_flagged_once_and_the_manager_told_once(
    world, django_capture_on_commit_callbacks
):
    first, second = _late_rag(world), _late_rag(world)
    with django_capture_on_commit_callbacks(execute=True):
        run = breaches_detect()
    assert {(b.kind, b.contact_id) for b in run.created} == {
        (BreachKind.RAG, first.pk),
        (BreachKind.RAG, second.pk),
    }
    messages = OutboxMessage.objects.filter(to_email=world.manager.email)
    assert messages.count() == 1
    assert first.reference in messages.get().body
    assert second.reference in messages.get().body
    assert run.messages == 1
    assert not Breach.objects.filter(notified_at__isnull=True).exists()
    flagged = AuditEvent.objects.filter(verb="breach.flagged", target_id=str(first.pk))
    assert flagged.get().summary["kind"] == "rag"
    assert ContactEvent.objects.filter(contact=first, kind=EventKind.BREACH).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        again = breaches_detect()
    assert again.created == []
    assert messages.count() == 1
    assert Breach.objects.count() == 2


def test_a_paused_clock_is_not_breached(world):
    _late_rag(world, rag_paused_at=timezone.now() - timedelta(hours=2))
    assert breaches_detect().created == []


def test_a_new_due_time_after_a_re_rating_can_be_breached_again(world):
    contact = _late_rag(world)
    breaches_detect()
    Contact.objects.filter(pk=contact.pk).update(rag="amber", rag_due_at=hours(-0.5))
    run = breaches_detect()
    assert [b.kind for b in run.created] == [BreachKind.RAG]
    assert Breach.objects.filter(contact=contact, kind=BreachKind.RAG).count() == 2


def test_a_breach_another_run_just_made_is_skipped(world):
    contact = _late_rag(world)
    now = timezone.now()
    made = _flag(kind="rag", contact=contact, due_at=contact.rag_due_at, request=None, now=now)
    again = _flag(kind="rag", contact=contact, due_at=contact.rag_due_at, request=None, now=now)
    assert made is not None
    assert again is None
    assert AuditEvent.objects.filter(verb="breach.flagged").count() == 1


def test_the_one_working_day_decision_breach_resolves_when_authorised(world):
    contact = new_contact(world, decision_due_at=hours(-3))
    run = breaches_detect()
    assert [b.kind for b in run.created] == [BreachKind.DECISION]
    Contact.objects.filter(pk=contact.pk).update(status=ContactStatus.AUTHORISED)
    assert breaches_detect().resolved == 1
    breach = Breach.objects.get(contact=contact)
    assert breach.resolved_at is not None
    assert AuditEvent.objects.filter(verb="breach.resolved").get().summary["breaches"] == [
        breach.pk
    ]
    lines = list(
        contact.events.filter(kind="breach").order_by("pk").values_list("summary", flat=True)
    )
    assert lines[0].startswith("One-working-day decision breached: due ")
    assert lines[1].startswith("One-working-day decision resolved: done 3 hours")
    assert lines[1].endswith(" late")


def test_an_unanswered_request_is_breached_and_resolved_when_answered(world):
    contact = new_contact(world)
    request = InformationRequest.objects.create(
        contact=contact,
        agency=world.police,
        questions="Any history at the address?",
        shared_summary="Concern about a child",
        due_at=hours(-1),
        requested_by=world.social_worker,
    )
    run = breaches_detect()
    assert [(b.kind, b.information_request_id) for b in run.created] == [
        (BreachKind.REQUEST, request.pk)
    ]
    event = ContactEvent.objects.get(contact=contact, kind=EventKind.BREACH)
    assert "Test Police" in event.summary
    InformationRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ANSWERED)
    breaches_detect()
    assert Breach.objects.get(information_request=request).resolved_at is not None


def test_a_decision_waiting_too_long_for_authorisation_is_breached(world, settings):
    settings.AUTHORISATION_BREACH_HOURS = 4
    contact = new_contact(world, status=ContactStatus.DECISION_PROPOSED)
    Decision.objects.create(
        contact=contact,
        rationale="Needs an assessment",
        proposed_by=world.social_worker,
        proposed_at=timezone.now() - timedelta(days=5),
    )
    run = breaches_detect()
    assert BreachKind.AUTHORISATION in [b.kind for b in run.created]
    assert breaches_detect().created == []
    Decision.objects.filter(contact=contact).update(state="authorised")
    breaches_detect()
    breach = Breach.objects.get(contact=contact, kind=BreachKind.AUTHORISATION)
    assert breach.resolved_at is not None


def test_the_scheduler_runs_the_check_every_five_minutes(world):
    job = next(j for j in periodic_jobs() if j.name == "frontdoor_breaches")
    assert job.every == timedelta(minutes=5)
    _late_rag(world)
    assert breaches_check.call() == 1


def test_the_breach_page_lists_unresolved_first_and_filters(world):
    late = _late_rag(world)
    done = new_contact(world, decision_due_at=hours(-30))
    breaches_detect()
    Contact.objects.filter(pk=done.pk).update(status=ContactStatus.CLOSED)
    breaches_detect()
    client = client_for(world.auditor)
    page = client.get(reverse("frontdoor:breaches") + "?state=all").content.decode()
    assert page.index(late.reference) < page.index(done.reference)
    unresolved = client.get(reverse("frontdoor:breaches")).content.decode()
    assert late.reference in unresolved
    assert done.reference not in unresolved
    by_kind = client.get(reverse("frontdoor:breaches") + "?state=all&kind=decision")
    assert late.reference not in by_kind.content.decode()


def test_only_front_door_staff_and_auditors_see_breaches(world):
    url = reverse("frontdoor:breaches")
    for persona in ("contact_officer", "manager", "auditor"):
        assert client_for(world.personas()[persona]).get(url).status_code == 200
    for persona in ("referrer", "police_rep", "admin"):
        assert client_for(world.personas()[persona]).get(url).status_code == 403


def test_the_breach_api_lists_breaches_with_how_late(world):
    contact = _late_rag(world)
    breaches_detect()
    response = client_for(world.manager).get("/api/v1/breaches/?kind=rag")
    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["contact_reference"] == contact.reference
    assert item["late_seconds"] >= 3600
    assert client_for(world.referrer).get("/api/v1/breaches/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_flag_each_breach_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    late = [_late_rag(world) for _ in range(3)]
    barrier = threading.Barrier(2)
    made: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            made.append(len(breaches_detect().created))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(made) == len(late)
    assert Breach.objects.count() == len(late)
    assert AuditEvent.objects.filter(verb="breach.flagged").count() == len(late)


def test_lateness_reads_in_days_hours_and_minutes():
    assert _late(timedelta(minutes=25)) == "25 minutes"
    assert _late(timedelta(hours=3, minutes=5)) == "3 hours 5 minutes"
    assert _late(timedelta(hours=1)) == "1 hour"
    assert _late(timedelta(days=2, hours=4, minutes=59)) == "2 days 4 hours"
    assert _late(timedelta(seconds=20)) == "0 minutes"
