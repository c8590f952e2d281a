"""Who may see a contact.

- Front-door staff: every contact; a restricted one only if named on it or with break-glass access.
- A referrer: only the contacts they submitted, with the outcome fed back to them.
- Anyone else (an agency representative, an administrator without a front-door role): none.
  Agency representatives see only what an information request addressed to their agency shares.
- Import batches: staff who record contacts see every batch, like every contact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from openmash.contacts.models import Contact, ContactSubject, ImportBatch, ReferralDraft
from openmash.core.access import (
    RecordRestricted,
    record_read,
    record_refused,
    restriction_allows,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def contacts_visible_to(user: User | AnonymousUser) -> QuerySet[Contact]:
    if not user.is_authenticated:
        return Contact.objects.none()
    if user.has_capability("sees_front_door"):
        return Contact.objects.all()
    if user.has_capability("submits_contacts"):
        return Contact.objects.filter(submitted_by=user)
    return Contact.objects.none()


def contact_is_restricted_for(user: User, contact: Contact) -> bool:
    if contact.submitted_by_id == user.pk:
        return False
    if not restriction_allows(user, contact):
        return True
    return any(not restriction_allows(user, person) for person in contact.subjects.all())


def contact_get_for_user(user: User, contact_id: int) -> Contact:
    """The access gate for a contact: returns it and logs the read, or raises."""
    contact = (
        contacts_visible_to(user)
        .select_related("source_agency", "submitted_by")
        .prefetch_related("subjects")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        record_refused(user, Contact, contact_id, why="not visible")
        raise Http404("No such contact")
    if contact_is_restricted_for(user, contact):
        record_refused(user, Contact, contact_id, why="restricted")
        raise RecordRestricted(contact)
    record_read(user, contact)
    return contact


def can_record_contacts(user: User | AnonymousUser) -> bool:
    """Staff intake, matching subjects and confirming duplicates."""
    return bool(user.is_authenticated and user.has_capability("records_contacts"))


def can_submit_contacts(user: User | AnonymousUser) -> bool:
    """The referral form: partner practitioners."""
    return bool(user.is_authenticated and user.has_capability("submits_contacts"))


def referral_draft_get_for_user(user: User, draft_id: int) -> ReferralDraft:
    """A draft is its author's alone: anyone else (front-door staff included) gets the same 404
    as for a missing draft, and the refusal is logged."""
    draft = ReferralDraft.objects.filter(pk=draft_id, owner_id=user.pk).first()
    if draft is None or not can_submit_contacts(user):
        record_refused(user, ReferralDraft, draft_id, why="not visible")
        raise Http404("No such draft")
    return draft


def contact_subject_get_for_change(user: User, contact: Contact, subject_id: int) -> ContactSubject:
    """A subject of a contact the user has already passed the gate for, to match it."""
    if not can_record_contacts(user):
        raise PermissionDenied
    subject = contact.contact_subjects.filter(pk=subject_id).first()
    if subject is None:
        raise Http404("No such subject")
    return subject


def import_batches_visible_to(user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    """Imports are for staff who record contacts: they see every batch, like every contact."""
    if not user.is_authenticated or not user.has_capability("records_contacts"):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("uploaded_by")


def import_batch_get_for_user(user: User, batch_id: int) -> ImportBatch:
    batch = import_batches_visible_to(user).filter(pk=batch_id).first()
    if batch is None:
        record_refused(user, ImportBatch, batch_id, why="not visible")
        raise Http404("No such import")
    return batch
