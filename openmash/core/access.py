"""Shared pieces of the access gate: restricted records, break-glass access and read logging.

Each record type has its own gate (`contact_get_for_user`, `person_get_for_user`, ...) built from
these. A gate returns the record and writes the read to the audit log, or raises Http404 (the same
for "missing" and "forbidden") or RecordRestricted (the user could see the record if it were not
restricted, and may ask for break-glass access with a reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models, transaction
from django.utils import timezone

from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent, BreakGlassAccess
from openmash.core.registry import access_refusals_repeated, break_glass_opened
from openmash.core.request_context import current_request_context

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager
    from django.db.models.options import Options

    from openmash.accounts.models import User

BREAK_GLASS_MINUTES = 60
MIN_REASON_LENGTH = 10


class Record(Protocol):
    """A model instance, as far as the audit log and break-glass grants need to name it."""

    @property
    def pk(self) -> Any: ...  # whatever type the model's primary key has

    @property
    def _meta(self) -> Options[Any]: ...


class Restrictable(Record, Protocol):
    """A record that can be restricted to named users (a contact, a person)."""

    is_restricted: bool

    @property
    def restricted_to(self) -> ManyRelatedManager[User, Any]: ...


class Maskable(Restrictable, Protocol):
    """A restrictable record a list or search marks as shown in outline only."""

    masked: bool


class RecordRestricted(Exception):  # noqa: N818 (a signal to the view layer, not an error)
    def __init__(self, target: models.Model) -> None:
        super().__init__(f"{target._meta.model_name} {target.pk} is restricted")
        self.target = target


def target_key(target: Record) -> tuple[str, str]:
    return target._meta.model_name or "", str(target.pk)


def has_active_break_glass(user: User, target: Record) -> bool:
    t_type, t_id = target_key(target)
    return BreakGlassAccess.objects.filter(
        user=user, target_type=t_type, target_id=t_id, expires_at__gt=timezone.now()
    ).exists()


def restriction_allows(user: User, target: Restrictable) -> bool:
    if not target.is_restricted:
        return True
    if target.restricted_to.filter(pk=user.pk).exists():
        return True
    return has_active_break_glass(user, target)


def mark_restricted(user: User, records: Iterable[Maskable]) -> None:
    """Set `masked` on each record a list or search must not show in detail to this user."""
    for record in records:
        record.masked = bool(record.is_restricted) and not restriction_allows(user, record)


# Probing shows up: this many refused reads by one user within the window alerts the auditors.
REFUSALS_ALERT_AT = 5
REFUSALS_WINDOW = timedelta(minutes=10)
_LARGEST_ID = 2**63 - 1


def record_refused(user: User, model: type[models.Model], record_id: object, *, why: str) -> None:
    """A gate refused `user` a record: when the record exists, write `access.refused` (who, what,
    the route tried, why) so an auditor's search shows probing; "missing" and "forbidden" still
    look the same to the user. Reaching REFUSALS_ALERT_AT refusals in REFUSALS_WINDOW tells the
    auditors (`access_refusals_repeated`), once."""
    if not isinstance(record_id, int) or not 0 < record_id <= _LARGEST_ID:
        return
    if not model._default_manager.filter(pk=record_id).exists():
        return
    audit_record(
        actor=user,
        verb=AuditVerb.ACCESS_REFUSED,
        target_type=model._meta.model_name or "",
        target_id=str(record_id),
        summary={"why": why, "route": current_request_context().route},
        durable=False,
    )
    since = timezone.now() - REFUSALS_WINDOW
    count = AuditEvent.objects.filter(
        actor=user, verb=AuditVerb.ACCESS_REFUSED, occurred_at__gte=since
    ).count()
    if count == REFUSALS_ALERT_AT:
        for notice in access_refusals_repeated:  # accounts tells the auditors
            notice(user, count)


def record_read(user: User, target: models.Model, *, summary: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=user, verb=AuditVerb.RECORD_VIEWED, target=target, summary=summary, durable=False
    )


@transaction.atomic
def break_glass_open(*, user: User, target: models.Model, reason: str) -> BreakGlassAccess:
    """Give `user` emergency access to a restricted record for an hour, and tell the managers."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ApplicationError(
            "Enter the reason you need emergency access, in at least 10 characters.",
            field="reason",
        )
    t_type, t_id = target_key(target)
    grant = BreakGlassAccess.objects.create(
        user=user,
        target_type=t_type,
        target_id=t_id,
        target_label=str(target)[:200],
        reason=reason,
        expires_at=timezone.now() + timedelta(minutes=BREAK_GLASS_MINUTES),
    )
    audit_record(
        actor=user,
        verb=AuditVerb.BREAK_GLASS,
        target=target,
        summary={"reason": reason, "expires_at": grant.expires_at.isoformat()},
    )
    for notice in break_glass_opened:  # accounts tells the team managers
        notice(grant)
    return grant
