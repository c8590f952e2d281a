"""Every change to subject access requests, retention rules, legal holds and disposal: one
service each, atomic, audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.calendar import LONDON
from openmash.core.errors import ApplicationError, ConflictError
from openmash.people.models import Person
from openmash.privacy.deadlines import response_due
from openmash.privacy.models import (
    DisposalStub,
    LegalHold,
    Redaction,
    RedactionReason,
    RequestStatus,
    RetentionRule,
    SubjectAccessRequest,
)
from openmash.privacy.record_types import RECORD_TYPES
from openmash.privacy.selectors import (
    contacts_nfa,
    holding_item,
    holdings,
    is_held,
    keep_until,
    rule_current,
)
from openmash.privacy.verbs import PrivacyVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


# --- Subject access requests ---------------------------------------------------------------


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past.", field=field)


@transaction.atomic
def sar_log(
    *,
    actor: User,
    person: Person,
    requester_name: str,
    requester_relationship: str,
    received_on: date,
    identity_verified_on: date | None = None,
    identity_evidence: str = "",
) -> SubjectAccessRequest:
    if not requester_name.strip():
        raise ApplicationError("Enter the requester's name.", field="requester_name")
    if not requester_relationship.strip():
        raise ApplicationError(
            "Enter who the requester is to the person.", field="requester_relationship"
        )
    _not_future(received_on, "received_on", "the request was received")
    if identity_verified_on is not None:
        _not_future(identity_verified_on, "identity_verified_on", "identity was verified")
        if not identity_evidence.strip():
            raise ApplicationError(
                "Enter how the requester's identity was verified.", field="identity_evidence"
            )
    sar = SubjectAccessRequest.objects.create(
        person=person,
        requester_name=requester_name.strip(),
        requester_relationship=requester_relationship.strip(),
        received_on=received_on,
        identity_verified_on=identity_verified_on,
        identity_evidence=identity_evidence.strip(),
        logged_by=actor,
    )
    audit_record(
        actor=actor,
        verb=PrivacyVerb.REQUEST_LOGGED,
        target=sar,
        summary={"person": person.pk, "received_on": received_on.isoformat()},
    )
    return sar


def _lock_open(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.status != RequestStatus.OPEN:
        raise ConflictError("This request is closed.")
    return sar


@transaction.atomic
def sar_verify_identity(
    *, actor: User, request: SubjectAccessRequest, verified_on: date, evidence: str
) -> SubjectAccessRequest:
    sar = _lock_open(request)
    _not_future(verified_on, "verified_on", "identity was verified")
    if not evidence.strip():
        raise ApplicationError("Enter how the requester's identity was verified.", field="evidence")
    sar.identity_verified_on, sar.identity_evidence = verified_on, evidence.strip()
    sar.save(update_fields=["identity_verified_on", "identity_evidence"])
    audit_record(
        actor=actor,
        verb=PrivacyVerb.REQUEST_IDENTITY_VERIFIED,
        target=sar,
        summary={"verified_on": verified_on.isoformat()},
    )
    return sar


@transaction.atomic
def sar_extend(*, actor: User, request: SubjectAccessRequest, reason: str) -> SubjectAccessRequest:
    """A complex request: two months more. The requester must be told within the first month."""
    sar = _lock_open(request)
    if sar.extended:
        raise ConflictError("This request has already been extended.")
    if not reason.strip():
        raise ApplicationError("Enter why the request is complex.", field="reason")
    first = response_due(sar.received_on, sar.identity_verified_on, extended=False)
    if timezone.localdate() > first:
        raise ApplicationError(
            "A request can only be extended within its first month; that ended on "
            f"{first:%d/%m/%Y}.",
            field="reason",
        )
    sar.extended, sar.extension_reason = True, reason.strip()
    sar.save(update_fields=["extended", "extension_reason"])
    audit_record(actor=actor, verb=PrivacyVerb.REQUEST_EXTENDED, target=sar, summary={})
    return sar


@transaction.atomic
def redaction_add(
    *,
    actor: User,
    request: SubjectAccessRequest,
    item_key: str,
    reason: str,
    span: str = "",
    reason_other: str = "",
) -> Redaction:
    """Withhold an item of the disclosure, or a span of its text (every place it occurs)."""
    sar = _lock_open(request)
    if reason not in RedactionReason.values:
        raise ApplicationError("Select a reason for the redaction.", field="reason")
    if reason == RedactionReason.OTHER and not reason_other.strip():
        raise ApplicationError("Enter the reason for the redaction.", field="reason_other")
    item = holding_item(holdings(actor, sar.person), item_key)
    if item is None:
        raise ApplicationError("Select an item held about the person.", field="item_key")
    if span and span not in item.title and span not in item.text:
        raise ApplicationError(
            "The text to redact must be copied exactly from the item.", field="span"
        )
    redaction = Redaction.objects.create(
        request=sar,
        item_key=item_key,
        span=span,
        reason=reason,
        reason_other=reason_other.strip() if reason == RedactionReason.OTHER else "",
        redacted_by=actor,
    )
    audit_record(
        actor=actor,
        verb=PrivacyVerb.REDACTION_ADDED,
        target=sar,
        summary={"redaction": redaction.pk, "item": item_key, "reason": reason, "span": bool(span)},
    )
    return redaction


@transaction.atomic
def redaction_remove(*, actor: User, redaction: Redaction) -> None:
    sar = _lock_open(redaction.request)
    summary = {"redaction": redaction.pk, "item": redaction.item_key}
    redaction.delete()
    audit_record(actor=actor, verb=PrivacyVerb.REDACTION_REMOVED, target=sar, summary=summary)


@transaction.atomic
def sar_close(
    *, actor: User, request: SubjectAccessRequest, disclosed_on: date
) -> SubjectAccessRequest:
    sar = _lock_open(request)
    _not_future(disclosed_on, "disclosed_on", "of disclosure")
    if disclosed_on < sar.received_on:
        raise ApplicationError(
            "The date of disclosure must be on or after the date the request was received.",
            field="disclosed_on",
        )
    sar.status, sar.disclosed_on = RequestStatus.CLOSED, disclosed_on
    sar.save(update_fields=["status", "disclosed_on"])
    due = response_due(sar.received_on, sar.identity_verified_on, extended=sar.extended)
    audit_record(
        actor=actor,
        verb=PrivacyVerb.REQUEST_CLOSED,
        target=sar,
        summary={"disclosed_on": disclosed_on.isoformat(), "late": disclosed_on > due},
    )
    return sar


# --- Retention rules and legal holds ---------------------------------------------------------


@transaction.atomic
def retention_rule_change(
    *,
    actor: User,
    record_type: str,
    years_after_closure: int,
    until_age: int | None,
    source: str,
) -> RetentionRule:
    """A new version of the rule; the old ones stay as its history."""
    if record_type not in RECORD_TYPES:
        raise ApplicationError("Select a record type.", field="record_type")
    if not 1 <= years_after_closure <= 150:
        raise ApplicationError(
            "Years after closure must be between 1 and 150.", field="years_after_closure"
        )
    if until_age is not None and not 1 <= until_age <= 150:
        raise ApplicationError("The age must be between 1 and 150.", field="until_age")
    if not source.strip():
        raise ApplicationError("Enter where the period comes from.", field="source")
    before = rule_current(record_type)
    rule = RetentionRule.objects.create(
        record_type=record_type,
        years_after_closure=years_after_closure,
        until_age=until_age,
        source=source.strip(),
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        verb=PrivacyVerb.RULE_CHANGED,
        target=rule,
        summary={
            "record_type": record_type,
            "years_after_closure": [before and before.years_after_closure, years_after_closure],
            "until_age": [before and before.until_age, until_age],
        },
    )
    return rule


@transaction.atomic
def legal_hold_place(
    *,
    actor: User,
    reason: str,
    person: Person | None = None,
    record_type: str = "",
    record_id: int | None = None,
) -> LegalHold:
    """Hold a person's records (every record naming them) or one record from disposal."""
    if (person is None) == (not record_type):
        raise ApplicationError("Choose a person or a record to hold, not both.", field="person")
    if record_type and (record_type not in RECORD_TYPES or record_id is None or record_id < 1):
        raise ApplicationError("Enter the record type and number.", field="record_id")
    if not reason.strip():
        raise ApplicationError("Enter the reason for the hold.", field="reason")
    hold = LegalHold.objects.create(
        person=person,
        record_type=record_type,
        record_id=record_id if record_type else None,
        reason=reason.strip(),
        placed_by=actor,
    )
    audit_record(
        actor=actor,
        verb=PrivacyVerb.HOLD_PLACED,
        target=hold,
        summary={
            "person": person.pk if person else None,
            "record": f"{record_type}:{record_id}" if record_type else None,
        },
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: User, hold: LegalHold) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ConflictError("This hold has already been lifted.")
    hold.lifted_by, hold.lifted_at = actor, timezone.now()
    hold.save(update_fields=["lifted_by", "lifted_at"])
    audit_record(actor=actor, verb=PrivacyVerb.HOLD_LIFTED, target=hold, summary={})
    return hold


# --- Disposal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    record_type: str
    record_id: int


@transaction.atomic
def records_dispose(*, actor: User, records: list[RecordRef], reason: str) -> list[DisposalStub]:
    """Delete the records' personal data, leaving a stub each (type, id, rule, who, when, why).
    All or nothing: if any one cannot be disposed of, none is."""
    if not reason.strip():
        raise ApplicationError("Enter the reason for disposal.", field="reason")
    if not records:
        raise ApplicationError("Select at least one record.", field="records")
    return [_dispose(actor, ref, reason.strip()) for ref in records]


def _dispose(actor: User, ref: RecordRef, reason: str) -> DisposalStub:
    kind = RECORD_TYPES.get(ref.record_type)
    if kind is None or not kind.disposable:
        raise ApplicationError(f"Records of type {ref.record_type} cannot be disposed of yet.")
    contact = Contact.objects.select_for_update().filter(pk=ref.record_id).first()
    if contact is None or not contacts_nfa().filter(pk=contact.pk).exists():
        raise ApplicationError(
            f"Contact {ref.record_id} is not a closed contact with no further action."
        )
    subjects = list(contact.contact_subjects.select_related("person"))
    people = [s.person_id for s in subjects if s.person_id]
    if is_held(ref.record_type, contact.pk, people):
        raise ConflictError(f"Contact {contact.reference} is on legal hold.")
    rule = rule_current(ref.record_type)
    assert contact.closed_at is not None
    assert rule is not None
    births = [
        (s.person.date_of_birth if s.person else None) or s.date_of_birth
        for s in subjects
        if s.is_child
    ]
    until = keep_until(rule, contact.closed_at.astimezone(LONDON).date(), births)
    if until is None or until > timezone.localdate():
        raise ApplicationError(f"Contact {contact.reference} is not past its retention date.")
    deleted: dict[str, int] = {}
    try:
        # Decisions first: their outcomes protect the contact's subjects from a direct delete.
        for model_counts in (contact.decisions.all().delete()[1], contact.delete()[1]):
            for label, n in model_counts.items():
                deleted[label] = deleted.get(label, 0) + n
    except ProtectedError as error:
        kinds = sorted({str(type(o)._meta.verbose_name) for o in error.protected_objects})
        raise ApplicationError(
            f"Contact {ref.record_id} has later work that cannot be disposed of yet: "
            + ", ".join(str(k) for k in kinds)
            + "."
        ) from None
    stub = DisposalStub.objects.create(
        record_type=ref.record_type,
        record_id=ref.record_id,
        rule=rule,
        reason=reason,
        disposed_by=actor,
        rows_deleted=deleted,
    )
    audit_record(
        actor=actor,
        verb=PrivacyVerb.RECORD_DISPOSED,
        target_type=ref.record_type,
        target_id=str(ref.record_id),
        target_label=f"{ref.record_type} {ref.record_id}",
        summary={"rule": rule.pk, "stub": stub.pk, "rows": deleted},
    )
    return stub
