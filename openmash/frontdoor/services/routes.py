"""Onward referrals and actions the MASH records at the front door (issue 13 item 11): a MARAC
referral, a Prevent referral, a National Referral Mechanism referral, police protection. Each is
about one person named in the contact, with the day it was made and the other process's reference;
each goes on the contact's chronology and in the audit log (docs/frontdoor-routes.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.plausibility import TEXT_LIMITS, length_problem, text_problem
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import EventKind, RouteAction, RouteKind
from openmash.frontdoor.permissions import can_work_contacts
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_touch
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

# A route taken before the contact arrived is part of why it arrived (police protection, say,
# then the notification); one taken more than this long before is not this contact's.
BEFORE_RECEIVED = timedelta(days=31)
REFERENCE_MAX = 100


@dataclass
class RouteInput:
    subject: ContactSubject
    kind: str
    made_on: date
    reference: str = ""
    note: str = ""


def route_problems(contact: Contact, data: RouteInput) -> list[tuple[str, str]]:
    """Every problem with the route as (field, message); empty when it can be recorded."""
    problems: list[tuple[str, str]] = []
    if data.kind not in RouteKind.values:
        problems.append(("kind", "Select the onward referral or action"))
    if data.subject.contact_id != contact.pk:
        problems.append(("subject", "Select a person named in this contact"))
    elif data.kind == RouteKind.POLICE_PROTECTION and not data.subject.is_child:
        problems.append(("subject", "Police protection is for a child: select a child"))
    today = timezone.localdate()
    earliest = timezone.localtime(contact.received_at).date() - BEFORE_RECEIVED
    if data.made_on > today:
        problems.append(("made_on", "The date must be today or in the past"))
    elif data.made_on < earliest:
        problems.append(
            (
                "made_on",
                f"The date must be the same as or after {earliest:%-d %B %Y} (a month before "
                "the contact was received)",
            )
        )
    reference = data.reference.strip()
    if message := text_problem(reference, one_line=True) or length_problem(
        reference, REFERENCE_MAX
    ):
        problems.append(("reference", message))
    if message := text_problem(data.note) or length_problem(
        data.note, TEXT_LIMITS["immediate_risk_details"]
    ):
        problems.append(("note", message))
    if not problems and reference and _already_recorded(contact, data, reference):
        problems.append(
            ("reference", f"This {_short(data.kind)} is already recorded for this person")
        )
    return problems


@transaction.atomic
def route_record(
    *, contact: Contact, actor: User, data: RouteInput, expected_version: int | None = None
) -> RouteAction:
    if not can_work_contacts(actor):
        raise ApplicationError("Only front-door workers can record onward referrals.")
    problems = route_problems(contact, data)
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)
    contact = contact_lock(contact, expected_version=expected_version)
    route = RouteAction.objects.create(
        contact=contact,
        subject=data.subject,
        kind=data.kind,
        made_on=data.made_on,
        reference=data.reference.strip(),
        note=data.note.strip(),
        recorded_by=actor,
    )
    contact_touch(contact)
    person = f"{data.subject.given_name} {data.subject.family_name}".strip()
    reference = f", reference {route.reference}" if route.reference else ""
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.ROUTE,
        summary=f"{route.get_kind_display()} for {person}, {route.made_on:%-d %B %Y}{reference}",
        detail=route.note,
        at=route.recorded_at,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.ROUTE_RECORDED,
        target=contact,
        summary={"route": route.pk, "kind": route.kind, "subject": data.subject.pk},
    )
    return route


def _already_recorded(contact: Contact, data: RouteInput, reference: str) -> bool:
    return RouteAction.objects.filter(
        contact=contact, subject=data.subject, kind=data.kind, reference__iexact=reference
    ).exists()


_SHORT_NAMES: dict[str, str] = {
    RouteKind.MARAC: "MARAC referral",
    RouteKind.PREVENT: "Prevent referral",
    RouteKind.NRM: "NRM referral",
    RouteKind.POLICE_PROTECTION: "police protection",
}


def _short(kind: str) -> str:
    return _SHORT_NAMES.get(kind, "referral")
