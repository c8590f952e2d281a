"""Other apps' timescales on the front door's breach job (`frontdoor.registry.breach_clocks`):
flagged once per due time, the team's managers told without a name in the email, resolved when
the record is no longer overdue, and shown on the breach page, the API and the manager's page
only to those the clock's own scope lets see the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import ContactSubject
from openmash.contacts.permissions import contacts_visible_to
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import Breach, Decision, Referral
from openmash.frontdoor.registry import BreachClock, Overdue, breach_clocks
from openmash.frontdoor.services.breaches import breaches_detect
from tests.conftest import client_for

pytestmark = pytest.mark.clock

KIND = "test.referral_unallocated"


def _overdue(now):
    # A referral still without a worker a day after it was made (a stand-in for an app's clock).
    for referral in Referral.objects.filter(worker__isnull=True):
        due = referral.created_at + timedelta(days=1)
        if due < now:
            yield Overdue(target=referral, due_at=due, team_id=referral.team_id)


CLOCK = BreachClock(
    label="Referral not allocated",
    model=Referral,
    overdue=_overdue,
    visible_to=lambda user: Referral.objects.filter(contact__in=contacts_visible_to(user)),
    describe=lambda referral: (
        f"Referral {referral.pk}",
        reverse("contacts:detail", args=[referral.contact_id]),
    ),
)


@pytest.fixture
def clock_registered(monkeypatch):
    monkeypatch.setitem(breach_clocks._entries, KIND, CLOCK)


@pytest.fixture
def referral(world, contact):
    decision = Decision.objects.create(
        contact=contact, rationale="Needs an assessment", proposed_by=world.social_worker
    )
    subject = ContactSubject.objects.get(contact=contact)
    assert subject.person_id is not None  # the contact fixture names a known child
    return Referral.objects.create(
        contact=contact,
        subject=subject,
        person_id=subject.person_id,
        decision=decision,
        referral_date=timezone.localdate(),
        referral_source="2A",
        route="assessment",
        team=world.mash,
        created_at=timezone.now() - timedelta(days=2),
    )


def test_a_registered_clock_is_flagged_once_and_its_team_manager_told_without_names(
    world, referral, clock_registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = breaches_detect()
    breach = Breach.objects.get(kind=KIND)
    assert run.created == [breach]
    assert breach.contact_id is None
    assert (breach.target_type, breach.target_id) == ("frontdoor.referral", referral.pk)
    assert breach.team_id == world.mash.pk
    assert breach.due_at == referral.created_at + timedelta(days=1)
    assert breach.kind_label == "Referral not allocated"
    flagged = AuditEvent.objects.get(verb="breach.flagged", target_type="referral")
    assert flagged.target_id == str(referral.pk)
    assert flagged.summary["kind"] == KIND
    email = OutboxMessage.objects.get(to_email=world.manager.email)
    assert "Referral not allocated" in email.body
    assert reverse("contacts:detail", args=[referral.contact_id]) in email.body
    assert referral.person.family_name not in email.body

    with django_capture_on_commit_callbacks(execute=True):
        again = breaches_detect()
    assert again.created == []
    assert Breach.objects.filter(kind=KIND).count() == 1
    assert OutboxMessage.objects.filter(to_email=world.manager.email).count() == 1


def test_a_registered_clock_s_breach_is_resolved_when_the_record_is_no_longer_overdue(
    world, referral, clock_registered
):
    breaches_detect()
    Referral.objects.filter(pk=referral.pk).update(worker=world.social_worker)
    later = timezone.now() + timedelta(hours=1)
    run = breaches_detect(now=later)
    assert run.resolved == 1
    assert Breach.objects.get(kind=KIND).resolved_at == later
    assert AuditEvent.objects.filter(verb="breach.resolved", summary__kind=KIND).count() == 1


def test_the_breach_page_api_and_manager_page_show_it_to_staff_and_not_to_a_referrer(
    world, referral, clock_registered
):
    breaches_detect()
    breach = Breach.objects.get(kind=KIND)
    page = client_for(world.manager).get(reverse("frontdoor:breaches"), {"kind": KIND})
    assert page.status_code == 200
    assert f"Referral {referral.pk}" in page.text
    assert "Referral not allocated" in page.text
    home = client_for(world.manager).get(reverse("home"))
    assert f"Referral {referral.pk}" in home.text
    listed = AuditEvent.objects.filter(verb="record.listed", target_type="frontdoor.referral")
    assert listed.count() == 2
    assert all(e.summary["ids"] == [referral.pk] for e in listed)

    api = client_for(world.manager).get("/api/v1/breaches/", {"kind": KIND})
    assert api.status_code == 200
    [item] = api.json()["results"]
    assert item["id"] == breach.pk
    assert item["contact_id"] is None
    assert (item["record_type"], item["record_id"]) == ("frontdoor.referral", referral.pk)
    assert item["timescale"] == "Referral not allocated"
    assert item["team"] == world.mash.pk

    # The outsider's school did not send the contact: the clock's scope hides the record.
    assert not Breach.objects.filter(
        pk=breach.pk, **{"target_id__in": CLOCK.visible_to(world.outsider).values("pk")}
    ).exists()
    outsider = client_for(world.outsider).get("/api/v1/breaches/")
    assert outsider.status_code == 403
