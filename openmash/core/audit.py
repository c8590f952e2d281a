"""The audit log: record, seal into a hash chain, verify.

Contract (docs/architecture.md): services call `audit_record` inside their transaction, so a change
and its audit row commit or roll back together; the access gate calls it for every read of a person
or contact, every search and every export. Recording is a plain INSERT. Sealing happens later, in
insertion order, in a worker job (`audit_seal`), so no request ever waits for the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from openmash.core.bulk import bulk_insert, bulk_insert_values
from openmash.core.models import AuditChainHead, AuditEvent
from openmash.core.request_context import current_request_context

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User

GENESIS_HASH = "0" * 64


class Verb(StrEnum):
    """What an audit row says was done. Every verb is a constant of a subclass: `AuditVerb` below
    for the kernel's, and each app's own (e.g. `FrontdoorVerb` in `openmash/frontdoor/verbs.py`),
    which the app registers with their labels in its `AppConfig.ready()` (`audit_verbs_register`).
    `audit_record` refuses anything else, a plain string included: mypy rejects one, and so does
    the check at run time for callers it does not see."""


class UnknownAuditVerbError(ValueError):
    """A verb that is not a registered constant: a typo, a string, or an app that did not register
    its verbs."""


class AuditVerb(Verb):
    """The kernel's verbs: signing in, accounts, access and local settings."""

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    LOCKED_OUT = "auth.locked_out"
    MFA_ACTIVATED = "auth.mfa_activated"
    MFA_DEACTIVATED = "auth.mfa_deactivated"
    SESSION_EXPIRED = "auth.session_expired"
    USER_CREATED = "user.created"
    USER_UPDATED = "user.updated"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    USER_MFA_RESET = "user.mfa_reset"
    AGENCY_CREATED = "agency.created"
    AGENCY_UPDATED = "agency.updated"
    TEAM_CREATED = "team.created"
    TEAM_UPDATED = "team.updated"
    ROLE_CREATED = "role.created"
    ROLE_UPDATED = "role.updated"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
    API_KEY_USED = "api_key.used"
    RECORD_VIEWED = "record.viewed"
    ACCESS_REFUSED = "access.refused"
    RECORD_LISTED = "record.listed"
    SEARCHED = "record.searched"
    EXPORTED = "record.exported"
    BREAK_GLASS = "record.break_glass"
    BREAK_GLASS_REVIEWED = "record.break_glass_reviewed"
    RESTRICTION_CHANGED = "record.restriction_changed"
    AUDIT_VIEWED = "audit.viewed"
    DEMO_LOADED = "demo.loaded"
    BANK_HOLIDAY_ADDED = "setting.bank_holiday_added"
    BANK_HOLIDAY_CHANGED = "setting.bank_holiday_changed"


VERB_LABELS: dict[str, str] = {}
_REGISTERED: dict[str, Verb] = {}
V = TypeVar("V", bound=Verb)


def audit_verbs_register(verbs: type[V], labels: Mapping[V, str]) -> None:
    """Let `audit_record` write `verbs`, and show each with its label on the audit pages (a verb
    without one reads as its value in words). Registering the same class again changes nothing."""
    for verb in verbs:
        known = _REGISTERED.setdefault(verb.value, verb)
        if known is not verb:
            raise ImproperlyConfigured(
                f"The audit verb {verb.value!r} is both {known!r} and {verb!r}."
            )
    strays = [label for label in labels if not isinstance(label, verbs)]
    if strays:
        raise ImproperlyConfigured(f"Labels for verbs that are not {verbs.__name__}: {strays}")
    VERB_LABELS.update({verb.value: label for verb, label in labels.items()})


def _registered(verb: object) -> str:
    """The verb's value, once it is known to be a registered constant."""
    if not isinstance(verb, Verb) or _REGISTERED.get(verb.value) is not verb:
        raise UnknownAuditVerbError(
            f"{verb!r} is not a registered audit verb: add a constant to the app's verb class "
            "(AuditVerb for the kernel) and register it with audit_verbs_register."
        )
    return verb.value


KERNEL_VERB_LABELS = {
    AuditVerb.LOGIN: "Signed in",
    AuditVerb.LOGIN_FAILED: "Failed to sign in",
    AuditVerb.LOGOUT: "Signed out",
    AuditVerb.LOCKED_OUT: "Locked out",
    AuditVerb.MFA_ACTIVATED: "Set up two-factor authentication",
    AuditVerb.MFA_DEACTIVATED: "Removed two-factor authentication",
    AuditVerb.SESSION_EXPIRED: "Signed out by timeout",
    AuditVerb.RECORD_VIEWED: "Viewed",
    AuditVerb.ACCESS_REFUSED: "Refused access",
    AuditVerb.RECORD_LISTED: "Listed",
    AuditVerb.SEARCHED: "Searched",
    AuditVerb.EXPORTED: "Exported",
    AuditVerb.BREAK_GLASS: "Used emergency access",
    AuditVerb.RESTRICTION_CHANGED: "Changed who may see it",
    AuditVerb.AUDIT_VIEWED: "Searched the audit log",
    AuditVerb.USER_MFA_RESET: "Reset two-factor authentication",
    AuditVerb.BREAK_GLASS_REVIEWED: "Reviewed emergency access",
    AuditVerb.BANK_HOLIDAY_ADDED: "Added a bank holiday",
    AuditVerb.BANK_HOLIDAY_CHANGED: "Changed a bank holiday",
    AuditVerb.ROLE_CREATED: "Added a role",
    AuditVerb.ROLE_UPDATED: "Changed a role",
}
audit_verbs_register(AuditVerb, KERNEL_VERB_LABELS)


def verb_label(verb: str) -> str:
    """Plain words for a verb; unknown verbs read as 'contact created' from 'contact.created'."""
    return VERB_LABELS.get(verb) or verb.replace(".", " ").replace("_", " ").capitalize()


def _label(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    return target._meta.model_name or "", str(target.pk), str(target)[:200]


def _signed_in(actor: User | AnonymousUser | None) -> User | None:
    """The user to name on the row; an anonymous visitor or the system is named by label only."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    verb: Verb,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    summary: dict[str, Any] | None = None,
    durable: bool = True,
) -> AuditEvent:
    """Write one audit row in the caller's transaction (request details come from context).

    `durable=False` is for access rows (reads, searches) written on their own: on PostgreSQL
    their commit does not wait for the disk (ADR 0003), so a read costs no fsync. A crash of the
    database server can lose the last fraction of a second of such rows; never changes, whose
    rows commit with the change itself.
    """
    value = _registered(verb)
    ctx = current_request_context()
    t_type, t_id, t_label = _label(target)
    user = _signed_in(actor)
    event = AuditEvent(
        actor=user,
        actor_label=user.email if user else (ctx.anonymous_label or ""),
        verb=value,
        target_type=target_type or t_type,
        target_id=str(target_id or t_id),
        target_label=(target_label or t_label)[:200],
        summary=summary or {},
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent[:400],
        via=ctx.via,
    )
    if (
        durable
        or settings.AUDIT_DURABLE_READS
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        event.save()
        return event
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        event.save()
    return event


def audit_record_many(*, actor: User, verb: Verb, targets: Iterable[models.Model]) -> int:
    """One row per target in a single INSERT (e.g. an export naming each record it contains)."""
    value = _registered(verb)
    ctx = current_request_context()
    rows = [
        AuditEvent(
            actor=actor,
            actor_label=actor.email,
            verb=value,
            target_type=t_type,
            target_id=t_id,
            target_label=t_label,
            ip_address=ctx.ip_address,
            user_agent=ctx.user_agent[:400],
            via=ctx.via,
        )
        for t_type, t_id, t_label in map(_label, targets)
    ]
    bulk_insert(rows, ids=False)
    return len(rows)


def audit_record_each(
    *, actor: User | None, rows: Iterable[tuple[Verb, models.Model, dict[str, Any]]]
) -> int:
    """Many `audit_record` rows, each (verb, target, summary), written in one bulk INSERT in the
    caller's transaction: the same rows, in the same order, as calling `audit_record` for each.

    For services that make many changes at once (a batched notification import). The rows are
    inserted unsealed like any other and join the hash chain in id order when sealed.
    """
    ctx = current_request_context()
    user = _signed_in(actor)
    common = {
        "actor_id": user.pk if user else None,
        "actor_label": user.email if user else (ctx.anonymous_label or ""),
        "ip_address": ctx.ip_address,
        "user_agent": ctx.user_agent[:400],
        "via": ctx.via,
    }
    events = []
    for verb, target, summary in rows:
        t_type, t_id, t_label = _label(target)
        events.append(
            common
            | {
                "verb": _registered(verb),
                "target_type": t_type,
                "target_id": t_id,
                "target_label": t_label[:200],
                "summary": summary or {},
            }
        )
    return bulk_insert_values(AuditEvent, events)


def event_digest(event: AuditEvent, *, seq: int, prev_hash: str) -> str:
    """SHA-256 over a canonical JSON of everything the row says, its place and its predecessor."""
    body = {
        "seq": seq,
        "id": event.pk,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "summary": event.summary,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "via": event.via,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


SEAL_SQL = "UPDATE core_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s"


def audit_seal(*, batch_size: int = 500, max_batches: int = 10_000) -> int:
    """Seal committed, unsealed rows into the chain in id order; returns how many were sealed.

    Each batch is one short transaction holding the chain head's row lock, so concurrent sealers
    (several workers on PostgreSQL) take turns instead of forking the chain. Rows whose
    transaction commits later simply join a later batch: the chain order is the sealing order.
    """
    sealed = 0
    for _ in range(max_batches):
        count = _seal_batch(batch_size)
        sealed += count
        if count < batch_size:
            break
    return sealed


def _seal_batch(batch_size: int) -> int:
    # Look before locking: an idle sealer must not take SQLite's write lock every few seconds.
    if not AuditEvent.objects.filter(seq__isnull=True).exists():
        return 0
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        batch = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:batch_size])
        seq, prev = head.last_seq, head.last_hash
        params = []
        for event in batch:
            seq += 1
            digest = event_digest(event, seq=seq, prev_hash=prev)
            params.append((seq, prev, digest, event.pk))
            prev = digest
        if batch:
            # Row by row, the one UPDATE the PostgreSQL append-only trigger permits (hash set once).
            with connection.cursor() as cursor:
                cursor.executemany(SEAL_SQL, params)
            head.last_seq, head.last_hash, head.sealed_at = seq, prev, timezone.now()
            head.save()
        return len(batch)


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    unsealed: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason


def audit_verify(*, chunk: int = 5000) -> VerifyResult:
    """Walk the chain in sequence order and report the first row that does not match."""
    expected_seq, prev = 0, GENESIS_HASH
    checked = 0
    queryset = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    for event in queryset.iterator(chunk_size=chunk):
        expected_seq += 1
        problem = _link_problem(event, expected_seq, prev)
        if problem:
            return VerifyResult(checked, _unsealed(), event.seq, event.pk, problem)
        prev = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_seq != expected_seq or head.last_hash != prev):
        reason = (
            f"the chain ends at sequence {expected_seq} but the head records {head.last_seq}: "
            "sealed rows are missing from the end"
        )
        return VerifyResult(checked, _unsealed(), expected_seq + 1, None, reason)
    return VerifyResult(checked, _unsealed())


def _link_problem(event: AuditEvent, expected_seq: int, prev: str) -> str:
    if event.seq != expected_seq:
        return f"sequence {expected_seq} is missing (next row found is {event.seq}): rows deleted"
    if event.prev_hash != prev:
        return "the previous-hash link does not match the row before it"
    if event_digest(event, seq=event.seq, prev_hash=prev) != event.hash:
        return "the row's contents do not match its hash: it was changed after sealing"
    return ""


def _unsealed() -> int:
    return AuditEvent.objects.filter(seq__isnull=True).count()
