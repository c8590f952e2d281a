"""The dashboards' figures, each one selector built on aggregate queries (GROUP BY and
conditional counts in the database), scoped by `insight_contacts_visible_to` and the filters.

Every figure is a `Figure`: its table (columns and rows, the same numbers the chart draws), its
bars (what the SVG chart draws), and per row the query that opens the records behind it (the
contacts, through `figure_records`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from openmash.contacts.models import OPEN_STATUSES, Channel, Contact, ContactSubject, SubjectRole
from openmash.core.dates import govuk_date
from openmash.frontdoor.models import (
    AdultOutcome,
    ChildOutcome,
    DecisionOutcome,
    DecisionState,
    InformationRequest,
    Referral,
)
from openmash.insights.filters import Filters
from openmash.insights.permissions import insight_contacts_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import User

YEAR = timedelta(days=365)
OUTCOME_LABELS = {**dict(AdultOutcome.choices), **dict(ChildOutcome.choices)}
CHANNEL_LABELS = dict(Channel.choices)
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue", "": "Not rated"}


@dataclass
class Row:
    cells: list[object]
    records: dict[str, str] | None = None  # what opens the contacts behind the row
    href: str = ""  # or a direct link (one record)


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as the table writes it
    warn: bool = False


@dataclass
class Figure:
    slug: str
    title: str
    summary: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    scale_label: str = ""


def _entries(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Grouped rows as plain dicts (the stubs cannot follow annotations built from a dict)."""
    return [dict(row) for row in rows]


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def scoped_contacts(user: User, filters: Filters, *, period: bool = True) -> QuerySet[Contact]:
    """The contacts a figure counts: visible to the user, in the filters (received in the period
    unless `period` is False: open work is open whenever it arrived)."""
    contacts = insight_contacts_visible_to(user)
    if period:
        contacts = contacts.filter(
            received_at__gte=filters.start_at, received_at__lt=filters.end_before
        )
    if filters.team_id is not None:
        contacts = contacts.filter(team_id=filters.team_id)
    if filters.worker_id is not None:
        contacts = contacts.filter(allocated_to_id=filters.worker_id)
    if filters.agency_id is not None:
        contacts = contacts.filter(source_agency_id=filters.agency_id)
    if filters.group:
        about = ContactSubject.objects.filter(
            contact=OuterRef("pk"), role=SubjectRole.SUBJECT, is_child=filters.group == "child"
        )
        contacts = contacts.filter(Exists(about))
    return contacts


# (a) Contacts by source agency and channel over time.
def contacts_by_source(user: User, filters: Filters) -> Figure:
    trunc = TruncWeek if filters.by == "week" else TruncMonth
    grouped = (
        scoped_contacts(user, filters)
        .annotate(bucket=trunc("received_at"))
        .values("bucket", "source_agency_id", "source_agency__name", "channel")
        .annotate(n=Count("pk"))
        .order_by("bucket", "source_agency__name", "channel")
    )
    figure = Figure(
        slug="contacts",
        title="Contacts by source agency and channel",
        summary=f"Contacts received, by {filters.by}, by who sent them and how.",
        columns=[filters.by.capitalize() + " starting", "Source agency", "Channel", "Contacts"],
        scale_label="contacts",
    )
    totals: dict[str, int] = defaultdict(int)
    for entry in _entries(grouped):
        start = _bucket_day(entry["bucket"])
        end = _bucket_end(start, filters.by)
        label = _bucket_label(start, filters.by)
        totals[label] += entry["n"]
        figure.rows.append(
            Row(
                [
                    start,
                    entry["source_agency__name"],
                    CHANNEL_LABELS.get(entry["channel"], ""),
                    entry["n"],
                ],
                records={
                    "from": max(start, filters.start).isoformat(),
                    "to": min(end, filters.end).isoformat(),
                    "row_agency": str(entry["source_agency_id"]),
                    "channel": entry["channel"],
                },
            )
        )
    figure.bars = [Bar(label, n, str(n)) for label, n in totals.items()]
    return figure


def _bucket_day(bucket: object) -> date:
    assert isinstance(bucket, datetime)
    return timezone.localtime(bucket).date() if timezone.is_aware(bucket) else bucket.date()


def _bucket_end(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _bucket_label(start: date, by: str) -> str:
    return f"Week of {govuk_date(start)}" if by == "week" else f"{start:%B %Y}"


# (b) Conversion: the authorised outcomes of each source agency's contacts.
def conversion(user: User, filters: Filters) -> Figure:
    outcomes = DecisionOutcome.objects.filter(
        decision__state=DecisionState.AUTHORISED,
        decision__contact__in=scoped_contacts(user, filters),
    )
    if filters.group:
        outcomes = outcomes.filter(is_child=filters.group == "child")
    grouped = (
        outcomes.values(
            "decision__contact__source_agency_id",
            "decision__contact__source_agency__name",
            "outcome",
        )
        .annotate(n=Count("pk"))
        .order_by("decision__contact__source_agency__name", "outcome")
    )
    entries = _entries(grouped)
    per_agency: dict[str, int] = defaultdict(int)
    nfa: dict[str, int] = defaultdict(int)
    for entry in entries:
        name = entry["decision__contact__source_agency__name"]
        per_agency[name] += entry["n"]
        if entry["outcome"] == "nfa":
            nfa[name] += entry["n"]
    figure = Figure(
        slug="conversion",
        title="Outcomes by source agency",
        summary="Authorised outcomes for the children and adults in each agency's contacts. "
        "The chart shows the share ending in no further action.",
        columns=["Source agency", "Outcome", "Children and adults", "Share of the agency's (%)"],
        scale_label="% no further action",
    )
    for entry in entries:
        name = entry["decision__contact__source_agency__name"]
        figure.rows.append(
            Row(
                [
                    name,
                    OUTCOME_LABELS.get(entry["outcome"], entry["outcome"]),
                    entry["n"],
                    _percent(entry["n"], per_agency[name]),
                ],
                records={
                    "row_agency": str(entry["decision__contact__source_agency_id"]),
                    "outcome": entry["outcome"],
                },
            )
        )
    figure.bars = [
        Bar(name, _percent(nfa[name], total), f"{_percent(nfa[name], total)}%")
        for name, total in per_agency.items()
    ]
    return figure


# (c) RAG and decision timeliness against their clocks.
def timeliness(user: User, filters: Filters) -> Figure:
    now = timezone.now()
    is_open = Q(status__in=OPEN_STATUSES)

    def counts(due: str) -> dict[str, Count]:
        return {
            "on_time": Count("pk", filter=Q(decided_at__isnull=False, decided_at__lte=F(due))),
            "late": Count("pk", filter=Q(decided_at__gt=F(due))),
            "open_late": Count(
                "pk", filter=is_open & Q(decided_at__isnull=True, **{f"{due}__lt": now})
            ),
            "open_in_time": Count(
                "pk", filter=is_open & Q(decided_at__isnull=True, **{f"{due}__gte": now})
            ),
        }

    contacts = scoped_contacts(user, filters)
    by_rag = _entries(
        contacts.exclude(rag="")
        .filter(rag_due_at__isnull=False)
        .values("rag")
        .annotate(**counts("rag_due_at"))
        .order_by("rag")
    )
    decision: dict[str, Any] = contacts.filter(decision_due_at__isnull=False).aggregate(
        **counts("decision_due_at")
    )
    figure = Figure(
        slug="timeliness",
        title="RAG and decision timeliness",
        summary="Contacts decided within their RAG timescale and within one working day, "
        "and open ones already past their clock.",
        columns=[
            "Clock",
            "Decided on time",
            "Decided late",
            "Open, past the clock",
            "Open, in time",
            "On time (%)",
        ],
        scale_label="% decided on time",
    )
    rag_order = ["red", "amber", "green", "blue"]
    lines: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        (f"{RAG_LABELS[e['rag']]} RAG", e, {"rag": e["rag"]})
        for e in sorted(
            by_rag, key=lambda e: rag_order.index(e["rag"]) if e["rag"] in rag_order else 9
        )
    ]
    lines.append(("One working day decision", decision, {}))
    for label, entry, key in lines:
        decided = entry["on_time"] + entry["late"]
        share = _percent(entry["on_time"], decided)
        figure.rows.append(
            Row(
                [
                    label,
                    entry["on_time"],
                    entry["late"],
                    entry["open_late"],
                    entry["open_in_time"],
                    share,
                ],
                records=key or {"clock": "decision"},
            )
        )
        figure.bars.append(Bar(label, share, f"{share}%", warn=share < 80 and decided > 0))
    return figure


# (d) Information-request response times per agency.
def request_times(user: User, filters: Filters) -> Figure:
    now = timezone.now()
    requests = InformationRequest.objects.filter(contact__in=scoped_contacts(user, filters))
    grouped = (
        requests.values("agency_id", "agency__name")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(responded_at__isnull=False)),
            on_time=Count("pk", filter=Q(responded_at__lte=F("due_at"))),
            waiting_late=Count(
                "pk", filter=Q(responded_at__isnull=True, status="open", due_at__lt=now)
            ),
        )
        .order_by("agency__name")
    )
    # Medians cannot be had from the database portably: only answered requests' two times.
    hours: dict[int, list[float]] = defaultdict(list)
    for agency_id, asked, answered in requests.filter(responded_at__isnull=False).values_list(
        "agency_id", "requested_at", "responded_at"
    ):
        if answered is not None:  # filtered on
            hours[agency_id].append((answered - asked).total_seconds() / 3600)
    figure = Figure(
        slug="requests",
        title="Information requests: how long agencies take to answer",
        summary="Requests sent for contacts in the period, by the agency asked.",
        columns=[
            "Agency asked",
            "Requests",
            "Answered",
            "Answered by the due time",
            "Waiting, past due",
            "Median hours to answer",
        ],
        scale_label="median hours to answer",
    )
    for entry in _entries(grouped):
        found = hours.get(entry["agency_id"], [])
        middle = round(median(found), 1) if found else None
        figure.rows.append(
            Row(
                [
                    entry["agency__name"],
                    entry["sent"],
                    entry["answered"],
                    entry["on_time"],
                    entry["waiting_late"],
                    "" if middle is None else middle,
                ],
                records={"asked": str(entry["agency_id"])},
            )
        )
        if middle is not None:
            figure.bars.append(Bar(entry["agency__name"], middle, f"{middle}"))
    return figure


def _earlier_within_year(
    model: type[ContactSubject] | type[Referral], when: str, visible: QuerySet[Contact]
) -> Exists:
    """Whether the same person was in an earlier record within the 12 months before, counting
    only earlier contacts the user may see (a restricted one is not revealed by a count)."""
    return Exists(
        model.objects.filter(
            person_id=OuterRef("person_id"),
            contact__in=visible,
            **{f"{when}__lt": OuterRef(when), f"{when}__gte": OuterRef(when) - YEAR},
        )
    )


# (e) Re-contacts and re-referrals within 12 months.
def repeats(user: User, filters: Filters) -> Figure:
    contacts = scoped_contacts(user, filters)
    visible = insight_contacts_visible_to(user)
    repeat_subject = ContactSubject.objects.filter(
        contact_id=OuterRef("pk"), person__isnull=False
    ).filter(_earlier_within_year(ContactSubject, "contact__received_at", visible))
    recontacts = (
        contacts.annotate(is_repeat=Exists(repeat_subject))
        .values("source_agency_id", "source_agency__name")
        .annotate(n=Count("pk"), again=Count("pk", filter=Q(is_repeat=True)))
        .order_by("source_agency__name")
    )
    referrals = (
        Referral.objects.filter(contact__in=contacts)
        .annotate(is_repeat=_earlier_within_year(Referral, "created_at", visible))
        .values("contact__source_agency_id")
        .annotate(n=Count("pk"), again=Count("pk", filter=Q(is_repeat=True)))
    )
    by_agency = {e["contact__source_agency_id"]: e for e in _entries(referrals)}
    figure = Figure(
        slug="repeats",
        title="Re-contacts and re-referrals within 12 months",
        summary="Contacts about a child or adult already in a contact in the 12 months before, "
        "and referrals of someone referred in the 12 months before.",
        columns=[
            "Source agency",
            "Contacts",
            "Re-contacts",
            "Re-contacts (%)",
            "Referrals",
            "Re-referrals",
            "Re-referrals (%)",
        ],
        scale_label="% re-contacts",
    )
    for entry in _entries(recontacts):
        ref = by_agency.get(entry["source_agency_id"], {"n": 0, "again": 0})
        share = _percent(entry["again"], entry["n"])
        figure.rows.append(
            Row(
                [
                    entry["source_agency__name"],
                    entry["n"],
                    entry["again"],
                    share,
                    ref["n"],
                    ref["again"],
                    _percent(ref["again"], ref["n"]),
                ],
                records={"row_agency": str(entry["source_agency_id"]), "repeat": "1"},
            )
        )
        figure.bars.append(Bar(entry["source_agency__name"], share, f"{share}%"))
    return figure


# (f) Workload by team and worker: open contacts now, however long ago they arrived.
def workload(user: User, filters: Filters) -> Figure:
    now = timezone.now()
    grouped = (
        scoped_contacts(user, filters, period=False)
        .filter(status__in=OPEN_STATUSES)
        .values("team_id", "team__name", "allocated_to_id", "allocated_to__full_name")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(decision_due_at__lt=now)),
            red=Count("pk", filter=Q(rag="red")),
        )
        .order_by("team__name", "allocated_to__full_name")
    )
    figure = Figure(
        slug="workload",
        title="Workload by team and worker",
        summary="Open contacts now (whenever they arrived), by team and the worker they are "
        "allocated to.",
        columns=["Team", "Worker", "Open contacts", "Past the decision clock", "Red"],
        scale_label="open contacts",
    )
    for entry in _entries(grouped):
        team = entry["team__name"] or "No team"
        worker = entry["allocated_to__full_name"] or "Not allocated"
        figure.rows.append(
            Row(
                [team, worker, entry["n"], entry["late"], entry["red"]],
                records={
                    "open": "1",
                    "row_team": str(entry["team_id"] or 0),
                    "row_worker": str(entry["allocated_to_id"] or 0),
                },
            )
        )
        figure.bars.append(
            Bar(f"{team}: {worker}", entry["n"], str(entry["n"]), warn=entry["late"] > 0)
        )
    return figure


DRIFT_SHOWN = 50


# (g) Breaches and drift: open work past its clock, oldest first.
def drift(user: User, filters: Filters) -> Figure:
    now = timezone.now()
    late = (
        scoped_contacts(user, filters, period=False)
        .filter(status__in=OPEN_STATUSES, decision_due_at__lt=now)
        .select_related("source_agency", "team", "allocated_to")
        .order_by("decision_due_at", "pk")
    )
    total = late.count()
    figure = Figure(
        slug="drift",
        title="Drift: open contacts past their decision clock",
        summary=f"{total} open contact{'s' if total != 1 else ''} past the one working day "
        f"decision clock, oldest first"
        + (f" (the {DRIFT_SHOWN} oldest shown)." if total > DRIFT_SHOWN else "."),
        columns=["Contact", "Source agency", "Team", "Worker", "Was due", "Days past"],
        scale_label="days past the clock",
    )
    for contact in late[:DRIFT_SHOWN]:
        assert contact.decision_due_at is not None  # filtered on
        days = round((now - contact.decision_due_at).total_seconds() / 86400, 1)
        figure.rows.append(
            Row(
                [
                    contact.reference,
                    contact.source_agency.name,
                    contact.team.name if contact.team else "No team",
                    contact.allocated_to.full_name if contact.allocated_to else "Not allocated",
                    contact.decision_due_at,
                    days,
                ],
                href=f"/contacts/{contact.pk}/",
            )
        )
        figure.bars.append(Bar(contact.reference, days, str(days), warn=True))
    return figure


FIGURES: dict[str, Callable[[User, Filters], Figure]] = {
    "contacts": contacts_by_source,
    "conversion": conversion,
    "timeliness": timeliness,
    "requests": request_times,
    "repeats": repeats,
    "workload": workload,
    "drift": drift,
}


def figure_records(
    user: User, filters: Filters, slug: str, key: dict[str, str]
) -> QuerySet[Contact]:
    """The contacts behind one row of a figure: the figure's own scope narrowed by the row's
    key (unknown keys are ignored; the caller has validated the filters)."""
    open_work = slug in ("workload", "drift")
    contacts = scoped_contacts(user, filters, period=not open_work)
    if open_work:
        contacts = contacts.filter(status__in=OPEN_STATUSES)
    if slug == "drift":
        contacts = contacts.filter(decision_due_at__lt=timezone.now())
    number = {name: int(value) for name, value in key.items() if value.isdigit()}
    if "row_agency" in number:
        contacts = contacts.filter(source_agency_id=number["row_agency"])
    if channel := key.get("channel"):
        contacts = contacts.filter(channel=channel)
    if outcome := key.get("outcome"):
        contacts = contacts.filter(
            decisions__state=DecisionState.AUTHORISED, decisions__outcomes__outcome=outcome
        )
    if rag := key.get("rag"):
        contacts = contacts.filter(rag=rag)
    if "asked" in number:
        contacts = contacts.filter(information_requests__agency_id=number["asked"])
    if "row_team" in number:
        team = number["row_team"]
        contacts = contacts.filter(team_id=team) if team else contacts.filter(team__isnull=True)
    if "row_worker" in number:
        worker = number["row_worker"]
        contacts = (
            contacts.filter(allocated_to_id=worker)
            if worker
            else contacts.filter(allocated_to__isnull=True)
        )
    if key.get("repeat"):
        again = ContactSubject.objects.filter(
            contact_id=OuterRef("pk"), person__isnull=False
        ).filter(
            _earlier_within_year(
                ContactSubject, "contact__received_at", insight_contacts_visible_to(user)
            )
        )
        contacts = contacts.filter(Exists(again))
    return (
        contacts.distinct()
        .select_related("source_agency", "team")
        .prefetch_related("subjects")
        .order_by("-received_at")
    )
