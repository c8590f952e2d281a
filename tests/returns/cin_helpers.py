"""Records for the CIN census tests, made directly (the census reads what the services leave):
a child's protection case with its assessments, section 47 enquiries, conferences and plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    CinPlan,
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
from openmash.returns.cin_census import cin_period
from tests.conftest import World
from tests.returns.helpers import at

PERIOD = cin_period("2025-26")
START, END = PERIOD.start, PERIOD.end  # 1 April 2025, 31 March 2026


def case(
    world: World,
    child: Any,
    opened: date,
    *,
    closed: date | None = None,
    referral: Any = None,
    contact: Any = None,
) -> ProtectionCase:
    assert world.assessment is not None
    return ProtectionCase.objects.create(
        person=child,
        team=world.assessment,
        opened_at=at(opened, 9),
        closed_at=at(closed, 17) if closed else None,
        referral=referral,
        contact=contact,
    )


def assessment(
    made: ProtectionCase,
    started: date,
    *,
    authorised: date | None = None,
    factors: list[str] | None = None,
    needs_support: bool | None = None,
    referral_date: date | None = None,
) -> Assessment:
    return Assessment.objects.create(
        case=made,
        referral_date=referral_date or started,
        started_on=started,
        due_on=clocks.assessment_due(referral_date or started),
        factors=factors if factors is not None else ["3A", "4B"],
        needs_support=needs_support if authorised else None,
        completed_on=authorised,
        authorised_on=authorised,
    )


def s47(
    made: ProtectionCase,
    started: date,
    *,
    icpc: date | None = None,
    not_required: bool = False,
    plan_needed: bool = True,
) -> Section47Enquiry:
    discussion = StrategyDiscussion.objects.create(
        case=made,
        source=StrategySource.DECISION,
        trigger="Bruising seen at school.",
        trigger_at=at(started, 9),
        target_at=at(started, 17),
        held_at=at(started, 11),
        decision=StrategyDecision.S47_SINGLE,
    )
    enquiry = Section47Enquiry.objects.create(
        case=made,
        discussion=discussion,
        started_on=started,
        icpc_target_on=clocks.icpc_target(started),
        outcome=S47Outcome.NO_ICPC if not_required else (S47Outcome.ICPC if icpc else ""),
        next_step=NextStep.CIN_PLAN if not_required else "",
        completed_on=icpc or (started if not_required else None),
    )
    if icpc is not None:
        Conference.objects.create(
            case=made,
            kind=ConferenceKind.INITIAL,
            enquiry=enquiry,
            target_on=enquiry.icpc_target_on,
            held_on=icpc,
            plan_needed=plan_needed,
            category="NEG" if plan_needed else "",
        )
    return enquiry


def cp_plan(
    made: ProtectionCase,
    enquiry: Section47Enquiry,
    *,
    ended: date | None = None,
    reviews: tuple[date, ...] = (),
    category: str = "NEG",
    end_reason: str = "safe",
) -> ChildProtectionPlan:
    icpc = Conference.objects.get(enquiry=enquiry, kind=ConferenceKind.INITIAL)
    for day in reviews:
        Conference.objects.create(
            case=made,
            kind=ConferenceKind.REVIEW,
            target_on=day,
            held_on=day,
            plan_needed=True,
            category=category,
        )
    return ChildProtectionPlan.objects.create(
        case=made,
        conference=icpc,
        started_on=icpc.held_on,
        initial_category=category,
        latest_category=category,
        visit_every_working_days=10,
        ended_on=ended,
        end_reason=end_reason if ended else "",
    )


def cin_plan(
    made: ProtectionCase, started: date, *, ended: date | None = None, reason: str = ""
) -> CinPlan:
    return CinPlan.objects.create(
        case=made, started_on=started, ended_on=ended, end_reason=reason if ended else ""
    )
