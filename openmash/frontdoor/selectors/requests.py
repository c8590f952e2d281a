"""Reading information requests: the agency inbox, the contact page's list and the per-agency
response-time report. Who may see which is the access gate's (`permissions.py`)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.contacts.models import Contact
from openmash.contacts.permissions import contact_is_restricted_for
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.calendar import LONDON, bank_holidays, working_time_between
from openmash.frontdoor.models import InformationRequest, RequestStatus
from openmash.frontdoor.permissions import (
    information_requests_detailed,
    information_requests_visible_to,
    is_front_door_reader,
)

if TYPE_CHECKING:
    from openmash.accounts.models import User

INBOX_TABS = {
    "open": "Awaiting answer",
    "answered": "Answered",
    "withdrawn": "Withdrawn",
}


def information_request_inbox(*, user: User, status: str = "open") -> QuerySet[InformationRequest]:
    """Requests in one status: open ones by due time (the most overdue first), answered and
    withdrawn ones newest first."""
    visible = information_requests_visible_to(user)
    requests = information_requests_detailed(visible).filter(status=status)
    if is_front_door_reader(user):
        requests = requests.prefetch_related("contact__subjects")
    if status == RequestStatus.OPEN:
        return requests.order_by("due_at", "pk")
    if status == RequestStatus.ANSWERED:
        return requests.order_by("-responded_at", "-pk")
    return requests.order_by("-requested_at", "-pk")


def information_request_counts(*, user: User, now: datetime | None = None) -> dict[str, int]:
    """How many visible requests are in each status, and how many open ones are overdue: one
    query, for the inbox's tabs."""
    overdue = Q(status=RequestStatus.OPEN, due_at__lt=now or timezone.now())
    return information_requests_visible_to(user).aggregate(
        **{key: Count("pk", filter=Q(status=key)) for key in INBOX_TABS},
        overdue=Count("pk", filter=overdue),
    )


def information_requests_listed(*, user: User, requests: list[InformationRequest]) -> None:
    """Lists show the people named: record which requests were shown, and mask the ones on a
    contact restricted for this member of staff (a representative sees what was shared)."""
    staff = is_front_door_reader(user)
    for request in requests:
        request.masked = staff and contact_is_restricted_for(user, request.contact)
    audit_record(
        actor=user,
        verb=AuditVerb.RECORD_LISTED,
        target_type="informationrequest",
        summary={"ids": [r.pk for r in requests], "count": len(requests)},
        durable=False,
    )


def information_requests_of_contact(contact: Contact) -> list[InformationRequest]:
    """The contact's requests for its page, newest first (the caller has passed its gate)."""
    return list(
        contact.information_requests.select_related("agency", "requested_by", "responded_by")
        .prefetch_related(Prefetch("subjects"))
        .order_by("-requested_at", "-pk")
    )


def agencies_with_representatives() -> QuerySet[Agency]:
    """Active agencies at least one active user answers requests for."""
    return (
        Agency.objects.filter(is_active=True)
        .filter(users__is_active=True, users__roles__answers_agency_requests=True)
        .distinct()
        .order_by("name")
    )


# The response-time report.


@dataclass
class AgencyFigures:
    agency_id: int
    agency_code: str
    agency_name: str
    sent: int = 0
    answered: int = 0
    answered_on_time: int = 0
    withdrawn: int = 0
    overdue_in_period: int = 0  # sent in the period, still open and past due
    open_overdue_now: int = 0  # any period: open and past due now
    hours: list[float] = field(default_factory=list)
    working_hours: list[float] = field(default_factory=list)

    @property
    def due(self) -> int:
        """Requests whose outcome is known: answered, or open and past due."""
        return self.answered + self.overdue_in_period

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.answered_on_time / self.due, 1) if self.due else None

    @property
    def median_hours(self) -> float | None:
        return _percentile(self.hours, 50)

    @property
    def p90_hours(self) -> float | None:
        return _percentile(self.hours, 90)

    @property
    def median_working_hours(self) -> float | None:
        return _percentile(self.working_hours, 50)

    @property
    def p90_working_hours(self) -> float | None:
        return _percentile(self.working_hours, 90)


def _percentile(values: list[float], percent: int) -> float | None:
    """Linear interpolation between closest ranks (as PostgreSQL's percentile_cont)."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[percent - 1], 1)


@dataclass
class RequestReport:
    date_from: date
    date_to: date
    rows: list[AgencyFigures]

    @property
    def total(self) -> AgencyFigures:
        total = AgencyFigures(agency_id=0, agency_code="", agency_name="All agencies")
        for row in self.rows:
            for name in (
                "sent",
                "answered",
                "answered_on_time",
                "withdrawn",
                "overdue_in_period",
                "open_overdue_now",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.hours += row.hours
            total.working_hours += row.working_hours
        return total


def default_report_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=90), today


def information_request_report(
    *, date_from: date, date_to: date, now: datetime | None = None
) -> RequestReport:
    """Per agency, for requests sent from `date_from` to `date_to` inclusive (London days):
    sent, answered, answered by the due time, hours to answer (elapsed and working), and the
    agency's open overdue requests now. Five queries whatever the number of requests."""
    now = now or timezone.now()
    start = datetime.combine(date_from, time.min, LONDON)
    end = datetime.combine(date_to + timedelta(days=1), time.min, LONDON)
    sent = InformationRequest.objects.filter(requested_at__gte=start, requested_at__lt=end)
    rows = sent.values_list("agency_id", "status", "requested_at", "due_at", "responded_at")
    overdue_now = dict(
        InformationRequest.objects.filter(status=RequestStatus.OPEN, due_at__lt=now)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    figures: dict[int, AgencyFigures] = {}
    holidays = bank_holidays()
    for agency_id, status, requested_at, due_at, responded_at in rows:
        row = figures.setdefault(agency_id, _blank(agency_id))
        _count(row, (status, requested_at, due_at, responded_at), now, holidays)
    for agency_id, count in overdue_now.items():
        figures.setdefault(agency_id, _blank(agency_id)).open_overdue_now = count
    agencies = Agency.objects.in_bulk(list(figures))
    for agency_id, row in figures.items():
        row.agency_code, row.agency_name = agencies[agency_id].code, agencies[agency_id].name
    ordered = sorted(figures.values(), key=lambda r: r.agency_name.lower())
    return RequestReport(date_from=date_from, date_to=date_to, rows=ordered)


def _blank(agency_id: int) -> AgencyFigures:
    return AgencyFigures(agency_id=agency_id, agency_code="", agency_name="")


def _count(
    row: AgencyFigures,
    values: tuple[str, datetime, datetime, datetime | None],
    now: datetime,
    holidays: frozenset[date],
) -> None:
    status, requested_at, due_at, responded_at = values
    row.sent += 1
    if status == RequestStatus.WITHDRAWN:
        row.withdrawn += 1
    elif status == RequestStatus.ANSWERED and responded_at is not None:
        row.answered += 1
        row.answered_on_time += responded_at <= due_at
        row.hours.append((responded_at - requested_at).total_seconds() / 3600)
        working = working_time_between(requested_at, responded_at, holidays)
        row.working_hours.append(working.total_seconds() / 3600)
    elif status == RequestStatus.OPEN and due_at < now:
        row.overdue_in_period += 1
