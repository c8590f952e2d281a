"""The MASH queue: open contacts, most urgent first, with the worker best placed to take each.

Contacts with immediate risk come first, whatever their clocks. Then urgency is time left: the
earlier of the RAG due time (left out while the RAG clock is paused, because a paused clock is
not counting down) and the one-working-day decision due time. Contacts with neither come last,
oldest first. Every page costs the same number of queries whatever its
size: people, categories, restrictions, break-glass grants and continuity suggestions are each
fetched once for the whole page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from openmash.accounts.models import User
from openmash.contacts.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
    Rag,
    SubjectRole,
)
from openmash.contacts.permissions import contacts_visible_to
from openmash.core.access import target_key
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.models import BreakGlassAccess
from openmash.frontdoor.models import Breach
from openmash.frontdoor.permissions import breaches_visible_to
from openmash.frontdoor.registry import breach_clocks
from openmash.frontdoor.selectors.history import queue_recontacts, queue_second_reports
from openmash.people.models import Person

UNRATED = "unrated"
WORKER_UNALLOCATED = "unallocated"
WORKER_MINE = "mine"
PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values mean "any"."""

    team: int | None = None
    worker: str = ""  # a user id, "unallocated" or "mine"
    agency: int | None = None
    category: str = ""  # a concern category code
    who: str = ""  # "child" or "adult": any subject of the contact is one
    rag: str = ""  # red, amber, green, blue or "unrated"
    stage: str = ""  # one of the open statuses

    @property
    def is_empty(self) -> bool:
        return self == QueueFilters()


@dataclass(frozen=True)
class Suggestion:
    """Continuity: the worker who last had a contact about one of the same people."""

    worker_id: int
    worker_name: str
    person_name: str
    reference: str
    allocated_on: date


@dataclass(frozen=True)
class Category:
    code: str
    label: str


if TYPE_CHECKING:

    class QueueContact(Contact):
        """A contact as the queue shows it: `_with_due_at` annotates `due_at`, and
        `queue_page_load` sets the rest on each contact of a page (none of it is stored)."""

        due_at: datetime | None
        queue_subjects: list[ContactSubject]
        queue_categories: list[Category]
        suggestion: Suggestion | None
        recontact: bool
        second_reports_waiting: int


# What a queue row shows of each subject (a Person row is wide; only this much is read).
SUBJECT_FIELDS = (
    "contact_id",
    "person_id",
    "role",
    "is_child",
    "given_name",
    "family_name",
    "person__id",
    "person__is_restricted",
)
# Long texts no queue row shows.
QUEUE_DEFERRED = (
    "concern",
    "immediate_risk_details",
    "anonymous_reason",
    "consent_reason",
    "rag_pause_reason",
    "outcome_for_referrer",
    "missing_items",
)


def queue_contacts(user: User, filters: QueueFilters) -> QuerySet[QueueContact]:
    """Open contacts `user` may see, filtered, most urgent first (see the module docstring)."""
    return (
        queue_ordered(user, filters)
        .select_related("source_agency", "allocated_to", "team")
        .defer(*QUEUE_DEFERRED)
    )


def queue_ordered(user: User, filters: QueueFilters) -> QuerySet[QueueContact]:
    return _filtered(_queue_base(user), user, filters).order_by(
        F("immediate_risk").desc(), F("due_at").asc(nulls_last=True), "received_at", "pk"
    )


def queue_page_ids(user: User, filters: QueueFilters) -> QuerySet[Any]:
    """The queue's contact ids in order, to paginate: sorting only ids (and the clocks) lets the
    database sort the open contacts without joining or reading every one of them in full."""
    return queue_ordered(user, filters).values_list("pk", flat=True)


def queue_contacts_by_id(user: User, ids: Sequence[int]) -> list[QueueContact]:
    """The contacts of one page of `queue_page_ids`, in that order, ready to show."""
    # Not through _queue_base's status filter: with it, SQLite reads every open contact.
    found = {
        c.pk: c
        for c in _with_due_at(contacts_visible_to(user).filter(pk__in=ids))
        .select_related("source_agency", "allocated_to", "team")
        .defer(*QUEUE_DEFERRED)
    }
    return [found[pk] for pk in ids if pk in found]


def _queue_base(user: User) -> QuerySet[QueueContact]:
    return _with_due_at(contacts_visible_to(user).filter(status__in=OPEN_STATUSES))


def _with_due_at(contacts: QuerySet[Contact]) -> QuerySet[QueueContact]:
    running_rag = Case(
        When(rag_paused_at__isnull=True, then=F("rag_due_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )
    # LEAST ignores NULLs on PostgreSQL but not on SQLite: give each side the other as fallback.
    annotated = contacts.annotate(running_rag_due_at=running_rag).annotate(
        due_at=Least(
            Coalesce("running_rag_due_at", "decision_due_at"),
            Coalesce("decision_due_at", "running_rag_due_at"),
        )
    )
    return cast("QuerySet[QueueContact]", annotated)


def _filtered(
    contacts: QuerySet[QueueContact], user: User, filters: QueueFilters
) -> QuerySet[QueueContact]:
    if filters.team:
        contacts = contacts.filter(team_id=filters.team)
    if filters.worker == WORKER_UNALLOCATED:
        contacts = contacts.filter(allocated_to__isnull=True)
    elif filters.worker == WORKER_MINE:
        contacts = contacts.filter(allocated_to_id=user.pk)
    elif filters.worker.isdigit():
        contacts = contacts.filter(allocated_to_id=int(filters.worker))
    if filters.agency:
        contacts = contacts.filter(source_agency_id=filters.agency)
    if filters.category:
        in_category = Contact.categories.through.objects.filter(
            contact_id=OuterRef("pk"), concerncategory__code=filters.category
        )
        contacts = contacts.filter(Exists(in_category))
    if filters.who in ("child", "adult"):
        about = ContactSubject.objects.filter(
            contact_id=OuterRef("pk"), role=SubjectRole.SUBJECT, is_child=filters.who == "child"
        )
        contacts = contacts.filter(Exists(about))
    if filters.rag == UNRATED:
        contacts = contacts.filter(rag="")
    elif filters.rag in Rag.values:
        contacts = contacts.filter(rag=filters.rag)
    if filters.stage in OPEN_STATUSES:
        contacts = contacts.filter(status=filters.stage)
    return contacts


def queue_counts(
    user: User, filters: QueueFilters, *, now: datetime | None = None
) -> dict[str, int]:
    """How many contacts in the (filtered) queue are at immediate risk, red, amber, green, blue,
    unrated, overdue."""
    now = now or timezone.now()
    contacts = _filtered(_queue_base(user), user, filters)
    return contacts.aggregate(
        total=Count("pk"),
        immediate=Count("pk", filter=Q(immediate_risk=True)),
        red=Count("pk", filter=Q(rag=Rag.RED)),
        amber=Count("pk", filter=Q(rag=Rag.AMBER)),
        green=Count("pk", filter=Q(rag=Rag.GREEN)),
        blue=Count("pk", filter=Q(rag=Rag.BLUE)),
        unrated=Count("pk", filter=Q(rag="")),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
    )


def queue_page_load(user: User, contacts: Sequence[QueueContact]) -> None:
    """Everything a page of the queue shows, in a fixed number of queries: each contact gets
    `queue_subjects` (the people it is about), `queue_categories`, `masked` (restricted for this
    user, as the contacts list masks), `suggestion` (continuity, or None), and its markers:
    `recontact` (within 12 months of an early help closure) and `second_reports_waiting`
    (second reports of its incident not yet acknowledged)."""
    if not contacts:
        return
    ids = [c.pk for c in contacts]
    subjects = list(
        ContactSubject.objects.filter(contact_id__in=ids)
        .select_related("person")
        .only(*SUBJECT_FIELDS)
        .prefetch_related(Prefetch("person__restricted_to", queryset=User.objects.only("pk")))
        .order_by("pk")
    )
    through = (
        Contact.categories.through.objects.filter(contact_id__in=ids)
        .order_by("concerncategory__sort_order", "concerncategory__label")
        .values_list("contact_id", "concerncategory__code", "concerncategory__label")
    )
    restricted_to = Contact.restricted_to.through.objects.filter(
        contact_id__in=ids, user_id=user.pk
    ).values_list("contact_id", flat=True)
    named_on = set(restricted_to)
    categories: dict[int, list[Category]] = {}
    for contact_id, code, label in through:
        categories.setdefault(contact_id, []).append(Category(code, label))
    by_contact: dict[int, list[ContactSubject]] = {}
    for subject in subjects:
        by_contact.setdefault(subject.contact_id, []).append(subject)
    grants = _break_glass_keys(user, contacts, [s.person for s in subjects if s.person])
    for contact in contacts:
        contact.queue_subjects = by_contact.get(contact.pk, [])
        contact.queue_categories = categories.get(contact.pk, [])
        contact.masked = _masked(user, contact, named_on, grants)
    suggestions = continuity_suggestions([c for c in contacts if not c.masked])
    people = {c.pk: {s.person_id for s in c.queue_subjects if s.person_id} for c in contacts}
    recontacts = queue_recontacts(contacts, people)
    waiting = queue_second_reports(contacts)
    for contact in contacts:
        contact.suggestion = suggestions.get(contact.pk)
        contact.recontact = contact.pk in recontacts and not contact.masked
        contact.second_reports_waiting = waiting.get(contact.pk, 0)


def _break_glass_keys(
    user: User, contacts: Iterable[Contact], people: Iterable[Person]
) -> set[tuple[str, str]]:
    keys = {target_key(c) for c in contacts if c.is_restricted}
    keys |= {target_key(p) for p in people if p.is_restricted}
    if not keys:
        return set()
    query = Q()
    for t_type, t_id in keys:
        query |= Q(target_type=t_type, target_id=t_id)
    active = BreakGlassAccess.objects.filter(query, user=user, expires_at__gt=timezone.now())
    return set(active.values_list("target_type", "target_id"))


def _masked(
    user: User, contact: QueueContact, named_on: set[int], grants: set[tuple[str, str]]
) -> bool:
    """The rule of contacts.permissions.contact_is_restricted_for, on prefetched data."""
    if contact.submitted_by_id == user.pk:
        return False
    if contact.is_restricted and contact.pk not in named_on and target_key(contact) not in grants:
        return True
    for subject in contact.queue_subjects:
        person = subject.person
        if person is None or not person.is_restricted:
            continue
        named = any(u.pk == user.pk for u in person.restricted_to.all())
        if not named and target_key(person) not in grants:
            return True
    return False


def continuity_suggestions(contacts: Sequence[QueueContact]) -> dict[int, Suggestion]:
    """For each contact (with `queue_subjects` loaded), the worker most recently allocated to
    another contact, open or closed, about any of the same people; one query for the page.
    Restricted contacts are never used as the source of a suggestion, and only workers who can
    still be allocated contacts are suggested."""
    person_ids = {s.person_id for c in contacts for s in c.queue_subjects if s.person_id}
    if not person_ids:
        return {}
    history = (
        ContactSubject.objects.filter(
            person_id__in=person_ids,
            contact__allocated_to__isnull=False,
            contact__allocated_at__isnull=False,
            contact__is_restricted=False,
            contact__allocated_to__is_active=True,
        )
        .filter(
            Exists(
                User.roles.through.objects.filter(
                    user_id=OuterRef("contact__allocated_to_id"), role__records_contacts=True
                )
            )
        )
        .order_by("-contact__allocated_at", "-contact_id")
        .values(
            "person_id",
            "contact_id",
            "contact__reference",
            "contact__allocated_at",
            "contact__allocated_to_id",
            "contact__allocated_to__full_name",
        )
    )
    latest: dict[int, list[Mapping[str, Any]]] = {}
    for row in history:
        # Two rows per person are enough: the newest may be the contact being suggested for.
        rows = latest.setdefault(row["person_id"], [])
        if len(rows) < 2 and all(r["contact_id"] != row["contact_id"] for r in rows):
            rows.append(row)
    suggestions = {}
    for contact in contacts:
        best: tuple[Mapping[str, Any], ContactSubject] | None = None
        for subject in contact.queue_subjects:
            for earlier in latest.get(subject.person_id or 0, []):
                if earlier["contact_id"] == contact.pk:
                    continue
                if (
                    best is None
                    or earlier["contact__allocated_at"] > best[0]["contact__allocated_at"]
                ):
                    best = (earlier, subject)
                break
        if best is not None:
            chosen, subject = best
            suggestions[contact.pk] = Suggestion(
                worker_id=chosen["contact__allocated_to_id"],
                worker_name=chosen["contact__allocated_to__full_name"],
                person_name=f"{subject.given_name} {subject.family_name}".strip(),
                reference=chosen["contact__reference"],
                allocated_on=timezone.localtime(chosen["contact__allocated_at"]).date(),
            )
    return suggestions


def contact_suggestion(contact: Contact) -> Suggestion | None:
    """The continuity suggestion for one contact (its page and the assign page), loading its
    `queue_subjects`; none for a restricted contact."""
    # continuity_suggestions reads only the queue_subjects of a queue contact.
    queued = cast("QueueContact", contact)
    queued.queue_subjects = list(ContactSubject.objects.filter(contact=contact).order_by("pk"))
    if contact.is_restricted:
        return None
    return continuity_suggestions([queued]).get(contact.pk)


def queue_worker_choices() -> list[tuple[str, str]]:
    """Every active front-door worker, for the queue's "allocated to" filter (one query)."""
    workers = (
        User.objects.filter(
            is_active=True, roles__records_contacts=True, roles__sees_front_door=True
        )
        .distinct()
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")
    )
    return [(str(pk), name) for pk, name in workers]


def queue_workers(user: User, contact: Contact | None = None) -> QuerySet[User]:
    """Front-door workers a manager may assign to: members of the contact's team (or of the
    manager's own teams when it has none); every active front-door worker if that is nobody."""
    workers = User.objects.filter(
        is_active=True, roles__records_contacts=True, roles__sees_front_door=True
    ).distinct()
    team_ids = [contact.team_id] if contact is not None and contact.team_id else []
    if not team_ids:
        team_ids = list(user.teams.filter(is_active=True).values_list("pk", flat=True))
    in_teams = workers.filter(teams__in=team_ids) if team_ids else workers.none()
    return (in_teams if in_teams.exists() else workers).order_by("full_name", "pk")


def time_left_seconds(contact: Contact, *, now: datetime | None = None) -> int | None:
    """Seconds until the contact's earliest running clock is due (negative when overdue)."""
    due = getattr(contact, "due_at", None)
    if due is None:
        return None
    return int((due - (now or timezone.now())).total_seconds())


def is_paused(contact: Contact) -> bool:
    return contact.rag_paused_at is not None and contact.status in OPEN_STATUSES


STAGE_CHOICES = [(s.value, s.label) for s in ContactStatus if s.value in OPEN_STATUSES]


def breach_list(
    user: User,
    *,
    state: str = "",
    kind: str = "",
    team: int | None = None,
    agency: int | None = None,
) -> QuerySet[Breach]:
    """Breaches on contacts `user` may see, and on other apps' records they may see (registered
    breach clocks): unresolved first, then the longest overdue. `state` is "" (not yet resolved),
    "resolved" or "all"."""
    breaches = Breach.objects.filter(breaches_visible_to(user))
    if state == "resolved":
        breaches = breaches.filter(resolved_at__isnull=False)
    elif state != "all":
        breaches = breaches.filter(resolved_at__isnull=True)
    if kind:
        breaches = breaches.filter(kind=kind)
    if team:
        breaches = breaches.filter(Q(contact__team_id=team) | Q(contact__isnull=True, team_id=team))
    if agency:
        breaches = breaches.filter(contact__source_agency_id=agency)
    unresolved_first = Case(When(resolved_at__isnull=True, then=Value(0)), default=Value(1))
    return breaches.select_related(
        "contact__team", "contact__source_agency", "information_request__agency", "team"
    ).order_by(unresolved_first, "due_at", "pk")


def breach_links(breaches: Iterable[Breach]) -> dict[int, tuple[str, str]]:
    """The link text and URL of each breach on another app's record (one query per clock), keyed
    by breach id. A record gone since is left out."""
    wanted: dict[str, dict[int, list[int]]] = {}
    for breach in breaches:
        if breach.contact_id is None and breach.target_id is not None:
            wanted.setdefault(breach.kind, {}).setdefault(breach.target_id, []).append(breach.pk)
    links: dict[int, tuple[str, str]] = {}
    for kind, by_target in wanted.items():
        clock = breach_clocks.get(kind)
        if clock is None:
            continue
        for record in clock.model._default_manager.filter(pk__in=list(by_target)):
            link = clock.describe(record)
            for breach_id in by_target[record.pk]:
                links[breach_id] = link
    return links


def breach_list_logged(
    user: User, breaches: Sequence[Breach], *, page: str, contacts: bool = True
) -> None:
    """Log what a list of breaches showed: the contacts (unless the caller logs them), and each
    other app's records by type."""
    if contacts:
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target_type="contact",
            summary={"ids": sorted({b.contact_id for b in breaches if b.contact_id}), "page": page},
            durable=False,
        )
    others: dict[str, set[int]] = {}
    for breach in breaches:
        if breach.contact_id is None and breach.target_id is not None:
            others.setdefault(breach.target_type, set()).add(breach.target_id)
    for target_type, ids in sorted(others.items()):
        audit_record(
            actor=user,
            verb=AuditVerb.RECORD_LISTED,
            target_type=target_type,
            summary={"ids": sorted(ids), "page": page},
            durable=False,
        )
