"""The same incident reported twice (ViST and CARA, or two agencies): flag it, screen it once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError


def duplicate_flag(contact: Contact, person_ids: list[int]) -> Contact | None:
    """The earliest other contact about the same person(s) within the window, if any.

    Same incident means: at least one subject in common, received within DUPLICATE_WINDOW_HOURS,
    and, where both give an incident date, the same incident date.
    """
    if not person_ids:
        return None
    window = timedelta(hours=settings.DUPLICATE_WINDOW_HOURS)
    others = (
        Contact.objects.filter(
            contact_subjects__person_id__in=person_ids,
            received_at__gte=contact.received_at - window,
            received_at__lte=contact.received_at + window,
        )
        .exclude(pk=contact.pk)
        .exclude(duplicate_status="rejected")
        .order_by("received_at", "pk")
        .distinct()
    )
    rejected = duplicate_rejected_ids(contact)
    for other in others[:20]:
        if other.pk in rejected:
            continue
        if (
            contact.incident_date
            and other.incident_date
            and contact.incident_date != other.incident_date
        ):
            continue
        # Point at the original, not at another duplicate of it.
        return other.duplicate_of or other
    return None


def _suspected(contact: Contact) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.duplicate_of_id is None or contact.duplicate_status != "suspected":
        raise ApplicationError("This contact is not waiting for a duplicate check.")
    return contact


@transaction.atomic
def contact_duplicate_confirm(*, actor: Any, contact: Contact) -> Contact:
    """A worker agrees the contact reports the same incident as the one it was linked to."""
    contact = _suspected(contact)
    contact.duplicate_status = "confirmed"
    contact.save(update_fields=["duplicate_status"])
    audit_record(
        actor=actor,
        verb="contact.duplicate_confirmed",
        target=contact,
        summary={"duplicate_of": contact.duplicate_of_id},
    )
    return contact


@transaction.atomic
def contact_duplicate_reject(*, actor: Any, contact: Contact) -> Contact:
    """Not the same incident. The link stays, marked rejected, so the pair is not offered again."""
    contact = _suspected(contact)
    contact.duplicate_status = "rejected"
    contact.save(update_fields=["duplicate_status"])
    audit_record(
        actor=actor,
        verb="contact.duplicate_rejected",
        target=contact,
        summary={"not_duplicate_of": contact.duplicate_of_id},
    )
    return contact


def duplicate_rejected_ids(contact: Contact) -> set[int]:
    """Contacts a worker has said are not the same incident as this one (in either direction)."""
    if contact.pk is None:
        return set()
    pointed = Contact.objects.filter(duplicate_of=contact, duplicate_status="rejected")
    ids = set(pointed.values_list("pk", flat=True))
    if contact.duplicate_status == "rejected" and contact.duplicate_of_id:
        ids.add(contact.duplicate_of_id)
    return ids
