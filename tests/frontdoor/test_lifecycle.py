"""The journey of a contact: every transition allowed, refused and audited; no lost updates."""

from __future__ import annotations

import pytest

from openmash.contacts.models import ContactStatus
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import ContactEvent, EventKind
from openmash.frontdoor.services.lifecycle import (
    contact_allocate,
    contact_close,
    contact_start_screening,
)
from openmash.frontdoor.services.rag import contact_screen

pytestmark = pytest.mark.clock


def test_worker_starts_screening_and_takes_the_contact(world, contact):
    contact = contact_start_screening(contact=contact, actor=world.social_worker)
    assert contact.status == ContactStatus.SCREENING
    assert contact.allocated_to == world.social_worker
    assert contact.team == world.mash
    verbs = list(
        AuditEvent.objects.filter(target_id=str(contact.pk)).values_list("verb", flat=True)
    )
    assert "contact.stage_changed" in verbs
    assert "contact.allocated" in verbs
    kinds = set(contact.events.values_list("kind", flat=True))
    assert {EventKind.STATUS, EventKind.ALLOCATION} <= kinds


def test_screening_twice_is_refused_with_the_stage_named(world, contact):
    contact_start_screening(contact=contact, actor=world.social_worker)
    with pytest.raises(
        ApplicationError, match="at the stage “screening”, so it cannot be screened"
    ):
        contact_start_screening(contact=contact, actor=world.social_worker)
    assert ContactEvent.objects.filter(contact=contact, kind=EventKind.STATUS).count() == 1


def test_closing_an_unauthorised_contact_is_refused(world, contact):
    with pytest.raises(ApplicationError, match="cannot be closed"):
        contact_close(contact=contact, actor=world.manager)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED


def test_a_stale_version_is_refused_and_nothing_is_lost(world, contact):
    seen = contact.version
    contact_screen(contact=contact, actor=world.contact_officer, rag="amber", expected_version=seen)
    with pytest.raises(ConflictError, match="Someone else changed this contact"):
        contact_screen(contact=contact, actor=world.social_worker, rag="red", expected_version=seen)
    contact.refresh_from_db()
    assert contact.rag == "amber"
    assert contact.allocated_to == world.contact_officer


def test_only_a_manager_assigns_to_someone_else(world, contact):
    with pytest.raises(ApplicationError, match="Only a team manager"):
        contact_allocate(contact=contact, actor=world.contact_officer, to=world.social_worker)
    contact = contact_allocate(
        contact=contact, actor=world.manager, to=world.social_worker, reason="Knows the family"
    )
    assert contact.allocated_to == world.social_worker
    event = contact.events.get(kind=EventKind.ALLOCATION)
    assert event.summary == f"Assigned to {world.social_worker.full_name}"
    assert event.detail == "Knows the family"


def test_a_referrer_cannot_be_allocated_a_contact(world, contact):
    with pytest.raises(ApplicationError, match="cannot work on contacts"):
        contact_allocate(contact=contact, actor=world.manager, to=world.referrer)


# Every stage x every transition: allowed exactly where the journey allows it, audited when it
# happens, refused with the stage named (and nothing written) when it does not.
ALLOWED = {
    "start_screening": {"received"},
    "gather_information": {"screening"},
    "propose_decision": {"screening", "information_gathering"},
    "return_decision": {"decision_proposed"},
    "authorise": {"decision_proposed"},
    "close": {"authorised"},
    "close_as_duplicate": {"received", "screening", "information_gathering"},
}
TARGET = {
    "start_screening": "screening",
    "gather_information": "information_gathering",
    "propose_decision": "decision_proposed",
    "return_decision": "information_gathering",
    "authorise": "authorised",
    "close": "closed",
    "close_as_duplicate": "closed",
}


@pytest.mark.parametrize("transition", sorted(ALLOWED))
@pytest.mark.parametrize("stage", [s.value for s in ContactStatus])
def test_every_transition_from_every_stage(world, contact, stage, transition):
    from django.db import transaction

    from openmash.frontdoor.services.lifecycle import contact_lock, contact_move

    type(contact).objects.filter(pk=contact.pk).update(status=stage)
    rows_before = AuditEvent.objects.filter(verb="contact.stage_changed").count()
    with transaction.atomic():
        locked = contact_lock(contact)
        if stage in ALLOWED[transition]:
            contact_move(locked, transition=transition, actor=world.social_worker)
        else:
            with pytest.raises(ApplicationError, match="so it cannot be"):
                contact_move(locked, transition=transition, actor=world.social_worker)
    contact.refresh_from_db()
    rows = AuditEvent.objects.filter(verb="contact.stage_changed")
    if stage in ALLOWED[transition]:
        assert contact.status == TARGET[transition]
        assert rows.count() == rows_before + 1
        assert rows.latest("pk").summary == {
            "from": stage,
            "to": TARGET[transition],
            "transition": transition,
        }
        assert contact.events.filter(from_status=stage, to_status=TARGET[transition]).exists()
        assert (contact.closed_at is not None) == (TARGET[transition] == "closed")
    else:
        assert contact.status == stage
        assert rows.count() == rows_before
        assert not contact.events.exists()
