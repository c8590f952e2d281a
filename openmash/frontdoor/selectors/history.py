"""A contact's history as the worker reads it (docs/frontdoor.md, "History and second reports"):

- **previous contacts**: the contacts, counted once each, that name any of this contact's people
  and were received before it (never later), leaving out the same incident's confirmed reports
  (and, of an earlier incident reported twice, listing only the first report), each with its
  outcome and date;
- **re-contact**: this contact came within 12 months of a contact about the same person being
  closed with an early help outcome;
- **second reports**: other reports of this contact's incident, with what each adds, until the
  worker acknowledges them.

A restricted contact the user may not see in detail is listed in outline only (received, and
that it is restricted) and never sets the re-contact flag, which would tell its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from openmash.contacts.duplicates import SECOND_REPORT_STATUSES, SecondReport, second_reports_of
from openmash.contacts.models import OPEN_STATUSES, Contact, ContactStatus, ContactSubject
from openmash.contacts.permissions import contact_is_restricted_for, contacts_visible_to
from openmash.core.audit import AuditVerb, audit_record
from openmash.frontdoor.models import (
    ChildOutcome,
    DecisionOutcome,
    DecisionState,
    SecondReportAcknowledgement,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User

RECONTACT_MONTHS = 12


def months_before(moment: datetime, months: int) -> datetime:
    """The same London wall-clock time `months` calendar months earlier (29 February becomes
    the 28th when the month is shorter)."""
    local = timezone.localtime(moment)
    year, month = divmod(local.year * 12 + local.month - 1 - months, 12)
    day = local.day
    while True:
        try:
            return local.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


@dataclass
class PreviousContact:
    contact: Contact
    masked: bool
    about: str = ""  # which of this contact's people it names
    outcome: str = ""  # the authorised outcome(s), or the stage while it is open
    outcome_on: date | None = None
    in_last_year: bool = False  # received in the 12 months before this contact


@dataclass(frozen=True)
class Recontact:
    """This contact came within 12 months of an early help closure about the same person."""

    reference: str
    person_name: str
    closed_on: date


@dataclass
class ContactHistory:
    previous: list[PreviousContact] = field(default_factory=list)
    recontact: Recontact | None = None

    @property
    def in_last_year(self) -> int:
        return sum(1 for p in self.previous if p.in_last_year)

    @property
    def earlier(self) -> int:
        return len(self.previous) - self.in_last_year


def same_incident_q(contact: Contact) -> Q:
    """The contact itself and the confirmed reports of its incident (not its history)."""
    q = Q(pk=contact.pk) | Q(duplicate_of_id=contact.pk, duplicate_status="confirmed")
    if contact.duplicate_of_id and contact.duplicate_status == "confirmed":
        original = contact.duplicate_of_id
        q |= Q(pk=original) | Q(duplicate_of_id=original, duplicate_status="confirmed")
    return q


def contact_history(user: User, contact: Contact) -> ContactHistory:
    """Previous contacts and the re-contact flag for the contact page, in a fixed number of
    queries however long the history; the contacts shown are written to the audit log."""
    names = {
        s.person_id: f"{s.given_name} {s.family_name}".strip()
        for s in contact.contact_subjects.all()
        if s.person_id
    }
    if not names:
        return ContactHistory()
    naming = ContactSubject.objects.filter(person_id__in=names).values("contact_id")
    others = list(
        contacts_visible_to(user)
        .filter(pk__in=naming, received_at__lt=contact.received_at)
        .exclude(same_incident_q(contact))
        .select_related("source_agency", "duplicate_of")
        .prefetch_related("contact_subjects", "subjects", "restricted_to")
        .order_by("-received_at", "-pk")
    )
    # One incident reported twice is one previous contact: the original stands for it.
    listed = {o.pk for o in others}
    others = [
        o for o in others if not (o.duplicate_status == "confirmed" and o.duplicate_of_id in listed)
    ]
    outcomes = _authorised_outcomes(o.pk for o in others)
    year_before = months_before(contact.received_at, RECONTACT_MONTHS)
    history = ContactHistory()
    for other in others:
        row = PreviousContact(contact=other, masked=contact_is_restricted_for(user, other))
        row.in_last_year = other.received_at >= year_before
        if not row.masked:
            named = {s.person_id for s in other.contact_subjects.all()}
            row.about = ", ".join(sorted({n for pk, n in names.items() if pk in named}))
            row.outcome, row.outcome_on = _outcome_words(other, outcomes.get(other.pk, []))
            if history.recontact is None:
                history.recontact = _early_help_closure(
                    other,
                    outcomes.get(other.pk, []),
                    names,
                    since=year_before,
                    until=contact.received_at,
                )
        history.previous.append(row)
    if others:
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target=contact,
            summary={"previous_contacts": [o.pk for o in others]},
            durable=False,
        )
    return history


def _authorised_outcomes(contact_ids: Iterable[int]) -> dict[int, list[DecisionOutcome]]:
    """Each contact's outcomes from its latest authorised decision, in one query."""
    rows = (
        DecisionOutcome.objects.filter(
            decision__contact_id__in=list(contact_ids), decision__state=DecisionState.AUTHORISED
        )
        .select_related("decision", "subject")
        .order_by("decision__contact_id", "-decision__authorised_at", "-decision_id", "pk")
    )
    found: dict[int, list[DecisionOutcome]] = {}
    for row in rows:
        mine = found.setdefault(row.decision.contact_id, [])
        if not mine or mine[0].decision_id == row.decision_id:
            mine.append(row)
    return found


def _outcome_words(
    contact: Contact, outcomes: Sequence[DecisionOutcome]
) -> tuple[str, date | None]:
    if outcomes:
        labels = {o.label for o in outcomes}
        if len(labels) == 1:
            words = labels.pop()
        else:
            words = "; ".join(f"{o.subject.given_name}: {o.label}" for o in outcomes)
        authorised = outcomes[0].decision.authorised_at
        return words, timezone.localdate(authorised) if authorised else None
    if contact.status == ContactStatus.CLOSED and contact.duplicate_of_id:
        original = contact.duplicate_of
        reference = original.reference if original else ""
        closed = timezone.localdate(contact.closed_at) if contact.closed_at else None
        return f"Closed: same incident as {reference}", closed
    if contact.status in OPEN_STATUSES:
        return f"Open: {contact.get_status_display().lower()}", None
    closed = timezone.localdate(contact.closed_at) if contact.closed_at else None
    return contact.get_status_display(), closed


def _early_help_closure(
    contact: Contact,
    outcomes: Sequence[DecisionOutcome],
    names: dict[int, str],
    *,
    since: datetime,
    until: datetime,
) -> Recontact | None:
    """An early help closure about one of `names` between `since` and `until` (the arrival)."""
    if contact.status != ContactStatus.CLOSED or contact.closed_at is None:
        return None
    if not since <= contact.closed_at < until:
        return None
    for outcome in outcomes:
        person = outcome.subject.person_id
        if outcome.is_child and outcome.outcome == ChildOutcome.EARLY_HELP and person in names:
            return Recontact(
                reference=contact.reference,
                person_name=names[person],
                closed_on=timezone.localdate(contact.closed_at),
            )
    return None


# The queue's markers: a fixed number of queries for a page of contacts.


def queue_recontacts(contacts: Sequence[Contact], person_ids: dict[int, set[int]]) -> set[int]:
    """Which of `contacts` (with their people, `person_ids[contact.pk]`) are re-contacts within
    12 months of an early help closure, in one query. On the queue only unrestricted earlier
    contacts count (the row would otherwise tell a restricted contact's outcome to everyone)."""
    everyone = {pk for ids in person_ids.values() for pk in ids}
    if not everyone or not contacts:
        return set()
    earliest = months_before(min(c.received_at for c in contacts), RECONTACT_MONTHS)
    restricted_people = ContactSubject.objects.filter(person__is_restricted=True).values(
        "contact_id"
    )
    closures = (
        DecisionOutcome.objects.filter(
            outcome=ChildOutcome.EARLY_HELP,
            is_child=True,
            decision__state=DecisionState.AUTHORISED,
            subject__person_id__in=everyone,
            decision__contact__status=ContactStatus.CLOSED,
            decision__contact__closed_at__gte=earliest,
            decision__contact__closed_at__lt=max(c.received_at for c in contacts),
            decision__contact__is_restricted=False,
        )
        .exclude(decision__contact_id__in=restricted_people)
        .values_list("subject__person_id", "decision__contact_id", "decision__contact__closed_at")
    )
    by_person: dict[int, list[tuple[int, datetime]]] = {}
    for person_id, contact_id, closed_at in closures:
        if closed_at is None:  # filtered out above; for the type checker
            continue
        by_person.setdefault(person_id, []).append((contact_id, closed_at))
    marked = set()
    for contact in contacts:
        since = months_before(contact.received_at, RECONTACT_MONTHS)
        for person_id in person_ids.get(contact.pk, set()):
            if any(
                other != contact.pk and since <= closed < contact.received_at
                for other, closed in by_person.get(person_id, [])
            ):
                marked.add(contact.pk)
    return marked


def queue_second_reports(contacts: Sequence[Contact]) -> dict[int, int]:
    """How many second reports of each contact's incident wait to be acknowledged (one query)."""
    waiting = Contact.objects.filter(
        duplicate_of_id__in=[c.pk for c in contacts],
        duplicate_status__in=SECOND_REPORT_STATUSES,
        second_report_acknowledgement__isnull=True,
    ).values_list("duplicate_of_id", flat=True)
    counts: dict[int, int] = {}
    for pk in waiting:
        counts[pk] = counts.get(pk, 0) + 1
    return counts


# Second reports on the contact page and the API.


@dataclass
class SecondReportAlert:
    report: SecondReport
    masked: bool  # restricted for this user: shown in outline only
    acknowledgement: SecondReportAcknowledgement | None

    @property
    def contact(self) -> Contact:
        return self.report.contact

    @property
    def referrer(self) -> str:
        second = self.report.contact
        if second.referrer_name:
            name = second.referrer_name
        elif second.submitted_by:
            name = second.submitted_by.full_name
        else:
            name = second.officer_name
        return f"{name}, {second.referrer_role}" if name and second.referrer_role else name

    @property
    def status_words(self) -> str:
        if self.report.contact.duplicate_status == "confirmed":
            return "confirmed as the same incident"
        return "possibly the same incident (not yet checked)"


def second_report_alerts(user: User, contact: Contact) -> list[SecondReportAlert]:
    """Every suspected or confirmed second report of this contact's incident, waiting ones
    first, each with what it adds (masked when restricted for this user) and its
    acknowledgement, if any."""
    reports = second_reports_of(contact)
    if not reports:
        return []
    acknowledged = {
        a.second_report_id: a
        for a in SecondReportAcknowledgement.objects.filter(
            second_report__in=[r.contact for r in reports]
        ).select_related("acknowledged_by")
    }
    alerts = [
        SecondReportAlert(
            report=r,
            masked=contact_is_restricted_for(user, r.contact),
            acknowledgement=acknowledged.get(r.contact.pk),
        )
        for r in reports
    ]
    return sorted(alerts, key=lambda a: a.acknowledgement is not None)
