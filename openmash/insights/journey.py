"""The journey map: a directly-follows graph drawn from the event log of the apps.

The event log has one case per contact (the front door's work on it, then the child's
protection and Family Help work that came from it), and one event per stage reached, with its
time: received, screened, rated, information requested and returned, decided, authorised,
closed (the contact's own tables), strategy discussion, section 47 enquiry, assessment, ICPC,
child protection plan, child in need plan (protection cases started from the contact, through
protection's gate) and Family Help (Family Help cases started from it, through familyhelp's
gate). Protection's dated (not timed) stages count from midday of their date.

From the log: each arrow (one stage directly followed by the next, in a case), its count, and
the median and 90th percentile of the time between the two; the variants (whole journeys) with
their counts. pm4py's `discover_dfg` and `discover_performance_dfg` give the same arrows, counts
and medians for the same log (tests/insights/test_journey_pm4py.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from statistics import median, quantiles
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from openmash.contacts.models import ContactStatus
from openmash.familyhelp.permissions import cases_visible_to as family_help_visible_to
from openmash.frontdoor.models import ContactEvent, EventKind, InformationRequest, RagRating
from openmash.insights.filters import Filters
from openmash.insights.selectors import scoped_contacts
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    CinPlan,
    Conference,
    ConferenceKind,
    Section47Enquiry,
    StrategyDiscussion,
)
from openmash.protection.permissions import cases_visible_to as protection_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import User

STAGES = [
    "Received",
    "Screened",
    "Rated",
    "Information requested",
    "Information returned",
    "Decided",
    "Authorised",
    "Strategy discussion",
    "Section 47 enquiry",
    "Assessment",
    "ICPC",
    "Child protection plan",
    "Child in need plan",
    "Family Help",
    "Closed",
]
STATUS_STAGES = {
    ContactStatus.SCREENING: "Screened",
    ContactStatus.DECISION_PROPOSED: "Decided",
    ContactStatus.AUTHORISED: "Authorised",
    ContactStatus.CLOSED: "Closed",
}
BOTTLENECKS = 3  # the arrows with the longest median wait are highlighted


@dataclass(frozen=True)
class Event:
    case: int
    stage: str
    at: datetime


@dataclass
class Arrow:
    source: str
    target: str
    count: int
    median_hours: float
    p90_hours: float
    bottleneck: bool = False


@dataclass
class Journey:
    cases: int
    events: int
    arrows: list[Arrow]
    starts: dict[str, int]
    ends: dict[str, int]
    variants: list[tuple[tuple[str, ...], int]]


def _midday(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def event_log(user: User, filters: Filters) -> list[Event]:
    """Every stage of every contact received in the filters' period that the user may see,
    in time order within each case (ties in the order of STAGES)."""
    contacts = scoped_contacts(user, filters)
    ids = contacts.values("pk")
    events: list[Event] = [
        Event(pk, "Received", at) for pk, at in contacts.values_list("pk", "received_at")
    ]
    for pk, status, at in ContactEvent.objects.filter(
        contact__in=ids, kind=EventKind.STATUS, to_status__in=list(STATUS_STAGES)
    ).values_list("contact_id", "to_status", "at"):
        events.append(Event(pk, STATUS_STAGES[ContactStatus(status)], at))
    events += [
        Event(pk, "Rated", at)
        for pk, at in RagRating.objects.filter(contact__in=ids).values_list(
            "contact_id", "rated_at"
        )
    ]
    for pk, asked, answered in InformationRequest.objects.filter(contact__in=ids).values_list(
        "contact_id", "requested_at", "responded_at"
    ):
        events.append(Event(pk, "Information requested", asked))
        if answered is not None:
            events.append(Event(pk, "Information returned", answered))
    events += _protection_events(user, ids)
    events += [
        Event(pk, "Family Help", at)
        for pk, at in family_help_visible_to(user)
        .filter(contact__in=ids)
        .values_list("contact_id", "requested_at")
    ]
    order = {stage: i for i, stage in enumerate(STAGES)}
    events.sort(key=lambda e: (e.case, e.at, order[e.stage]))
    return events


def _protection_events(user: User, ids: QuerySet[Any]) -> list[Event]:
    cases = protection_visible_to(user).filter(contact__in=ids)
    found = [
        Event(pk, "Strategy discussion", at)
        for pk, at in StrategyDiscussion.objects.filter(case__in=cases).values_list(
            "case__contact_id", "held_at"
        )
        if at is not None
    ]
    dated: list[tuple[str, QuerySet[Any], str]] = [
        ("Section 47 enquiry", Section47Enquiry.objects.filter(case__in=cases), "started_on"),
        ("Assessment", Assessment.objects.filter(case__in=cases), "started_on"),
        (
            "ICPC",
            Conference.objects.filter(case__in=cases, kind=ConferenceKind.INITIAL),
            "held_on",
        ),
        ("Child protection plan", ChildProtectionPlan.objects.filter(case__in=cases), "started_on"),
        ("Child in need plan", CinPlan.objects.filter(case__in=cases), "started_on"),
    ]
    for stage, rows, field in dated:
        found += [
            Event(pk, stage, _midday(day))
            for pk, day in rows.values_list("case__contact_id", field)
        ]
    return found


def _p90(hours: list[float]) -> float:
    if len(hours) == 1:
        return hours[0]
    return quantiles(hours, n=10, method="inclusive")[-1]


def journey_build(events: list[Event]) -> Journey:
    """The directly-follows graph and the variants of an event log sorted by case and time."""
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    traces: dict[int, list[str]] = defaultdict(list)
    last: dict[int, Event] = {}
    for event in events:
        before = last.get(event.case)
        if before is not None:
            waits[(before.stage, event.stage)].append((event.at - before.at).total_seconds() / 3600)
        last[event.case] = event
        traces[event.case].append(event.stage)
    arrows = [
        Arrow(source, target, len(hours), round(median(hours), 2), round(_p90(hours), 2))
        for (source, target), hours in waits.items()
    ]
    order = {stage: i for i, stage in enumerate(STAGES)}
    arrows.sort(key=lambda a: (order[a.source], order[a.target]))
    for arrow in sorted(arrows, key=lambda a: -a.median_hours)[:BOTTLENECKS]:
        if arrow.median_hours > 0:
            arrow.bottleneck = True
    variants = Counter(tuple(trace) for trace in traces.values())
    return Journey(
        cases=len(traces),
        events=len(events),
        arrows=arrows,
        starts=dict(Counter(trace[0] for trace in traces.values())),
        ends=dict(Counter(trace[-1] for trace in traces.values())),
        variants=sorted(variants.items(), key=lambda v: (-v[1], v[0]))[:10],
    )


def journey_for(user: User, filters: Filters) -> Journey:
    return journey_build(event_log(user, filters))
