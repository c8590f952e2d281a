"""`generate --into-db`, child protection: each child's generated assessments, section 47
enquiries (with the strategy discussion that started each) and child protection plans (with the
initial conference that started each and the review conferences since) become the child's
protection case on the council's assessment team, linked to the contact they came from. Bulk
inserts, like the rest of the load; no audit row per record (the load's marker counts them).
What is due next is worked out for the open cases only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openmash.accounts.models import Agency, Team, TeamKind
from openmash.core.calendar import LONDON, add_working_days, bank_holidays
from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    NextStep,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
    StrategyDecision,
    StrategyDiscussion,
    StrategySource,
)
from openmash.protection.services import case_refresh_due
from openmash.synthetic.records import Assessment as GenAssessment
from openmash.synthetic.records import CpPlan, HouseholdBatch, Section47

Row = GenAssessment | Section47 | CpPlan

CATEGORIES = {"NEG", "PHY", "SAB", "EMO", "MUL"}


@dataclass
class ProtectionCounts:
    assessments: int = 0
    section47s: int = 0
    cp_plans: int = 0
    conferences: int = 0


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _team(agency: Agency) -> Team:
    team, _ = Team.objects.get_or_create(
        agency=agency, name="Assessment team", defaults={"kind": TeamKind.ASSESSMENT}
    )
    return team


def _category(code: str) -> str:
    return code if code in CATEGORIES else "MUL"


def load_protection(
    batches: Sequence[HouseholdBatch],
    person_pk: dict[str, int],
    contact_pk: dict[str, int],
    council: Agency,
) -> ProtectionCounts:
    """Load the batches' assessments, s47 enquiries and plans; returns how many of each."""
    counts = ProtectionCounts()
    children: dict[str, list[Row]] = {}
    received: dict[str, date] = {}
    for batch in batches:
        for c in batch.contacts:
            received[c.contact_id] = timezone.localtime(c.received_at, LONDON).date()
        rows: list[Row] = [*batch.assessments, *batch.section47s, *batch.cp_plans]
        for row in rows:
            children.setdefault(row.true_person_id, []).append(row)
    if not children:
        return counts
    team = _team(council)
    holidays = bank_holidays()
    today = timezone.localdate()
    for true_id, rows in children.items():
        _load_child(true_id, rows, person_pk, contact_pk, received, team, holidays, today, counts)
    return counts


def _load_child(
    true_id: str,
    rows: list[Row],
    person_pk: dict[str, int],
    contact_pk: dict[str, int],
    received: dict[str, date],
    team: Team,
    holidays: frozenset[date],
    today: date,
    counts: ProtectionCounts,
) -> None:
    assessments = [r for r in rows if isinstance(r, GenAssessment)]
    s47s = [r for r in rows if isinstance(r, Section47)]
    plans = [r for r in rows if isinstance(r, CpPlan)]
    first = min([a.start_date for a in assessments] + [s.strategy_date for s in s47s] or [today])
    still_open = (
        any(a.authorisation_date is None for a in assessments)
        or any(p.end_date is None for p in plans)
        or any(s.icpc_date is None and not s.icpc_not_required for s in s47s)
    )
    last = max(
        [a.authorisation_date or today for a in assessments]
        + [p.end_date or today for p in plans]
        + [s.icpc_date or s.strategy_date for s in s47s]
    )
    contact_ids = [contact_pk.get(a.contact_id) for a in assessments] + [
        contact_pk.get(s.contact_id) for s in s47s
    ]
    case = ProtectionCase.objects.create(
        person_id=person_pk[true_id],
        team=team,
        contact_id=next((c for c in contact_ids if c), None),
        opened_at=_at(first, 9),
        closed_at=None if still_open else _at(last, 17),
    )
    Assessment.objects.bulk_create(
        Assessment(
            case=case,
            referral_date=received.get(a.contact_id, a.start_date),
            started_on=a.start_date,
            due_on=clocks.assessment_due(received.get(a.contact_id, a.start_date), holidays),
            factors=list(a.factors),
            needs_support=None if not a.outcome else a.outcome == "in_need",
            completed_on=a.authorisation_date,
            authorised_on=a.authorisation_date,
        )
        for a in assessments
    )
    counts.assessments += len(assessments)
    icpc_of: dict[str, Conference] = {}
    for s in s47s:
        icpc_of.update(_load_s47(case, s, plans, holidays))
    counts.section47s += len(s47s)
    for p in plans:
        counts.conferences += _load_plan(case, p, icpc_of.get(p.s47_id), holidays, today)
    counts.cp_plans += len(plans)
    counts.conferences += len(icpc_of)
    if still_open:
        case_refresh_due(case)


def _load_s47(
    case: ProtectionCase, s: Section47, plans: list[CpPlan], holidays: frozenset[date]
) -> dict[str, Conference]:
    trigger = _at(s.strategy_date, 9)
    sd = StrategyDiscussion.objects.create(
        case=case,
        source=StrategySource.DECISION,
        trigger="Synthetic strategy discussion.",
        trigger_at=trigger,
        target_at=add_working_days(trigger, 1, holidays),
        convened_at=trigger,
        held_at=_at(s.strategy_date, 11),
        child_needs="Synthetic.",
        decision=StrategyDecision.S47_SINGLE,
    )
    enquiry = Section47Enquiry.objects.create(
        case=case,
        discussion=sd,
        started_on=s.strategy_date,
        icpc_target_on=clocks.icpc_target(s.strategy_date, holidays),
        outcome=S47Outcome.NO_ICPC if s.icpc_not_required else S47Outcome.ICPC,
        next_step=NextStep.CIN_PLAN if s.icpc_not_required else "",
        completed_on=s.icpc_date or (s.strategy_date if s.icpc_not_required else None),
    )
    if s.icpc_date is None:
        return {}
    plan = next((p for p in plans if p.s47_id == s.s47_id), None)
    category = _category(plan.initial_category) if plan else ""
    conference = Conference.objects.create(
        case=case,
        kind=ConferenceKind.INITIAL,
        enquiry=enquiry,
        target_on=enquiry.icpc_target_on,
        held_on=s.icpc_date,
        plan_needed=s.cpp_started,
        category=category if s.cpp_started else "",
    )
    return {s.s47_id: conference}


def _load_plan(
    case: ProtectionCase,
    p: CpPlan,
    icpc: Conference | None,
    holidays: frozenset[date],
    today: date,
) -> int:
    """The plan and its review conferences (3 months, then every 6, up to its end or today)."""
    if icpc is None:
        icpc = Conference.objects.create(
            case=case,
            kind=ConferenceKind.INITIAL,
            target_on=p.start_date,
            held_on=p.start_date,
            plan_needed=True,
            category=_category(p.initial_category),
        )
    until = p.end_date or today
    reviews, due = [], clocks.first_review_due(p.start_date)
    while due < until:
        reviews.append(due)
        due = clocks.later_review_due(due)
    Conference.objects.bulk_create(
        Conference(
            case=case,
            kind=ConferenceKind.REVIEW,
            target_on=day,
            held_on=day,
            plan_needed=True,
            category=_category(p.latest_category),
        )
        for day in reviews
    )
    ChildProtectionPlan.objects.create(
        case=case,
        conference=icpc,
        started_on=p.start_date,
        initial_category=_category(p.initial_category),
        latest_category=_category(p.latest_category),
        visit_every_working_days=10,
        next_review_on=None if p.end_date else due,
        next_visit_on=None
        if p.end_date
        else clocks.working_days_after(max(p.start_date, today - timedelta(days=7)), 10, holidays),
        ended_on=p.end_date,
        end_reason="safe" if p.end_date else "",
    )
    return len(reviews)
