"""Reads for the contact page's front-door sections: clocks, the actions open to this user,
decisions, notes, other teams' involvement with the same people, and the chronology."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from openmash.contacts.models import OPEN_STATUSES, Contact, ContactStatus
from openmash.frontdoor.models import (
    AdultEnquiry,
    CaseNote,
    ContactEvent,
    Decision,
    DecisionState,
    EventKind,
    RagRating,
    Referral,
)
from openmash.frontdoor.permissions import can_authorise_decisions, can_work_contacts
from openmash.frontdoor.selectors.clocks import clock_reading

if TYPE_CHECKING:
    from openmash.accounts.models import User


def contact_chronology(contact: Contact, *, limit: int | None = None) -> list[ContactEvent]:
    """Everything that happened to the contact, oldest first (the last `limit` when given),
    starting with its receipt."""
    events = ContactEvent.objects.filter(contact=contact).select_related("actor")
    if limit:
        latest = list(reversed(events.order_by("-at", "-pk")[: limit + 1]))
        if len(latest) > limit:
            return latest[1:]
        return [_received_event(contact), *latest]
    return [_received_event(contact), *events.order_by("at", "pk")]


def _received_event(contact: Contact) -> ContactEvent:
    """The first line of every chronology, from the contact itself (not stored twice)."""
    who = contact.referrer_name or (contact.submitted_by.full_name if contact.submitted_by else "")
    source = contact.source_agency.name + (f", {who}" if who else "")
    return ContactEvent(
        contact=contact,
        at=contact.received_at,
        actor=contact.recorded_by or contact.submitted_by,
        kind=EventKind.RECEIVED,
        summary=f"Contact received from {source} ({contact.get_channel_display().lower()})",
    )


@dataclass
class Involvement:
    """Another team's work with one of this contact's people."""

    person_name: str
    what: str
    team: str
    since: date  # a received_at datetime, or a referral's or enquiry's date
    url: str = ""


@dataclass
class Actions:
    screen: bool = False
    rerate: bool = False
    escalate: bool = False
    pause: bool = False
    resume: bool = False
    propose: bool = False
    authorise: bool = False
    note: bool = False
    close: bool = False
    any_work: bool = field(default=False)


def contact_actions(user: User, contact: Contact) -> Actions:
    """What this user may do to the contact now: the buttons the page shows."""
    work = can_work_contacts(user)
    status = contact.status
    open_ = status in OPEN_STATUSES
    actions = Actions(
        screen=work and status == ContactStatus.RECEIVED,
        rerate=work and open_ and status != ContactStatus.RECEIVED,
        escalate=work and open_,
        pause=work
        and open_
        and bool(contact.rag_due_at)
        and contact.rag != "red"
        and contact.rag_paused_at is None,
        resume=work and open_ and contact.rag_paused_at is not None,
        propose=work and status in (ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING),
        authorise=can_authorise_decisions(user) and status == ContactStatus.DECISION_PROPOSED,
        note=work,
        close=work and status == ContactStatus.AUTHORISED,
    )
    actions.any_work = work
    return actions


def contact_involvement(contact: Contact) -> list[Involvement]:
    """Open contacts, referrals and adult enquiries about the same people, handled elsewhere."""
    from django.urls import reverse

    people = {
        s.person_id: f"{s.given_name} {s.family_name}"
        for s in contact.contact_subjects.all()
        if s.person_id
    }
    if not people:
        return []
    found: list[Involvement] = []
    others = (
        Contact.objects.filter(contact_subjects__person_id__in=people, status__in=OPEN_STATUSES)
        .exclude(pk=contact.pk)
        .select_related("team", "allocated_to")
        .prefetch_related("contact_subjects")
        .distinct()
    )
    for other in others:
        names = {people[s.person_id] for s in other.contact_subjects.all() if s.person_id in people}
        for name in sorted(names):
            worker = f", {other.allocated_to.full_name}" if other.allocated_to else ""
            found.append(
                Involvement(
                    person_name=name,
                    what=f"Open contact {other.reference} ({other.get_status_display().lower()})",
                    team=(other.team.name if other.team else "MASH") + worker,
                    since=other.received_at,
                    url=reverse("contacts:detail", args=[other.pk]),
                )
            )
    year_ago = timezone.localdate() - timedelta(days=365)
    referrals = (
        Referral.objects.filter(person_id__in=people, referral_date__gte=year_ago)
        .exclude(contact=contact)
        .select_related("team")
    )
    for referral in referrals:
        found.append(
            Involvement(
                person_name=people[referral.person_id],
                what=f"Referral: {referral.route.replace('_', ' ')}",
                team=referral.team.name if referral.team else "Not recorded",
                since=referral.referral_date,
            )
        )
    enquiries = (
        AdultEnquiry.objects.filter(person_id__in=people, started_on__gte=year_ago)
        .exclude(contact=contact)
        .select_related("team")
    )
    for enquiry in enquiries:
        found.append(
            Involvement(
                person_name=people[enquiry.person_id],
                what=enquiry.get_enquiry_type_display(),
                team=enquiry.team.name if enquiry.team else "Not recorded",
                since=enquiry.started_on,
            )
        )
    return found


def contact_frontdoor_context(user: User, contact: Contact) -> dict[str, Any]:
    """The front-door part of the contact page, in a bounded number of queries."""
    now = timezone.now()
    decisions = list(
        Decision.objects.filter(contact=contact)
        .select_related("proposed_by", "authorised_by", "returned_by", "team")
        .prefetch_related("outcomes__subject")
        .order_by("proposed_at", "pk")
    )
    return {
        "fd_now": now,
        "fd_rag_clock": clock_reading(contact, contact.rag_due_at, now=now, pausable=True),
        "fd_decision_clock": clock_reading(contact, contact.decision_due_at, now=now),
        "fd_rated_on_arrival": contact.immediate_risk
        and RagRating.objects.filter(contact=contact, rated_by__isnull=True).exists(),
        "fd_actions": contact_actions(user, contact),
        "fd_can_direct": can_authorise_decisions(user),
        "fd_decisions": decisions,
        "fd_pending": next((d for d in decisions if d.state == DecisionState.PROPOSED), None),
        "fd_notes": list(
            CaseNote.objects.filter(contact=contact).select_related("author").order_by("created_at")
        ),
        "fd_involvement": contact_involvement(contact),
        "fd_chronology": contact_chronology(contact, limit=15),
        "fd_chronology_count": ContactEvent.objects.filter(contact=contact).count() + 1,
    }
