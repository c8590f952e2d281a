from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openmash.contacts.models import Contact
from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
from openmash.core.audit import AuditVerb, audit_record


def contact_list(*, user: Any, reference: str = "") -> QuerySet[Contact]:
    contacts = (
        contacts_visible_to(user).select_related("source_agency").prefetch_related("subjects")
    )
    if reference:
        contacts = contacts.filter(reference__iexact=reference.strip())
    return contacts.order_by("-received_at", "-pk")


def contact_list_logged(*, user: Any, contacts: list[Contact]) -> None:
    """Listing shows names: record which contacts were shown, in one row, and mask the
    restricted ones this user may not see in detail."""
    for contact in contacts:
        contact.masked = contact_is_restricted_for(user, contact)
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="contact",
        summary={"ids": [c.pk for c in contacts], "count": len(contacts)},
        durable=False,
    )
