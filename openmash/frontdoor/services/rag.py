"""RAG ratings and their local timescales (DOMAIN §4): red 4 working hours, amber 1 working day,
green 3 working days by default; each rating's clock counts working hours, working days or
elapsed hours, as the council sets it. A clock may be paused with a reason, except red's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact, ContactStatus, Rag
from openmash.core.audit import audit_record
from openmash.core.calendar import (
    LONDON,
    add_working_days,
    add_working_hours,
    working_time_between,
)
from openmash.core.dates import govuk_datetime
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import ClockUnit, EventKind, RagRating, RagTimescale
from openmash.frontdoor.services.lifecycle import (
    contact_event,
    contact_lock,
    contact_touch,
    start_screening_locked,
)
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def when(moment: datetime) -> str:
    """A time as the chronology shows it, e.g. '29 Dec 2026 at 4pm' (London time)."""
    return govuk_datetime(timezone.localtime(moment, LONDON), short=True)


def rag_timescale(rating: str) -> RagTimescale | None:
    return RagTimescale.objects.filter(rating=rating).first()


def rag_due(rating: str, start: datetime) -> datetime | None:
    """When a contact rated `rating` at `start` must have its outcome decided (None: no target)."""
    scale = rag_timescale(rating)
    if scale is None or scale.amount is None:
        return None
    return clock_add(start, scale.amount, scale.unit)


def clock_add(start: datetime, amount: float, unit: str) -> datetime:
    if unit == ClockUnit.WORKING_DAYS:
        return add_working_days(start, int(amount))
    if unit == ClockUnit.WORKING_HOURS:
        return add_working_hours(start, amount)
    # Elapsed hours are real hours: added in UTC, because Python adds to a London time on the
    # wall clock, which on the night the clocks go back would give an hour too many.
    return start.astimezone(UTC) + timedelta(hours=amount)


def clock_start(contact: Contact, rated_at: datetime) -> datetime:
    # Councils differ: the RAG clock runs from receipt (default) or from the rating (Hackney).
    return contact.received_at if settings.RAG_CLOCK_FROM == "received" else rated_at


def contact_rate_locked(*, contact: Contact, actor: User, rag: str, reason: str) -> Contact:
    """Rate or re-rate a contact the caller has locked; a change of rating needs a reason."""
    if rag not in Rag.values:
        raise ApplicationError("Select red, amber, green or blue", field="rag")
    if not contact.is_open:
        raise ApplicationError("A closed or authorised contact cannot be re-rated.", field="rag")
    previous = contact.rag
    if previous == rag:
        raise ApplicationError(f"This contact is already rated {rag}.", field="rag")
    if previous and not reason.strip():
        raise ApplicationError(
            f"Enter why the rating is changing from {previous} to {rag}", field="reason"
        )
    now = timezone.now()
    due = rag_due(rag, clock_start(contact, now))
    if contact.rag_paused_at and rag == Rag.RED:
        contact.rag_paused_at, contact.rag_pause_reason = None, ""  # red never pauses
    contact.rag, contact.rated_at, contact.rag_due_at = rag, now, due
    contact_touch(contact, "rag", "rated_at", "rag_due_at", "rag_paused_at", "rag_pause_reason")
    RagRating.objects.create(
        contact=contact,
        rating=rag,
        previous=previous,
        reason=reason,
        due_at=due,
        rated_by=actor,
        rated_at=now,
    )
    summary = f"Rated {rag}" if not previous else f"Re-rated from {previous} to {rag}"
    if due:
        summary += f", due {when(due)}"
    contact_event(contact, actor=actor, kind=EventKind.RAG, summary=summary, detail=reason, at=now)
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.RAG_RATED,
        target=contact,
        summary={"rag": rag, "previous": previous, "reason": reason},
    )
    return contact


@transaction.atomic
def contact_rate(
    *,
    contact: Contact,
    actor: User,
    rag: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Contact:
    contact = contact_lock(contact, expected_version=expected_version)
    return contact_rate_locked(contact=contact, actor=actor, rag=rag, reason=reason)


@transaction.atomic
def contact_screen(
    *,
    contact: Contact,
    actor: User,
    rag: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Contact:
    """Screen a contact: start screening if it has just arrived (taking it if unallocated), then
    rate it. One call for the UI's 'Screen' form and `POST /contacts/{id}/screen/`. A contact
    the system rated red on arrival keeps that rating when the worker also chooses red; any
    other choice is a re-rating, with its reason."""
    contact = contact_lock(contact, expected_version=expected_version)
    if contact.status == ContactStatus.RECEIVED:
        start_screening_locked(contact, actor=actor)
        if contact.rag == rag:
            return contact  # rated on arrival (immediate risk): the worker agrees with it
    return contact_rate_locked(contact=contact, actor=actor, rag=rag, reason=reason)


@transaction.atomic
def contact_escalate(
    *, contact: Contact, actor: User, details: str, expected_version: int | None = None
) -> Contact:
    """Immediate risk found at any open stage: rate red (its clock never pauses), record what the
    risk is, and tell the team's managers at once."""
    from openmash.frontdoor.services.notify import managers_tell

    if not details.strip():
        raise ApplicationError("Describe the immediate risk", field="details")
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.is_open:
        raise ApplicationError("Only an open contact can be escalated.")
    if contact.status == ContactStatus.RECEIVED:
        start_screening_locked(contact, actor=actor)
    if contact.rag != Rag.RED:
        contact_rate_locked(contact=contact, actor=actor, rag=Rag.RED, reason=details)
    now = timezone.now()
    contact.immediate_risk = True
    contact.immediate_risk_details = details
    contact.escalated_at = now
    contact_touch(contact, "immediate_risk", "immediate_risk_details", "escalated_at")
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.ESCALATION,
        summary="Immediate risk escalated",
        detail=details,
        at=now,
    )
    audit_record(
        actor=actor, verb=FrontdoorVerb.ESCALATED, target=contact, summary={"details": details}
    )
    managers_tell(
        contact,
        subject=f"Immediate risk: contact {contact.reference}",
        body=(
            f"{actor.full_name} escalated contact {contact.reference} for immediate risk: "
            f"{details}\n\nOpen the contact in OpenMASH to give case direction."
        ),
    )
    return contact


@transaction.atomic
def contact_clock_pause(
    *, contact: Contact, actor: User, reason: str, expected_version: int | None = None
) -> Contact:
    if not reason.strip():
        raise ApplicationError("Enter why the clock is paused", field="reason")
    contact = contact_lock(contact, expected_version=expected_version)
    if contact.rag == Rag.RED:
        raise ApplicationError("A red contact's clock never pauses.")
    if not contact.is_open or contact.rag_due_at is None:
        raise ApplicationError("Only an open, rated contact with a timescale can be paused.")
    if contact.rag_paused_at:
        raise ApplicationError("The clock is already paused.")
    contact.rag_paused_at, contact.rag_pause_reason = timezone.now(), reason
    contact_touch(contact, "rag_paused_at", "rag_pause_reason")
    contact_event(
        contact, actor=actor, kind=EventKind.CLOCK, summary="RAG clock paused", detail=reason
    )
    audit_record(
        actor=actor, verb=FrontdoorVerb.CLOCK_PAUSED, target=contact, summary={"reason": reason}
    )
    return contact


def rag_due_after_pause(contact: Contact, *, until: datetime) -> datetime:
    """A paused contact's RAG due time, moved on by the time paused until `until`: the
    (working) time for a working-hours or working-days clock, the time itself for an elapsed one."""
    due, paused_at = contact.rag_due_at, contact.rag_paused_at
    assert due is not None  # only a running clock can be paused (contact_clock_pause)
    assert paused_at is not None
    scale = rag_timescale(contact.rag)
    if scale and scale.unit == ClockUnit.HOURS:
        return due.astimezone(UTC) + (until.astimezone(UTC) - paused_at.astimezone(UTC))
    paused = working_time_between(paused_at, until)
    return add_working_hours(due, paused.total_seconds() / 3600)


def clocks_stop_locked(contact: Contact, *, at: datetime) -> list[str]:
    """The contact is decided at `at`: its clocks stop (`decided_at`). A paused RAG clock is
    resumed to stop, so its due time leaves out the time paused, as resuming would. Returns the
    fields changed, for the caller to save with its own."""
    contact.decided_at = at
    fields = ["decided_at"]
    if contact.rag_paused_at is not None:
        contact.rag_due_at = rag_due_after_pause(contact, until=at)
        contact.rag_paused_at, contact.rag_pause_reason = None, ""
        fields += ["rag_due_at", "rag_paused_at", "rag_pause_reason"]
    return fields


@transaction.atomic
def contact_clock_resume(
    *, contact: Contact, actor: User, expected_version: int | None = None
) -> Contact:
    """Resume a paused clock: the due time moves on by the (working) time spent paused."""
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.rag_paused_at:
        raise ApplicationError("The clock is not paused.")
    contact.rag_due_at = rag_due_after_pause(contact, until=timezone.now())
    contact.rag_paused_at, contact.rag_pause_reason = None, ""
    contact_touch(contact, "rag_due_at", "rag_paused_at", "rag_pause_reason")
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.CLOCK,
        summary=f"RAG clock resumed, now due {when(contact.rag_due_at)}",
    )
    audit_record(actor=actor, verb=FrontdoorVerb.CLOCK_RESUMED, target=contact)
    return contact
