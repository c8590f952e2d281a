"""A manager's view (issue 13 item 9): the home page lists what waits for this manager first:
decisions to authorise (never their own), consent they must confirm or sign off, immediate risk
not yet decided, breaches in their teams, and authorised contacts still to close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import Breach
from openmash.frontdoor.selectors.manager import manager_work
from openmash.frontdoor.services.consent import consent_record
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from tests.conftest import World, client_for, make_user

pytestmark = pytest.mark.clock


def _contact(world: World, name: str, **changes: Any) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Police called to the address overnight.",
            subjects=[SubjectInput(details=SubjectDetails(given_name=name, family_name="Marsh"))],
            **changes,
        ),
    )


def _proposed(world: World, contact: Contact, actor: Any) -> Any:
    contact = contact_screen(contact=contact, actor=world.contact_officer, rag="amber")
    return decision_propose(
        contact=contact,
        actor=actor,
        outcomes=[OutcomeInput(contact.contact_subjects.get().pk, "assessment")],
        rationale="Needs an assessment.",
        team=world.assessment,
    )


def test_the_managers_morning_lists_what_waits_for_them(world: World) -> None:
    other_manager = make_user("manager2@council.test", world.la, "team_manager")
    theirs = _proposed(world, _contact(world, "Ava"), world.social_worker)
    own = _proposed(world, _contact(world, "Ben"), world.manager)
    urgent = _contact(world, "Mia", immediate_risk=True, immediate_risk_details="Threats tonight.")
    late = _contact(world, "Leo")
    breach = Breach.objects.create(
        kind="rag", contact=late, due_at=timezone.now() - timedelta(hours=2)
    )
    named = contact_screen(contact=_contact(world, "Zoe"), actor=world.social_worker, rag="amber")
    mine = consent_record(
        contact=named,
        actor=world.social_worker,
        family_told="no",
        consent="not_sought",
        reason="Would alert the alleged abuser.",
        authorised_by=world.manager,
    )
    not_mine = contact_screen(
        contact=_contact(world, "Kit"), actor=world.social_worker, rag="amber"
    )
    consent_record(
        contact=not_mine,
        actor=world.social_worker,
        family_told="no",
        consent="not_sought",
        reason="Police investigation.",
        authorised_by=other_manager,
    )
    done = _proposed(world, _contact(world, "Ada"), world.social_worker)
    decision_authorise(decision=done, actor=other_manager)

    work = manager_work(world.manager)
    assert [d.pk for d in work.to_authorise] == [theirs.pk]  # never their own
    assert [r.pk for r in work.consent] == [mine.pk]  # the named manager confirms
    assert [c.pk for c in work.immediate_risk] == [urgent.pk]
    assert [b.pk for b in work.breaches] == [breach.pk]
    assert [(d.pk, d.team) for d in work.to_close] == [(done.pk, world.assessment)]
    assert [d.pk for d in manager_work(other_manager).to_authorise] == [theirs.pk, own.pk]

    page = client_for(world.manager).get("/").text
    assert "Waiting for you" in page
    assert "1 decision to authorise" in page
    assert "Going ahead without consent on your authority: confirm it" in page
    assert urgent.reference in page
    assert late.reference in page
    assert "Assessment team 1" in page
    queue = client_for(world.manager).get("/mash/queue/").text
    assert "1 decision to authorise, 1 consent record to confirm or sign off" in queue
    listed = AuditEvent.objects.filter(
        verb="record.listed", actor=world.manager, summary__page__isnull=True
    ).latest("pk")
    assert set(listed.summary["ids"]) == {
        theirs.contact_id,
        named.pk,
        urgent.pk,
        late.pk,
        done.contact_id,
    }


def test_others_see_no_managers_section_and_a_quiet_morning_says_so(world: World) -> None:
    assert "Waiting for you" not in client_for(world.social_worker).get("/").text
    assert "Waiting for you" not in client_for(world.referrer).get("/").text
    page = client_for(world.manager).get("/").text
    assert "Nothing is waiting for you" in page
