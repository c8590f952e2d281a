"""Consent rules: what is required for each answer, who may authorise going ahead without consent,
and the manager's sign-off of a refusal accepted on a red or level 4 contact."""

from __future__ import annotations

import pytest

from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.models import AuditEvent, OutboxMessage
from openmash.frontdoor.models import ConsentRecord, EventKind
from openmash.frontdoor.services.consent import (
    consent_awaiting_sign_off,
    consent_latest,
    consent_record,
    consent_sign_off,
)
from openmash.frontdoor.services.rag import contact_screen

pytestmark = pytest.mark.clock


def _audit(contact, verb):
    return AuditEvent.objects.filter(verb=verb, target_id=str(contact.pk)).order_by("pk")


def _refuse(world, contact, **extra):
    return consent_record(
        contact=contact,
        actor=extra.pop("actor", world.social_worker),
        family_told="yes",
        consent="refused",
        reason="Mother said she will not have social workers in her home.",
        refusal_accepted=extra.pop("refusal_accepted", True),
        **extra,
    )


def test_consent_given_is_the_current_record_adds_a_chronology_line_and_is_audited(world, contact):
    record = consent_record(
        contact=contact, actor=world.contact_officer, family_told="yes", consent="given"
    )
    contact.refresh_from_db()
    assert consent_latest(contact) == record
    # What the referrer told us (here: nothing) is not rewritten.
    assert (contact.family_told, contact.consent, contact.consent_reason) == ("", "", "")
    assert record.refusal_accepted is None
    assert record.authorised_by is None
    assert not record.needs_sign_off
    event = contact.events.get(kind=EventKind.CONSENT)
    assert event.summary == "Consent given (family told: yes)"
    row = _audit(contact, "consent.recorded").get()
    assert row.actor == world.contact_officer
    assert row.summary["consent_record"] == record.pk
    assert row.summary["consent"] == "given"


def test_a_refusal_needs_what_the_family_said(world, contact):
    with pytest.raises(ApplicationError, match="Enter what the family said and why they refused"):
        consent_record(
            contact=contact,
            actor=world.social_worker,
            family_told="yes",
            consent="refused",
            refusal_accepted=True,
        )
    assert not ConsentRecord.objects.exists()
    assert not _audit(contact, "consent.recorded").exists()


def test_a_refusal_needs_to_say_whether_it_is_accepted(world, contact):
    with pytest.raises(ApplicationError) as error:
        _refuse(world, contact, refusal_accepted=None)
    assert error.value.field == "refusal_accepted"


def test_going_ahead_without_consent_needs_a_manager(world, contact):
    with pytest.raises(ApplicationError, match="Select the manager who authorised going ahead"):
        _refuse(world, contact, refusal_accepted=False)
    with pytest.raises(ApplicationError, match="Select the manager"):
        _refuse(world, contact, refusal_accepted=False, authorised_by=world.social_worker)
    record = _refuse(world, contact, refusal_accepted=False, authorised_by=world.manager)
    assert record.authorised_by == world.manager
    assert record.awaiting_sign_off  # the named manager's confirmation (issue 12 finding 3)
    assert "going ahead without consent, authorised by" in contact.events.get().summary
    assert _audit(contact, "consent.recorded").get().summary["authorised_by"] == world.manager.pk


def test_not_seeking_consent_needs_a_reason_and_a_manager(world, contact):
    with pytest.raises(ApplicationError, match="Enter why consent was not sought"):
        consent_record(
            contact=contact,
            actor=world.social_worker,
            family_told="no",
            consent="not_sought",
            authorised_by=world.manager,
        )
    with pytest.raises(ApplicationError, match="authorised not seeking consent"):
        consent_record(
            contact=contact,
            actor=world.social_worker,
            family_told="no",
            consent="not_sought",
            reason="Asking would alert the alleged abuser.",
        )
    record = consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="no",
        consent="not_sought",
        reason="Asking would alert the alleged abuser.",
        authorised_by=world.manager,
    )
    assert record.authorised_by == world.manager
    assert consent_latest(contact) == record
    assert record.reason == "Asking would alert the alleged abuser."


def test_unknown_answers_are_refused(world, contact):
    with pytest.raises(ApplicationError, match="Select whether the family have been told"):
        consent_record(contact=contact, actor=world.social_worker, family_told="", consent="given")
    with pytest.raises(ApplicationError, match="given, refused or not sought"):
        consent_record(
            contact=contact, actor=world.social_worker, family_told="yes", consent="maybe"
        )


def test_accepting_a_refusal_on_an_amber_contact_needs_no_sign_off(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="amber")
    record = _refuse(world, contact)
    assert not record.needs_sign_off
    assert consent_awaiting_sign_off(contact) is None


def test_accepting_a_refusal_on_a_red_contact_needs_a_managers_sign_off(
    world, contact, django_capture_on_commit_callbacks
):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    with django_capture_on_commit_callbacks(execute=True):
        record = _refuse(world, contact)
    assert record.needs_sign_off
    assert record.awaiting_sign_off
    contact.refresh_from_db()
    assert consent_awaiting_sign_off(contact) == record
    assert _audit(contact, "consent.recorded").get().summary["needs_sign_off"] is True
    told = OutboxMessage.objects.filter(subject__startswith="Refusal of consent accepted")
    assert [m.to_email for m in told] == [world.manager.email]


def test_a_refusal_accepted_before_the_contact_reached_level_4_then_awaits_sign_off(world, contact):
    record = _refuse(world, contact)
    assert not record.needs_sign_off
    contact.threshold_level = 4  # as threshold_assess would set it
    contact.save(update_fields=["threshold_level"])
    assert consent_awaiting_sign_off(contact) == record
    signed = consent_sign_off(record=record, actor=world.manager, note="Mother engages with GP.")
    assert signed.needs_sign_off
    assert signed.signed_off_by == world.manager
    contact.refresh_from_db()
    assert consent_awaiting_sign_off(contact) is None


def test_a_manager_signs_off_and_it_is_audited_and_in_the_chronology(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    record = _refuse(world, contact)
    version = contact.__class__.objects.get(pk=contact.pk).version
    consent_sign_off(
        record=record,
        actor=world.manager,
        note="Police are visiting today; the refusal does not stop that.",
        expected_version=version,
    )
    record.refresh_from_db()
    assert record.signed_off_at is not None
    assert record.sign_off_note.startswith("Police are visiting")
    contact.refresh_from_db()
    assert contact.version == version + 1
    assert consent_awaiting_sign_off(contact) is None
    row = _audit(contact, "consent.signed_off").get()
    assert row.actor == world.manager
    assert row.summary["consent_record"] == record.pk
    assert contact.events.filter(summary__startswith="Accepted refusal of consent signed off")


def test_a_worker_cannot_sign_off(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    record = _refuse(world, contact, actor=world.contact_officer)
    with pytest.raises(ApplicationError, match="Only a team manager"):
        consent_sign_off(record=record, actor=world.social_worker, note="Fine")
    assert not _audit(contact, "consent.signed_off").exists()


def test_a_manager_cannot_sign_off_a_refusal_they_recorded(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    record = _refuse(world, contact, actor=world.manager)
    with pytest.raises(ApplicationError, match="they recorded themselves"):
        consent_sign_off(record=record, actor=world.manager, note="Fine")
    record.refresh_from_db()
    assert record.awaiting_sign_off


def test_sign_off_needs_a_note_and_happens_once(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    record = _refuse(world, contact)
    with pytest.raises(ApplicationError, match="Enter why the refusal can be accepted"):
        consent_sign_off(record=record, actor=world.manager, note=" ")
    consent_sign_off(record=record, actor=world.manager, note="Agreed")
    with pytest.raises(ApplicationError, match="already been signed off"):
        consent_sign_off(record=record, actor=world.manager, note="Again")
    assert _audit(contact, "consent.signed_off").count() == 1


def test_an_older_record_is_history_and_cannot_be_signed_off(world, contact):
    contact_screen(contact=contact, actor=world.social_worker, rag="red")
    old = _refuse(world, contact)
    consent_record(contact=contact, actor=world.social_worker, family_told="yes", consent="given")
    assert contact.consent_records.count() == 2
    assert consent_awaiting_sign_off(contact) is None
    with pytest.raises(ApplicationError, match="newer consent record"):
        consent_sign_off(record=old, actor=world.manager, note="Agreed")


def test_a_refusal_that_needs_no_sign_off_cannot_be_signed_off(world, contact):
    record = _refuse(world, contact)
    with pytest.raises(ApplicationError, match="does not need a manager's sign-off"):
        consent_sign_off(record=record, actor=world.manager, note="Agreed")


def test_a_stale_version_is_refused(world, contact):
    seen = contact.version
    consent_record(contact=contact, actor=world.social_worker, family_told="yes", consent="given")
    with pytest.raises(ConflictError):
        consent_record(
            contact=contact,
            actor=world.contact_officer,
            family_told="no",
            consent="given",
            expected_version=seen,
        )
    assert contact.consent_records.count() == 1
