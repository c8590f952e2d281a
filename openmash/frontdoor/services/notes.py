"""Management oversight (DOMAIN §7): case direction by managers, and workers' case notes, shown on
the contact and in its chronology."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import CaseNote, EventKind, NoteKind
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_touch
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


@transaction.atomic
def case_note_add(
    *, contact: Contact, actor: User, kind: str, text: str, expected_version: int | None = None
) -> CaseNote:
    if kind not in NoteKind.values:
        raise ApplicationError("Select case direction or case note", field="kind")
    if not text.strip():
        raise ApplicationError("Enter the note", field="text")
    if kind == NoteKind.DIRECTION and not actor.has_capability("authorises_decisions"):
        raise ApplicationError("Only a team manager can give case direction.", field="kind")
    contact = contact_lock(contact, expected_version=expected_version)
    note = CaseNote.objects.create(contact=contact, kind=kind, text=text.strip(), author=actor)
    contact_touch(contact)
    label = NoteKind(kind).label
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DIRECTION if kind == NoteKind.DIRECTION else EventKind.NOTE,
        summary=f"{label} by {actor.full_name}",
        detail=note.text,
        at=note.created_at,
    )
    audit_record(actor=actor, verb=FrontdoorVerb.NOTE_ADDED, target=contact, summary={"kind": kind})
    return note
