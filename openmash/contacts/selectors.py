from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from openmash.contacts.models import Contact, ContactSubject, ReferralDraft
from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
from openmash.core.access import mark_restricted
from openmash.core.audit import AuditVerb, audit_record
from openmash.people.models import Person
from openmash.people.permissions import persons_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import Agency, User
    from openmash.contacts.forms import SubjectResolveForm


def contact_list(
    *, user: User, reference: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[Contact]:
    """Contacts this user may see, newest first; `filters` from the contacts list's filter panel
    (rag, with "none" for not rated; status; team id; received_from and received_to dates,
    inclusive, as days in the site's time zone)."""
    contacts = (
        contacts_visible_to(user)
        .select_related("source_agency", "team")
        .prefetch_related("subjects")
    )
    if reference:
        contacts = contacts.filter(reference__iexact=reference.strip())
    chosen = filters or {}
    if rag := chosen.get("rag"):
        contacts = contacts.filter(rag="" if rag == "none" else rag)
    if status := chosen.get("status"):
        contacts = contacts.filter(status=status)
    if team := chosen.get("team"):
        contacts = contacts.filter(team_id=team)
    if first := chosen.get("received_from"):
        contacts = contacts.filter(received_at__gte=_day_start(first))
    if last := chosen.get("received_to"):
        contacts = contacts.filter(received_at__lt=_day_start(last + timedelta(days=1)))
    return contacts.order_by("-received_at", "-pk")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def contact_list_logged(*, user: User, contacts: list[Contact]) -> None:
    """Listing shows names: record which contacts were shown, in one row, and mask the
    restricted ones this user may not see in detail."""
    for contact in contacts:
        contact.masked = contact_is_restricted_for(user, contact)
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="contact",
        summary={"ids": [c.pk for c in contacts], "count": len(contacts)},
        durable=False,
    )


def person_contact_links(person: Person) -> list[ContactSubject]:
    """The person page's contacts, newest first (registered in
    `people.registry.person_contact_links`)."""
    return list(
        ContactSubject.objects.filter(person=person)
        .select_related("contact", "contact__source_agency")
        .order_by("-contact__received_at")[:100]
    )


@dataclass
class SubjectView:
    """One subject on the staff contact page: as described, matched person, candidates. (The
    subjects' previous contacts are the front door's history panel.)"""

    subject: ContactSubject
    candidates: list[dict[str, Any]] = field(default_factory=list)
    form: SubjectResolveForm | None = None  # the match form, for staff who may choose


def contact_subject_views(*, user: User, contact: Contact) -> list[SubjectView]:
    """Each subject with its possible matches. Logs the candidate people shown, and masks
    restricted ones."""
    subjects = list(contact.contact_subjects.select_related("person"))
    candidate_ids = {
        c["person_id"] for s in subjects if s.person_id is None for c in s.possible_matches
    }
    people = {
        p.pk: p
        for p in persons_visible_to(user)
        .filter(pk__in=candidate_ids)
        .prefetch_related("restricted_to")
    }
    mark_restricted(user, list(people.values()))
    views = [SubjectView(subject=s) for s in subjects]
    for view in views:
        if view.subject.person_id is None:
            view.candidates = [
                {**c, "person": people[c["person_id"]]}
                for c in view.subject.possible_matches
                if c["person_id"] in people
            ]
    if people:
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target=contact,
            summary={"candidate_people": sorted(people)},
            durable=False,
        )
    return views


def referral_drafts_of(*, user: User) -> QuerySet[ReferralDraft]:
    return ReferralDraft.objects.filter(owner_id=user.pk).order_by("-updated_at")


def contact_by_source_reference(
    *, source_agency: Agency, source_system: str, source_reference: str
) -> Contact | None:
    """The contact the agency's system already sent with this reference (for idempotent POSTs).

    Another agency's contact with the same reference is not it: references are the agency's own.
    """
    return Contact.objects.filter(
        source_agency=source_agency, source_system=source_system, source_reference=source_reference
    ).first()
