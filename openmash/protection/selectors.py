"""Reads of child protection work: "My work", a case's work, the timing report, and the clocks
the front door's breach job watches (`frontdoor.registry.breach_clocks`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from openmash.core.dates import govuk_date, govuk_datetime
from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
    StrategyDiscussion,
)
from openmash.protection.permissions import cases_led_by, cases_visible_to

if TYPE_CHECKING:
    from openmash.accounts.models import Team, User
    from openmash.frontdoor.registry import Overdue


def my_work(user: User, *, team: Team | None = None) -> QuerySet[ProtectionCase]:
    """The open cases of `user` (led by them, or where they are a named member), or of one of
    their teams, soonest deadline first (cases with nothing due last). One query a page."""
    if team is not None:
        found = cases_led_by(user).filter(team=team)
    else:
        from django.db.models import Q

        from openmash.protection.models import ProtectionMember

        found = cases_visible_to(user).filter(
            Q(lead_practitioner=user)
            | Q(pk__in=ProtectionMember.objects.filter(user=user).values("case_id"))
        )
    return (
        found.filter(closed_at=None)
        .select_related("person", "lead_practitioner")
        .order_by("next_due_at", "pk")
    )


def time_left(due_at: datetime | None, now: datetime | None = None) -> str:
    if due_at is None:
        return "Nothing due"
    now = now or timezone.now()
    seconds = (due_at - now).total_seconds()
    days = int(abs(seconds) // 86400)
    hours = int(abs(seconds) % 86400 // 3600)
    span = f"{days} day{'s' * (days != 1)}" if days else f"{hours} hour{'s' * (hours != 1)}"
    return f"{span} overdue" if seconds < 0 else f"{span} left"


def due_text(due_at: datetime | None) -> str:
    """A deadline as a person reads it: a date-based clock ("by the end of 2 December") runs
    to midnight, shown as its day; a timed one (a strategy discussion's) with its time."""
    if due_at is None:
        return ""
    local = timezone.localtime(due_at, clocks.LONDON)
    if (local.hour, local.minute) == (0, 0):
        return govuk_date(local - timedelta(minutes=1))
    return govuk_datetime(local)


@dataclass
class CaseWork:
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    assessments: list[Assessment]
    conferences: list[Conference]
    plans: list[ChildProtectionPlan]
    open_discussion: StrategyDiscussion | None
    open_enquiry: Section47Enquiry | None
    open_assessment: Assessment | None
    open_plan: ChildProtectionPlan | None
    icpc_due: Section47Enquiry | None
    members: list[Any]
    notes: list[Any]
    cin_plans: list[Any]
    family_meetings: list[Any]
    open_family_meeting: Any
    open_cin_plan: Any
    # The latest authorised assessment when a child in need plan may start from it (no open CIN
    # or child protection plan), else None.
    cin_startable: Assessment | None


def case_work(case: ProtectionCase) -> CaseWork:
    discussions = list(
        case.strategy_discussions.select_related("chair").prefetch_related("attendees")
    )
    enquiries = list(case.enquiries.all())
    conferences = list(case.conferences.all())
    plans = list(case.plans.prefetch_related("activity"))
    assessments = list(case.assessments.select_related("authorised_by"))
    with_icpc = {c.enquiry_id for c in conferences if c.kind == ConferenceKind.INITIAL}
    cin_plans = list(case.cin_plans.prefetch_related("reviews"))
    meetings = list(case.family_meetings.all())
    return CaseWork(
        discussions=discussions,
        enquiries=enquiries,
        assessments=assessments,
        conferences=conferences,
        plans=plans,
        open_discussion=next((d for d in discussions if d.held_at is None), None),
        open_enquiry=next((e for e in enquiries if e.completed_on is None), None),
        open_assessment=next((a for a in assessments if a.authorised_on is None), None),
        open_plan=next((p for p in plans if p.ended_on is None), None),
        icpc_due=next(
            (e for e in enquiries if e.outcome == S47Outcome.ICPC and e.pk not in with_icpc),
            None,
        ),
        members=list(case.members.select_related("user", "user__agency")),
        notes=list(case.notes.select_related("author", "author__agency")),
        cin_plans=cin_plans,
        family_meetings=meetings,
        open_family_meeting=next((m for m in meetings if m.is_open), None),
        open_cin_plan=next((p for p in cin_plans if p.ended_on is None), None),
        cin_startable=_cin_startable(assessments, plans, cin_plans),
    )


def _cin_startable(
    assessments: list[Assessment], plans: list[ChildProtectionPlan], cin_plans: list[Any]
) -> Assessment | None:
    if any(p.ended_on is None for p in plans) or any(p.ended_on is None for p in cin_plans):
        return None
    authorised = [a for a in assessments if a.authorised_on is not None]
    return max(authorised, key=lambda a: (a.authorised_on, a.pk), default=None)


def strategy_timing(user: User) -> QuerySet[StrategyDiscussion]:
    """Held strategy discussions the user may see, newest first, with their timing flags."""
    return (
        StrategyDiscussion.objects.filter(case__in=cases_visible_to(user))
        .exclude(held_at=None)
        .select_related("case__person")
        .order_by("-held_at", "-pk")
    )


# --- Clocks on the breach job --------------------------------------------------------------


def _overdue(target: Any, due_at: datetime, team_id: int | None) -> Overdue:
    from openmash.frontdoor.registry import Overdue

    return Overdue(target=target, due_at=due_at, team_id=team_id)


def strategy_overdue(now: datetime) -> Iterable[Overdue]:
    found = StrategyDiscussion.objects.filter(held_at=None, target_at__lt=now).select_related(
        "case"
    )
    return [_overdue(sd, sd.target_at, sd.case.team_id) for sd in found]


def icpc_overdue(now: datetime) -> Iterable[Overdue]:
    today = timezone.localtime(now, clocks.LONDON).date()
    held = Conference.objects.filter(kind=ConferenceKind.INITIAL, enquiry=OuterRef("pk"))
    found = (
        Section47Enquiry.objects.exclude(outcome=S47Outcome.NO_ICPC)
        .filter(icpc_target_on__lt=today)
        .filter(~Exists(held))
        .select_related("case")
    )
    return [_overdue(e, clocks.end_of_day(e.icpc_target_on), e.case.team_id) for e in found]


def assessments_overdue(now: datetime) -> Iterable[Overdue]:
    today = timezone.localtime(now, clocks.LONDON).date()
    found = Assessment.objects.filter(authorised_on=None, due_on__lt=today).select_related("case")
    return [_overdue(a, clocks.end_of_day(a.due_on), a.case.team_id) for a in found]


def reviews_overdue(now: datetime) -> Iterable[Overdue]:
    today = timezone.localtime(now, clocks.LONDON).date()
    found = ChildProtectionPlan.objects.filter(
        ended_on=None, next_review_on__lt=today
    ).select_related("case")
    return [
        _overdue(p, clocks.end_of_day(p.next_review_on), p.case.team_id)  # type: ignore[arg-type]
        for p in found
    ]


def visits_overdue(now: datetime) -> Iterable[Overdue]:
    today = timezone.localtime(now, clocks.LONDON).date()
    found = ChildProtectionPlan.objects.filter(
        ended_on=None, next_visit_on__lt=today
    ).select_related("case")
    return [
        _overdue(p, clocks.end_of_day(p.next_visit_on), p.case.team_id)  # type: ignore[arg-type]
        for p in found
    ]


def visible(model: type[Any]) -> Any:
    def scope(user: User) -> QuerySet[Any]:
        found: QuerySet[Any] = model._default_manager.filter(case__in=cases_visible_to(user))
        return found

    return scope


def describe(what: str) -> Any:
    def text(record: Any) -> tuple[str, str]:
        case = record.case
        return (
            f"{case.reference} ({case.person}): {what}",
            reverse("protection:case", args=[case.pk]),
        )

    return text
