"""Contacts that arrive with immediate risk (issue 13 item 2), from any channel: the referral
form, staff intake, the API or a file import. Registered in `contacts.registry.contacts_arrived`
by `FrontdoorConfig.ready()`, so it runs inside the transaction that records the contacts.

Each such contact is rated red by the system on arrival (its red clock starts as any rating's
does), flagged, so the queue puts it first, and the MASH managers are told at once, with the
out-of-hours team (the emergency duty team) when it arrives outside working hours. The contact
stays "received" and unallocated: nobody has screened it yet, and the rating says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import Contact, Rag
from openmash.core.audit import audit_record
from openmash.core.notify import send_message
from openmash.frontdoor.models import EventKind, RagRating
from openmash.frontdoor.registry import is_out_of_hours_now
from openmash.frontdoor.services.lifecycle import contact_event, contact_touch
from openmash.frontdoor.services.notify import contact_managers, out_of_hours_team
from openmash.frontdoor.services.rag import clock_start, rag_due, when
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

ARRIVAL_REASON = "Rated red on arrival: immediate risk"


def contacts_arrived_with_immediate_risk(
    *, contacts: Sequence[Contact], actor: User | None
) -> None:
    """Rate red, flag and tell, for each new contact recorded with immediate risk."""
    urgent = [contact for contact in contacts if contact.immediate_risk and not contact.rag]
    if not urgent:
        return
    now = timezone.now()
    for contact in urgent:
        _rate_red_on_arrival(contact, actor=actor, now=now)
    immediate_risk_tell(urgent, now=now)


def _rate_red_on_arrival(contact: Contact, *, actor: User | None, now: datetime) -> None:
    """The system's rating, not a worker's: RagRating.rated_by and the audit row's actor are
    empty, and the row says who recorded the contact. The contact is the caller's own, written
    in this transaction and seen by nobody else yet, so it needs no lock; it is changed in place
    so the caller returns it as it now stands."""
    due = rag_due(Rag.RED, clock_start(contact, now))
    contact.rag, contact.rated_at, contact.rag_due_at = Rag.RED, now, due
    contact.escalated_at = now
    contact_touch(contact, "rag", "rated_at", "rag_due_at", "escalated_at")
    RagRating.objects.create(
        contact=contact,
        rating=Rag.RED,
        previous="",
        reason=ARRIVAL_REASON,
        due_at=due,
        rated_by=None,
        rated_at=now,
    )
    summary = ARRIVAL_REASON + (f", due {when(due)}" if due else "")
    contact_event(
        contact,
        actor=None,
        kind=EventKind.RAG,
        summary=summary,
        detail=contact.immediate_risk_details,
        at=now,
    )
    audit_record(
        actor=None,
        verb=FrontdoorVerb.RAG_RATED,
        target=contact,
        summary={
            "rag": Rag.RED,
            "previous": "",
            "reason": ARRIVAL_REASON,
            "by": "system",
            "recorded_by": actor.pk if actor is not None and actor.is_authenticated else None,
            "channel": contact.channel,
            "due_at": due.isoformat() if due else None,
        },
    )


def immediate_risk_tell(contacts: Sequence[Contact], *, now: datetime) -> None:
    """One message to each MASH manager (and, out of working hours, each member of the
    out-of-hours team) listing the contacts, sent once the transaction commits. The message
    names no one and repeats none of the concern: it says where to look."""
    out_of_hours = is_out_of_hours_now(now)
    recipients: dict[str, list[Contact]] = {}
    for contact in contacts:
        people = contact_managers(contact) + (out_of_hours_team() if out_of_hours else [])
        for email in dict.fromkeys(person.email for person in people):
            recipients.setdefault(email, []).append(contact)
        contact_event(
            contact,
            actor=None,
            kind=EventKind.ESCALATION,
            summary="Immediate risk on arrival: the MASH managers"
            + (" and the out-of-hours team" if out_of_hours else "")
            + " were told",
            at=now,
        )
        audit_record(
            actor=None,
            verb=FrontdoorVerb.IMMEDIATE_RISK_ARRIVED,
            target=contact,
            summary={
                "told": sorted(e for e, its in recipients.items() if contact in its),
                "out_of_hours": out_of_hours,
            },
        )
    messages = {
        email: _message(its, out_of_hours=out_of_hours) for email, its in recipients.items()
    }

    def send() -> None:
        for email, (subject, body) in messages.items():
            send_message(to_email=email, subject=subject, body=body)

    transaction.on_commit(send)


def _message(contacts: Sequence[Contact], *, out_of_hours: bool) -> tuple[str, str]:
    base = settings.OPENMASH_BASE_URL
    if len(contacts) == 1:
        subject = f"Immediate risk: contact {contacts[0].reference}"
    else:
        subject = f"Immediate risk: {len(contacts)} contacts"
    lines = [
        f"- {c.reference}, received {when(c.received_at)} from {c.source_agency.name} "
        f"({c.get_channel_display().lower()})"
        + (f": red, due {when(c.rag_due_at)}" if c.rag_due_at else "")
        + f"\n  {base}{reverse('contacts:detail', args=[c.pk])}"
        for c in contacts
    ]
    body = (
        "The referrer recorded that a child or adult is at immediate risk. "
        + ("These contacts are" if len(contacts) > 1 else "This contact is")
        + " rated red and first in the MASH queue:\n\n"
        + "\n".join(lines)
        + "\n\nOpen it in OpenMASH to give case direction."
    )
    if out_of_hours:
        body += "\n\nThis is outside working hours: the out-of-hours team has been told too."
    return subject, body
