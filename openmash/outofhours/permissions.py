"""Who may see and do out-of-hours work.

- Seeing EDT records and hand-overs: front-door staff (`sees_front_door`): the EDT's workers and
  the MASH's day team, managers and auditors. Partner referrers, agency representatives and
  administrators see nothing of it. A record on a restricted contact is refused as the contact
  is (break-glass through the contact).
- Recording actions and the interim safety plan: front-door workers (`records_contacts` too):
  the EDT at night, the day team after the hand-over.
- Acknowledging a hand-over: MASH managers (`authorises_decisions`).
- Changing the out-of-hours period: administrators (`administers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from openmash.contacts.permissions import contact_is_restricted_for
from openmash.core.access import RecordRestricted, record_read, record_refused
from openmash.outofhours.models import EdtRecord, HandOver

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_see_out_of_hours(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("sees_front_door"))


def can_work_out_of_hours(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.has_capability("sees_front_door")
        and user.has_capability("records_contacts")
    )


def can_acknowledge_handovers(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.has_capability("sees_front_door")
        and user.has_capability("authorises_decisions")
    )


def can_change_out_of_hours_setting(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("administers"))


def edt_records_visible_to(user: User | AnonymousUser) -> QuerySet[EdtRecord]:
    if not can_see_out_of_hours(user):
        return EdtRecord.objects.none()
    return EdtRecord.objects.all()


def edt_record_get_for_user(user: User, record_id: int, *, for_change: bool = False) -> EdtRecord:
    """The access gate for one EDT record: returns it and logs the read, or raises Http404
    (missing or not visible), RecordRestricted (its contact is restricted for the user) or,
    for a change, PermissionDenied (a reader who does not record)."""
    record = (
        edt_records_visible_to(user)
        .select_related("contact", "contact__source_agency", "handover")
        .prefetch_related("contact__subjects")
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        record_refused(user, EdtRecord, record_id, why="not visible")
        raise Http404("No such out-of-hours record")
    if contact_is_restricted_for(user, record.contact):
        record_refused(user, EdtRecord, record_id, why="restricted")
        raise RecordRestricted(record.contact)
    record_read(user, record, summary={"contact": record.contact_id})
    if for_change and not can_work_out_of_hours(user):
        raise PermissionDenied
    return record


def handovers_visible_to(user: User | AnonymousUser) -> QuerySet[HandOver]:
    if not can_see_out_of_hours(user):
        return HandOver.objects.none()
    return HandOver.objects.all()


def handover_get_for_user(user: User, handover_id: int, *, for_change: bool = False) -> HandOver:
    """The access gate for one hand-over list: returns it and logs the read, or raises Http404
    (missing or not visible) or, to acknowledge it, PermissionDenied (not a manager)."""
    handover = (
        handovers_visible_to(user).select_related("acknowledged_by").filter(pk=handover_id).first()
    )
    if handover is None:
        record_refused(user, HandOver, handover_id, why="not visible")
        raise Http404("No such hand-over")
    record_read(user, handover)
    if for_change and not can_acknowledge_handovers(user):
        raise PermissionDenied
    return handover
