"""The journey of a contact (DOMAIN §3): one service per transition, each audited and written to
the contact's chronology, with concurrent edits refused rather than lost."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from openmash.contacts.models import Contact, ContactStatus
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError, ConflictError
from openmash.frontdoor.models import ContactEvent, EventKind
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

# What each transition is called in a refusal ("This contact is closed, so it cannot be ...").
TRANSITION_WORDS = {
    "start_screening": "screened",
    "gather_information": "moved to information gathering",
    "propose_decision": "given a proposed decision",
    "return_decision": "returned for more work",
    "authorise": "authorised",
    "close": "closed",
    "close_as_duplicate": "closed as a duplicate",
}


def contact_lock(contact: Contact, *, expected_version: int | None = None) -> Contact:
    """Re-read the contact under a row lock (inside the caller's transaction) and refuse the change
    if someone else changed it since the caller read `expected_version`: no lost updates."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "Someone else changed this contact while you were working on it. "
            "Reload the page to see their change, then make yours again."
        )
    return locked


def contact_touch(contact: Contact, *fields: str) -> None:
    """Save the named fields and bump the version, so stale forms are refused."""
    contact.version += 1
    contact.save(update_fields=[*fields, "version"])


def contact_event(
    contact: Contact,
    *,
    actor: User | None,
    kind: str,
    summary: str,
    detail: str = "",
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
) -> ContactEvent:
    """Add a line to the contact's chronology."""
    return ContactEvent.objects.create(
        contact=contact,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        summary=summary[:300],
        detail=detail,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def contact_move(contact: Contact, *, transition: str, actor: User, detail: str = "") -> Contact:
    """Apply one lifecycle transition to a locked contact, with a plain refusal when the contact's
    stage does not allow it. Saves status (and version) and writes the chronology and audit rows."""
    method = getattr(contact, transition)
    before = contact.status
    if not can_proceed(method):
        stage = ContactStatus(before).label.lower()
        raise ApplicationError(
            f"This contact is at the stage “{stage}”, so it cannot be "
            f"{TRANSITION_WORDS[transition]}."
        )
    try:
        method()
    except TransitionNotAllowed as error:  # a condition failed after can_proceed
        raise ApplicationError(str(error)) from error
    now = timezone.now()
    contact.status_changed_at = now
    if contact.status == ContactStatus.CLOSED:
        contact.closed_at = now
    contact_touch(contact, "status", "status_changed_at", "closed_at")
    after_label = ContactStatus(contact.status).label
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.STATUS,
        summary=f"Moved to {after_label.lower()}",
        detail=detail,
        from_status=before,
        to_status=contact.status,
        at=now,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.STAGE_CHANGED,
        target=contact,
        summary={"from": before, "to": contact.status, "transition": transition},
    )
    return contact


@transaction.atomic
def contact_start_screening(
    *, contact: Contact, actor: User, expected_version: int | None = None
) -> Contact:
    """A worker starts screening: the contact leaves 'received' and, if nobody has it, is theirs."""
    contact = contact_lock(contact, expected_version=expected_version)
    return start_screening_locked(contact, actor=actor)


def start_screening_locked(contact: Contact, *, actor: User) -> Contact:
    """Move a locked contact into screening and, if nobody has it, give it to the worker."""
    contact_move(contact, transition="start_screening", actor=actor)
    if contact.allocated_to_id is None:
        _allocate(contact, to=actor, actor=actor, reason="Took it to screen")
    return contact


@transaction.atomic
def contact_allocate(
    *,
    contact: Contact,
    actor: User,
    to: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Contact:
    """Take (to=actor), assign or reassign an open contact to a front-door worker."""
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.is_open:
        raise ApplicationError("Only an open contact can be allocated.")
    if not (to.is_active and to.has_capability("records_contacts")):
        raise ApplicationError(f"{to.full_name} cannot work on contacts.", field="allocated_to")
    manager = actor.has_capability("authorises_decisions")
    if to.pk != actor.pk and not manager:
        raise ApplicationError(
            "Only a team manager can assign a contact to someone else; you can take it yourself."
        )
    if contact.allocated_to_id not in (None, actor.pk) and not manager:
        # Taking a colleague's contact is a reassignment, which is a manager's call.
        holder = contact.allocated_to
        assert holder is not None  # allocated_to_id is set
        raise ApplicationError(
            f"This contact is allocated to {holder.full_name}. Ask a team manager to reassign it."
        )
    if contact.allocated_to_id == to.pk:
        raise ApplicationError(f"This contact is already allocated to {to.full_name}.")
    _allocate(contact, to=to, actor=actor, reason=reason)
    return contact


def _allocate(contact: Contact, *, to: User, actor: User, reason: str) -> None:
    previous = contact.allocated_to
    contact.allocated_to = to
    contact.allocated_at = timezone.now()
    if contact.team_id is None:
        contact.team = to.teams.filter(is_active=True).order_by("pk").first()
    contact_touch(contact, "allocated_to", "allocated_at", "team")
    if previous is None:
        words = "Taken by" if to.pk == actor.pk else "Assigned to"
    else:
        words = f"Reassigned from {previous.full_name} to"
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.ALLOCATION,
        summary=f"{words} {to.full_name}",
        detail=reason,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.ALLOCATED,
        target=contact,
        summary={"to": to.pk, "from": previous.pk if previous else None, "reason": reason},
    )


@transaction.atomic
def contact_close(
    *, contact: Contact, actor: User, note: str = "", expected_version: int | None = None
) -> Contact:
    """An authorised contact is closed or handed on to the team the decision named."""
    contact = contact_lock(contact, expected_version=expected_version)
    contact_move(contact, transition="close", actor=actor, detail=note)
    audit_record(actor=actor, verb=FrontdoorVerb.CLOSED, target=contact, summary={"note": note})
    return contact


def contact_close_duplicate(*, contact: Contact, actor: User) -> Contact:
    """A confirmed duplicate is screened once, on the contact it duplicates: it leaves the queue
    (closed as a duplicate, its referrer told it joined that work) unless work on it has already
    reached a decision. What it adds stays on the first contact as an alert to its worker
    (`services.second_reports`). Called inside the duplicate confirmation's transaction, with
    the contact locked."""
    from openmash.frontdoor.services.second_reports import joined_feedback_send

    original = contact.duplicate_of
    note = f"Same incident as {original.reference}" if original else "Same incident"
    if can_proceed(contact.close_as_duplicate):
        contact_move(contact, transition="close_as_duplicate", actor=actor, detail=note)
        joined_feedback_send(contact=contact, actor=actor)
    else:
        contact_event(contact, actor=actor, kind=EventKind.STATUS, summary=note)
    if original is not None:
        contact_event(
            original,
            actor=actor,
            kind=EventKind.DUPLICATE,
            summary=f"{contact.reference} confirmed as a report of the same incident",
        )
    return contact
