"""Reading for subject access (everything held about a person, with redactions applied) and for
retention (the rules in force, their history, the review of records past their date)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from openmash.contacts.models import Contact, ContactStatus, ContactSubject
from openmash.contacts.permissions import contacts_visible_to
from openmash.core.audit import verb_label
from openmash.core.calendar import LONDON
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import DecisionState
from openmash.people.models import Person
from openmash.people.registry import PersonEvent, person_event_providers
from openmash.privacy.deadlines import months_after, response_due, statutory_date
from openmash.privacy.models import (
    LegalHold,
    Redaction,
    RequestStatus,
    RetentionRule,
    SubjectAccessRequest,
)
from openmash.privacy.record_types import RECORD_TYPES

if TYPE_CHECKING:
    from openmash.accounts.models import User

AUDIT_ROWS_SHOWN = 500


# --- Subject access requests ---------------------------------------------------------------


@dataclass
class RequestRow:
    request: SubjectAccessRequest
    statutory_on: date
    due_on: date
    overdue: bool


def request_row(sar: SubjectAccessRequest, today: date | None = None) -> RequestRow:
    today = today or timezone.localdate()
    due = response_due(sar.received_on, sar.identity_verified_on, extended=sar.extended)
    return RequestRow(
        request=sar,
        statutory_on=statutory_date(
            sar.received_on, sar.identity_verified_on, extended=sar.extended
        ),
        due_on=due,
        overdue=sar.status == RequestStatus.OPEN and due < today,
    )


def request_list_open(requests: QuerySet[SubjectAccessRequest]) -> list[RequestRow]:
    """Open requests (the caller's scope), the soonest deadline first."""
    today = timezone.localdate()
    found = requests.filter(status=RequestStatus.OPEN).select_related("person")
    rows = [request_row(sar, today) for sar in found]
    rows.sort(key=lambda r: (r.due_on, r.request.pk))
    return rows


# --- Everything held about a person ---------------------------------------------------------


@dataclass(frozen=True)
class HeldItem:
    key: str  # stable, what a redaction names: "person:1", "contact:2", an event's key, "audit:3"
    at: datetime | None
    title: str
    text: str
    source: str = ""  # the agency or app it came from
    redacted_reasons: tuple[str, ...] = ()


@dataclass
class HeldSection:
    title: str
    items: list[HeldItem] = field(default_factory=list)


def holdings(user: User, person: Person) -> list[HeldSection]:
    """Everything held about `person` that `user` may see: the person index record, the contacts
    naming them in full, every app's chronology events (assessments, plans, notes...) and who
    has looked at or changed their record. The caller has passed the person's gate."""
    return [
        HeldSection("Person index record", [_person_item(person)]),
        HeldSection("Contacts naming them", _contact_items(user, person)),
        HeldSection("Chronology (every service's records)", _event_items(user, person)),
        HeldSection("Who has looked at or changed their record", _audit_items(person)),
    ]


def _person_item(person: Person) -> HeldItem:
    lines = [f"Name: {person.given_name} {person.family_name}"]
    if person.date_of_birth:
        lines.append(f"Date of birth: {person.date_of_birth:%d/%m/%Y}")
    if person.nhs_number:
        lines.append(f"NHS number: {person.nhs_number}")
    if person.postcode:
        lines.append(f"Postcode: {person.postcode}")
    return HeldItem(key=f"person:{person.pk}", at=None, title="Person index", text="\n".join(lines))


def _contact_items(user: User, person: Person) -> list[HeldItem]:
    contacts = (
        contacts_visible_to(user)
        .filter(contact_subjects__person=person)
        .select_related("source_agency")
        .distinct()
        .order_by("-received_at")
    )
    items = []
    for contact in contacts:
        lines = [f"Concern: {contact.concern}"]
        if contact.immediate_risk_details:
            lines.append(f"Immediate risk: {contact.immediate_risk_details}")
        if contact.referrer_name:
            lines.append(f"Referred by: {contact.referrer_name} {contact.referrer_role}".strip())
        if contact.outcome_for_referrer:
            lines.append(f"Outcome: {contact.outcome_for_referrer}")
        items.append(
            HeldItem(
                key=f"contacts.contact:{contact.pk}",
                at=contact.received_at,
                title=f"Contact {contact.reference} ({contact.get_status_display()})",
                text="\n".join(lines),
                source=contact.source_agency.name,
            )
        )
    return items


def _person_events(user: User, person: Person) -> tuple[list[PersonEvent], dict[str, str]]:
    """Every app's events about the person that `user` may see, through each app's own gate:
    the chronology's providers (the same registry the chronology reads), newest first."""
    events: list[PersonEvent] = []
    labels: dict[str, str] = {}
    for provider in person_event_providers:
        labels.update(provider.kinds)
        events.extend(provider.events(user, [person.pk]))
    events.sort(key=lambda e: (e.at, e.key), reverse=True)
    return events, labels


def _event_items(user: User, person: Person) -> list[HeldItem]:
    events, labels = _person_events(user, person)
    return [
        HeldItem(
            key=event.key,
            at=event.at,
            title=f"{labels.get(event.kind, event.kind)}: {event.summary}",
            text="(restricted: shown in outline)" if event.restricted else event.detail,
            source=event.agency,
        )
        for event in events
    ]


def _audit_items(person: Person) -> list[HeldItem]:
    contact_ids = [
        str(pk)
        for pk in ContactSubject.objects.filter(person=person).values_list("contact_id", flat=True)
    ]
    rows = (
        AuditEvent.objects.filter(
            Q(target_type="person", target_id=str(person.pk))
            | Q(target_type="contact", target_id__in=contact_ids)
        )
        .order_by("-occurred_at", "-pk")
        .only("pk", "occurred_at", "actor_label", "verb", "target_type")[:AUDIT_ROWS_SHOWN]
    )
    return [
        HeldItem(
            key=f"audit:{row.pk}",
            at=row.occurred_at,
            title=f"{verb_label(row.verb)} ({row.target_type})",
            text=f"By {row.actor_label or 'the system'}",
        )
        for row in rows
    ]


def holding_item(sections: list[HeldSection], key: str) -> HeldItem | None:
    for section in sections:
        for item in section.items:
            if item.key == key:
                return item
    return None


def record_of(key: str) -> str:
    """The record an item shows: its key without the person a shared event is about
    ("contacts.contact:5:12" -> "contacts.contact:5"), so the contact and its chronology event
    are one record."""
    return ":".join(key.split(":")[:2])


def holdings_redacted(
    sections: list[HeldSection], redactions: list[Redaction]
) -> list[HeldSection]:
    """The sections as they will be disclosed. A whole-item redaction withholds every item
    showing that record (the contact and its chronology event alike), keeping only the date and
    the reason; a span is replaced by the reason wherever it appears in the disclosure, so a
    third party's name redacted once is gone from every item that repeats it."""
    whole = {record_of(r.item_key): r for r in redactions if not r.span}
    spans = [r for r in redactions if r.span]
    out = []
    for section in sections:
        items = []
        for item in section.items:
            withheld = whole.get(record_of(item.key))
            if withheld is not None:
                item = _apply(item, withheld)
            else:
                for redaction in spans:
                    if redaction.span in item.title or redaction.span in item.text:
                        item = _apply(item, redaction)
            items.append(item)
        out.append(HeldSection(section.title, items))
    return out


def _apply(item: HeldItem, redaction: Redaction) -> HeldItem:
    mark = f"[Redacted: {redaction.reason_text}]"
    reasons = (*item.redacted_reasons, redaction.reason_text)
    if not redaction.span:
        return replace(item, title=mark, text="", source="", redacted_reasons=reasons)
    return replace(
        item,
        title=item.title.replace(redaction.span, mark),
        text=item.text.replace(redaction.span, mark),
        redacted_reasons=reasons,
    )


# --- Retention ------------------------------------------------------------------------------


def rule_current(record_type: str) -> RetentionRule | None:
    """The newest version is in force (by id: a version's time is when it was saved)."""
    return RetentionRule.objects.filter(record_type=record_type).order_by("-pk").first()


def rules_current() -> dict[str, RetentionRule | None]:
    return {code: rule_current(code) for code in RECORD_TYPES}


def rule_history(record_type: str) -> list[RetentionRule]:
    return list(
        RetentionRule.objects.filter(record_type=record_type)
        .select_related("changed_by")
        .order_by("-pk")
    )


def keep_until(rule: RetentionRule, closed_on: date, births: list[date | None]) -> date | None:
    """The later of closure + the years and the youngest person's birthday at `until_age`; None
    when the age counts and a date of birth is missing (kept: the date cannot be known)."""
    until = months_after(closed_on, 12 * rule.years_after_closure)
    if rule.until_age is not None and births:
        if any(b is None for b in births):
            return None
        youngest = max(b for b in births if b is not None)
        until = max(until, months_after(youngest, 12 * rule.until_age))
    return until


def holds_active() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(lifted_at__isnull=True)


def is_held(record_type: str, record_id: int, person_ids: list[int]) -> bool:
    return (
        holds_active()
        .filter(Q(record_type=record_type, record_id=record_id) | Q(person_id__in=person_ids))
        .exists()
    )


@dataclass
class ReviewRow:
    record_type: str
    record_id: int
    reference: str
    closed_on: date
    keep_until: date
    held: bool
    disposable: bool


def contacts_nfa() -> QuerySet[Contact]:
    """Closed contacts whose authorised decision was no further action for everyone it named."""
    from openmash.frontdoor.models import DecisionOutcome

    other = DecisionOutcome.objects.exclude(outcome="nfa").values("decision__contact_id")
    return (
        Contact.objects.filter(
            status=ContactStatus.CLOSED,
            decisions__state=DecisionState.AUTHORISED,
            decisions__outcomes__outcome="nfa",
        )
        .exclude(pk__in=other)
        .distinct()
    )


def retention_review(today: date | None = None) -> list[ReviewRow]:
    """Records past their retention date, oldest first: those disposal can take, and (so the
    council sees what waits) none of the types not yet disposable, which have no review yet."""
    today = today or timezone.localdate()
    rule = rule_current("contact_nfa")
    if rule is None:
        return []
    # Nothing closed within the years can be due, whatever the ages: a cheap first cut.
    cutoff = datetime.combine(
        months_after(today, -12 * rule.years_after_closure), datetime.min.time(), tzinfo=LONDON
    )
    candidates = (
        contacts_nfa()
        .filter(closed_at__lte=cutoff)
        .prefetch_related(
            Prefetch(
                "contact_subjects",
                queryset=ContactSubject.objects.select_related("person").order_by("pk"),
            )
        )
        .order_by("closed_at", "pk")
    )
    held_contacts = set(
        holds_active().filter(record_type="contact_nfa").values_list("record_id", flat=True)
    )
    held_people = set(holds_active().exclude(person=None).values_list("person_id", flat=True))
    rows = []
    for contact in candidates:
        assert contact.closed_at is not None
        subjects = list(contact.contact_subjects.all())
        births = [_birth(s) for s in subjects if s.is_child]
        until = keep_until(rule, contact.closed_at.astimezone(LONDON).date(), births)
        if until is None or until > today:
            continue
        people = {s.person_id for s in subjects if s.person_id}
        rows.append(
            ReviewRow(
                record_type="contact_nfa",
                record_id=contact.pk,
                reference=contact.reference,
                closed_on=contact.closed_at.astimezone(LONDON).date(),
                keep_until=until,
                held=contact.pk in held_contacts or bool(people & held_people),
                disposable=True,
            )
        )
    return rows


def _birth(subject: ContactSubject) -> date | None:
    if subject.person is not None and subject.person.date_of_birth:
        return subject.person.date_of_birth
    return subject.date_of_birth
