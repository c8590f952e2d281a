"""Reading chronologies: every registered provider's events about a person (or a family), the
workers' significance marks, filters; the family around a person; the cumulative-risk panel."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q

from openmash.chronology.models import CaseSummary, SignificantEvent
from openmash.chronology.permissions import is_agency_reader
from openmash.contacts.models import Contact
from openmash.contacts.permissions import contacts_visible_to
from openmash.core.calendar import LONDON
from openmash.people.models import Person, Relationship, RelationshipKind
from openmash.people.registry import OpenInvolvement, PersonEvent, person_event_providers

if TYPE_CHECKING:
    from openmash.accounts.models import User


def chronology_kinds() -> dict[str, str]:
    """Every kind of event any app gives, code -> label, in registration order."""
    kinds: dict[str, str] = {}
    for provider in person_event_providers:
        kinds.update(provider.kinds)
    return kinds


@dataclass(frozen=True)
class ChronologyFilters:
    agency: int | None = None
    kind: str = ""
    since: date | None = None
    until: date | None = None
    significant_only: bool = False
    oldest_first: bool = False


def event_anchor(key: str) -> str:
    """The id of an event on the chronology page, from its key."""
    return "event-" + "".join(c if c.isalnum() else "-" for c in key)


@dataclass
class ChronologyItem:
    event: PersonEvent
    kind_label: str
    significant: bool
    person: Person | None = None  # whom it is about, in a family chronology

    @property
    def anchor(self) -> str:
        return event_anchor(self.event.key)


@dataclass
class Chronology:
    items: list[ChronologyItem]
    total: int  # before filters
    events: list[PersonEvent]  # all of them, before filters, oldest first
    agencies: list[tuple[int, str]]  # the agencies its events come from, for the filter
    kinds: list[tuple[str, str]]  # the kinds it holds, for the filter


def person_events(user: User, person_ids: list[int]) -> list[PersonEvent]:
    """Every event about these people that `user` may see, from every provider, oldest first."""
    events: list[PersonEvent] = []
    for provider in person_event_providers:
        events.extend(provider.events(user, person_ids))
    events.sort(key=lambda e: (e.at, e.key))
    return events


def chronology_build(
    user: User,
    people: list[Person],
    filters: ChronologyFilters | None = None,
    *,
    events: list[PersonEvent] | None = None,
) -> Chronology:
    """The chronology of one person, or of a family (several people, each event saying whom it
    is about). The caller has passed each person through the chronology gate. `events`: these
    people's events already read for this user (a second filtering of the same chronology)."""
    filters = filters or ChronologyFilters()
    by_id = {p.pk: p for p in people}
    if events is None:
        events = person_events(user, list(by_id))
    # Significance is the council's judgement: an agency representative is not shown it.
    marks = SignificantEvent.objects.none() if is_agency_reader(user) else SignificantEvent.objects
    significant = set(marks.filter(person_id__in=by_id).values_list("person_id", "event_key"))
    labels = chronology_kinds()
    agencies = sorted(
        {(e.agency_id, e.agency) for e in events if e.agency_id is not None}, key=lambda a: a[1]
    )
    kinds = sorted({e.kind for e in events}, key=lambda k: labels.get(k, k))
    items = [
        ChronologyItem(
            event=e,
            kind_label=labels.get(e.kind, e.kind),
            significant=(e.person_id, e.key) in significant,
            person=by_id.get(e.person_id) if len(by_id) > 1 else None,
        )
        for e in events
        if _wanted(e, filters, (e.person_id, e.key) in significant)
    ]
    if not filters.oldest_first:
        items.reverse()
    return Chronology(
        items=items,
        total=len(events),
        events=events,
        agencies=[(pk, name) for pk, name in agencies],
        kinds=[(k, labels.get(k, k)) for k in kinds],
    )


def _wanted(event: PersonEvent, filters: ChronologyFilters, significant: bool) -> bool:
    day = event.at.astimezone(LONDON).date()
    return not (
        (filters.agency and event.agency_id != filters.agency)
        or (filters.kind and event.kind != filters.kind)
        or (filters.since and day < filters.since)
        or (filters.until and day > filters.until)
        or (filters.significant_only and not significant)
    )


@dataclass
class FamilyMember:
    person: Person
    relation: str  # how they are related to the person at the centre, in words
    # What is open about them now across the apps, as far as `user` may see it, oldest first.
    open: list[OpenInvolvement] = field(default_factory=list)


def open_involvement_of(user: User, person_ids: list[int]) -> dict[int, list[OpenInvolvement]]:
    """What is open now about each of these people, from every provider (each through its own
    gate; a few queries per app for all of them together), oldest first."""
    found: dict[int, list[OpenInvolvement]] = {pk: [] for pk in person_ids}
    for provider in person_event_providers:
        if provider.open_involvement is None or not person_ids:
            continue
        for item in provider.open_involvement(user, person_ids):
            found.setdefault(item.person_id, []).append(item)
    for items in found.values():
        items.sort(key=lambda i: i.since)
    return found


def family_of(user: User, person: Person) -> list[FamilyMember]:
    """The people around `person`: their relationships (both ways) and the other members of their
    households, each once, with what is open about them now that `user` may see."""
    members: dict[int, FamilyMember] = {}
    relationships = Relationship.objects.filter(
        Q(from_person=person) | Q(to_person=person)
    ).select_related("from_person", "to_person")
    for rel in relationships:
        other = rel.to_person if rel.from_person_id == person.pk else rel.from_person
        members.setdefault(other.pk, FamilyMember(other, _relation_words(rel, person)))
    for household in person.households.prefetch_related("members"):
        for other in household.members.all():
            if other.pk != person.pk:
                members.setdefault(other.pk, FamilyMember(other, "Lives in the same household"))
    involvement = open_involvement_of(user, list(members))
    for member in members.values():
        member.open = involvement.get(member.person.pk, [])
    return sorted(members.values(), key=lambda m: (m.person.family_name, m.person.given_name))


INVERSE = {
    RelationshipKind.PARENT: "Child of",
    RelationshipKind.CARER: "Cared for by",
    RelationshipKind.ALLEGED_PERPETRATOR: "Alleged victim of",
}


def _relation_words(rel: Relationship, person: Person) -> str:
    """How the other person stands to `person`: "Parent", "Sibling", "Alleged perpetrator"."""
    kind = RelationshipKind(rel.kind)
    if rel.to_person_id == person.pk:  # the other person is `kind` `person`
        return kind.label.removesuffix(" of").removesuffix(" with").removesuffix(" towards")
    # `person` is `kind` the other: the other is the inverse.
    return INVERSE.get(kind, kind.label).removesuffix(" of").removesuffix(" by")


@dataclass
class CumulativeRisk:
    contacts_12_months: int = 0
    repeated_categories: list[tuple[str, int]] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    events_by_kind: list[tuple[str, int]] = field(default_factory=list)
    # Events of the kinds providers mark lasting (earlier plans and their categories), at any
    # time, oldest first.
    lasting: list[PersonEvent] = field(default_factory=list)


def cumulative_risk(
    user: User, person: Person, *, now: datetime, events: list[PersonEvent] | None = None
) -> CumulativeRisk:
    """What a year's history adds up to: contacts, categories reported more than once, the
    agencies involved, and the year's events by kind (plans, missing episodes... as their apps
    give them); and, however old, the events of the kinds providers mark lasting (earlier child
    protection plans and their categories)."""
    since = now - timedelta(days=365)
    contacts = list(
        contacts_visible_to(user)
        .filter(contact_subjects__person=person, received_at__gte=since, received_at__lte=now)
        .select_related("source_agency")
        .prefetch_related("categories")
        .distinct()
    )
    risk = CumulativeRisk(contacts_12_months=len(contacts))
    categories = Counter(c.label for contact in contacts for c in contact.categories.all())
    risk.repeated_categories = sorted(
        ((label, n) for label, n in categories.items() if n > 1), key=lambda x: (-x[1], x[0])
    )
    if events is None:
        events = person_events(user, [person.pk])
    lasting_kinds = {k for provider in person_event_providers for k in provider.lasting_kinds}
    risk.lasting = [
        e for e in events if e.person_id == person.pk and e.kind in lasting_kinds and e.at <= now
    ]
    events = [e for e in events if e.person_id == person.pk and since <= e.at <= now]
    risk.agencies = sorted({e.agency for e in events if e.agency} | _agencies(contacts))
    labels = chronology_kinds()
    counted = Counter(labels.get(e.kind, e.kind) for e in events)
    risk.events_by_kind = sorted(counted.items(), key=lambda x: (-x[1], x[0]))
    return risk


def _agencies(contacts: list[Contact]) -> set[str]:
    return {c.source_agency.name for c in contacts}


def case_summary_latest(person: Person) -> CaseSummary | None:
    return (
        CaseSummary.objects.filter(person=person)
        .select_related("written_by", "signed_off_by")
        .order_by("-version")
        .first()
    )


def case_summary_versions(person: Person) -> list[CaseSummary]:
    return list(
        CaseSummary.objects.filter(person=person)
        .select_related("written_by", "signed_off_by")
        .order_by("-version")
    )
