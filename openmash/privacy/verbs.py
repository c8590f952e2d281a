"""Audit verbs of subject access and retention, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class PrivacyVerb(Verb):
    REQUEST_LOGGED = "privacy.request_logged"
    REQUEST_EXTENDED = "privacy.request_extended"
    REQUEST_IDENTITY_VERIFIED = "privacy.request_identity_verified"
    HOLDINGS_VIEWED = "privacy.holdings_viewed"
    REDACTION_ADDED = "privacy.redaction_added"
    REDACTION_REMOVED = "privacy.redaction_removed"
    DISCLOSURE_EXPORTED = "privacy.disclosure_exported"
    REQUEST_CLOSED = "privacy.request_closed"
    RULE_CHANGED = "privacy.retention_rule_changed"
    REVIEW_LISTED = "privacy.retention_review_listed"
    HOLD_PLACED = "privacy.legal_hold_placed"
    HOLD_LIFTED = "privacy.legal_hold_lifted"
    RECORD_DISPOSED = "privacy.record_disposed"


PRIVACY_VERB_LABELS = {
    PrivacyVerb.REQUEST_LOGGED: "Subject access request logged",
    PrivacyVerb.REQUEST_EXTENDED: "Subject access request extended",
    PrivacyVerb.REQUEST_IDENTITY_VERIFIED: "Requester's identity verified",
    PrivacyVerb.HOLDINGS_VIEWED: "Everything held about a person viewed",
    PrivacyVerb.REDACTION_ADDED: "Redaction added",
    PrivacyVerb.REDACTION_REMOVED: "Redaction removed",
    PrivacyVerb.DISCLOSURE_EXPORTED: "Disclosure exported",
    PrivacyVerb.REQUEST_CLOSED: "Subject access request closed",
    PrivacyVerb.RULE_CHANGED: "Retention rule changed",
    PrivacyVerb.REVIEW_LISTED: "Retention review listed",
    PrivacyVerb.HOLD_PLACED: "Legal hold placed",
    PrivacyVerb.HOLD_LIFTED: "Legal hold lifted",
    PrivacyVerb.RECORD_DISPOSED: "Record disposed of",
}
