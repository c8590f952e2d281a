"""The same incident reported twice (ViST and CARA, or two agencies): flag it, screen it once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db import transaction

from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.registry import contact_duplicate_confirmed
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError

if TYPE_CHECKING:
    from openmash.accounts.models import User


def duplicate_flag(contact: Contact, person_ids: list[int]) -> Contact | None:
    """The earliest other contact about the same person(s) within the window, if any.

    Same incident means: at least one subject in common, received within DUPLICATE_WINDOW_HOURS,
    and, where both give an incident date, the same incident date.
    """
    if not person_ids:
        return None
    window = timedelta(hours=settings.DUPLICATE_WINDOW_HOURS)
    others = (
        Contact.objects.filter(
            contact_subjects__person_id__in=person_ids,
            received_at__gte=contact.received_at - window,
            received_at__lte=contact.received_at + window,
        )
        .exclude(pk=contact.pk)
        .exclude(duplicate_status="rejected")
        .order_by("received_at", "pk")
        .distinct()
    )
    rejected = duplicate_rejected_ids(contact)
    for other in others[:20]:
        if other.pk in rejected:
            continue
        if (
            contact.incident_date
            and other.incident_date
            and contact.incident_date != other.incident_date
        ):
            continue
        # Point at the original, not at another duplicate of it.
        return other.duplicate_of or other
    return None


class _Earlier(NamedTuple):
    received_at: datetime
    pk: int
    incident_date: date | None
    duplicate_of_id: int | None


DUPLICATE_CANDIDATES = 20  # as many as `duplicate_flag` looks at


def duplicate_flags(
    contacts: Sequence[Contact], person_ids: Sequence[list[int]]
) -> list[int | None]:
    """`duplicate_flag` for contacts just created together, in one query: the id of the contact
    each one duplicates, or None.

    `contacts` are in the order they were created (with `duplicate_of` not yet set) and each sees
    only the contacts before it, with the flags already decided for them, exactly as when they are
    created one by one. A contact just created has no rejected pairs yet, so none are looked up.
    """
    window = timedelta(hours=settings.DUPLICATE_WINDOW_HOURS)
    everyone = {pk for ids in person_ids for pk in ids}
    if not everyone:
        return [None] * len(contacts)
    by_person: dict[int, dict[int, _Earlier]] = defaultdict(dict)
    rows = (
        ContactSubject.objects.filter(
            person_id__in=sorted(everyone),
            contact__received_at__gte=min(c.received_at for c in contacts) - window,
            contact__received_at__lte=max(c.received_at for c in contacts) + window,
        )
        .exclude(contact_id__in=[c.pk for c in contacts])
        .exclude(contact__duplicate_status="rejected")
        .values_list(
            "person_id",
            "contact_id",
            "contact__received_at",
            "contact__incident_date",
            "contact__duplicate_of_id",
        )
    )
    for person_id, pk, received_at, incident_date, duplicate_of_id in rows:
        by_person[person_id][pk] = _Earlier(received_at, pk, incident_date, duplicate_of_id)
    flags: list[int | None] = []
    for contact, ids in zip(contacts, person_ids, strict=True):
        flag = _first_duplicate(contact, [by_person[pk] for pk in set(ids)], window)
        flags.append(flag)
        me = _Earlier(contact.received_at, contact.pk, contact.incident_date, flag)
        for pk in ids:
            by_person[pk][contact.pk] = me
    return flags


def _first_duplicate(
    contact: Contact, earlier: list[dict[int, _Earlier]], window: timedelta
) -> int | None:
    low, high = contact.received_at - window, contact.received_at + window
    others = {pk: other for found in earlier for pk, other in found.items()}
    ordered = sorted(
        (o for o in others.values() if low <= o.received_at <= high),
        key=lambda o: (o.received_at, o.pk),
    )
    for other in ordered[:DUPLICATE_CANDIDATES]:
        if (
            contact.incident_date
            and other.incident_date
            and contact.incident_date != other.incident_date
        ):
            continue
        return other.duplicate_of_id or other.pk
    return None


def _suspected(contact: Contact) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.duplicate_of_id is None or contact.duplicate_status != "suspected":
        raise ApplicationError("This contact is not waiting for a duplicate check.")
    return contact


@transaction.atomic
def contact_duplicate_confirm(*, actor: User, contact: Contact) -> Contact:
    """A worker agrees the contact reports the same incident as the one it was linked to."""
    contact = _suspected(contact)
    contact.duplicate_status = "confirmed"
    contact.save(update_fields=["duplicate_status"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.DUPLICATE_CONFIRMED,
        target=contact,
        summary={"duplicate_of": contact.duplicate_of_id},
    )
    for after in contact_duplicate_confirmed:  # frontdoor closes it as a duplicate
        contact = after(contact=contact, actor=actor)
    return contact


@transaction.atomic
def contact_duplicate_reject(*, actor: User, contact: Contact) -> Contact:
    """Not the same incident. The link stays, marked rejected, so the pair is not offered again."""
    contact = _suspected(contact)
    contact.duplicate_status = "rejected"
    contact.save(update_fields=["duplicate_status"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.DUPLICATE_REJECTED,
        target=contact,
        summary={"not_duplicate_of": contact.duplicate_of_id},
    )
    return contact


def duplicate_rejected_ids(contact: Contact) -> set[int]:
    """Contacts a worker has said are not the same incident as this one (in either direction)."""
    if not contact.pk:  # not saved yet
        return set()
    pointed = Contact.objects.filter(duplicate_of=contact, duplicate_status="rejected")
    ids = set(pointed.values_list("pk", flat=True))
    if contact.duplicate_status == "rejected" and contact.duplicate_of_id:
        ids.add(contact.duplicate_of_id)
    return ids


# A second report of an incident, read against the first: what it adds. Only suspected and
# confirmed duplicates count; a rejected one is another incident.
SECOND_REPORT_STATUSES = ("suspected", "confirmed")


@dataclass
class SecondReport:
    """Another report of the incident `first` reports (a contact whose `duplicate_of` is it),
    with what it says that the first did not."""

    contact: Contact
    new_people: list[str] = field(default_factory=list)  # "Leo Marsh (alleged perpetrator)"
    new_categories: list[str] = field(default_factory=list)
    # The second report says a child or adult is at immediate risk; `risk_is_new`: the first
    # did not.
    immediate_risk: bool = False
    risk_is_new: bool = False

    @property
    def adds_nothing(self) -> bool:
        return not (self.new_people or self.new_categories or self.risk_is_new)


def _name_key(given: str, family: str, born: date | None) -> tuple[str, str, date | None]:
    return (given.strip().casefold(), family.strip().casefold(), born)


def second_reports_of(first: Contact) -> list[SecondReport]:
    """Every suspected or confirmed second report of `first`'s incident, oldest first, each with
    the people it names that `first` does not (matched to another person, or unmatched with
    another name and date of birth), its concern categories `first` lacks, and whether it adds
    immediate risk. Four queries, however many reports."""
    seconds = list(
        Contact.objects.filter(duplicate_of=first, duplicate_status__in=SECOND_REPORT_STATUSES)
        .select_related("source_agency", "submitted_by")
        .prefetch_related("contact_subjects", "categories", "subjects", "restricted_to")
        .order_by("received_at", "pk")
    )
    if not seconds:
        return []
    subjects = list(first.contact_subjects.all())
    people = {s.person_id for s in subjects if s.person_id}
    names = {_name_key(s.given_name, s.family_name, s.date_of_birth) for s in subjects}
    categories = set(first.categories.values_list("pk", flat=True))
    reports = []
    for second in seconds:
        report = SecondReport(contact=second, immediate_risk=second.immediate_risk)
        report.risk_is_new = second.immediate_risk and not first.immediate_risk
        for subject in second.contact_subjects.all():
            known = subject.person_id in people if subject.person_id else False
            key = _name_key(subject.given_name, subject.family_name, subject.date_of_birth)
            if not known and key not in names:
                role = subject.get_role_display() if subject.role != "subject" else ""
                name = f"{subject.given_name} {subject.family_name}".strip()
                report.new_people.append(f"{name} ({role.lower()})" if role else name)
        report.new_categories = [c.label for c in second.categories.all() if c.pk not in categories]
        reports.append(report)
    return reports
