"""Audit verbs of contacts, referral drafts and imports, with the plain words the audit pages
show."""

from __future__ import annotations

from openmash.core.audit import Verb


class ContactsVerb(Verb):
    CREATED = "contact.created"
    SUBJECT_RESOLVED = "contact.subject_resolved"
    DUPLICATE_CONFIRMED = "contact.duplicate_confirmed"
    DUPLICATE_REJECTED = "contact.duplicate_rejected"
    DRAFT_CREATED = "referral_draft.created"
    DRAFT_SAVED = "referral_draft.saved"
    DRAFT_DELETED = "referral_draft.deleted"
    IMPORT_UPLOADED = "import.uploaded"
    IMPORT_FINISHED = "import.finished"
    IMPORT_FAILED = "import.failed"


CONTACTS_VERB_LABELS = {
    ContactsVerb.CREATED: "Contact recorded",
    ContactsVerb.SUBJECT_RESOLVED: "Chose who a person on the contact is",
    ContactsVerb.DUPLICATE_CONFIRMED: "Confirmed as a duplicate",
    ContactsVerb.DUPLICATE_REJECTED: "Confirmed as not a duplicate",
    ContactsVerb.DRAFT_CREATED: "Started a referral",
    ContactsVerb.DRAFT_SAVED: "Saved a referral draft",
    ContactsVerb.DRAFT_DELETED: "Deleted a referral draft",
    ContactsVerb.IMPORT_UPLOADED: "Uploaded a file of notifications",
    ContactsVerb.IMPORT_FINISHED: "Imported a file of notifications",
    ContactsVerb.IMPORT_FAILED: "An import stopped on an error",
}
