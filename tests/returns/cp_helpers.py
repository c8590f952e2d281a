"""Child protection and adults' records for the Annex A lists 4-7, the SAC and the
reconciliation tests, made directly (the returns read what the services leave)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from openmash.adults.models import EnquiryStatus, SafeguardingEnquiry
from openmash.people.models import Person
from openmash.protection.models import (
    AbuseCategory,
    Assessment,
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    PlanActivity,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
    StrategyDiscussion,
)
from tests.conftest import World
from tests.returns.helpers import at

_numbers = itertools.count(1)


def case(world: World, child: Person, opened: date, *, closed: date | None = None,
         referral: Any = None) -> ProtectionCase:  # fmt: skip
    assert world.assessment is not None
    return ProtectionCase.objects.create(
        person=child,
        team=world.assessment,
        lead_practitioner=world.social_worker,
        opened_at=at(opened),
        closed_at=at(closed) if closed else None,
        referral=referral,
        contact=referral.contact if referral else None,
    )


def s47(case_: ProtectionCase, started: date, *, outcome: str = "",
        seen: date | None = None) -> Section47Enquiry:  # fmt: skip
    discussion = StrategyDiscussion.objects.create(
        case=case_, source="decision", trigger="Bruising.", trigger_at=at(started, 9),
        target_at=at(started, 17), held_at=at(started, 14), decision="s47_joint",
    )  # fmt: skip
    return Section47Enquiry.objects.create(
        case=case_, discussion=discussion, started_on=started,
        icpc_target_on=started + timedelta(days=21), outcome=outcome, child_seen_on=seen,
    )  # fmt: skip


def icpc(case_: ProtectionCase, held: date, *, enquiry: Section47Enquiry | None = None,
         plan: bool = True) -> Conference:  # fmt: skip
    return Conference.objects.create(
        case=case_, kind=ConferenceKind.INITIAL, enquiry=enquiry, target_on=held,
        held_on=held, plan_needed=plan, category=AbuseCategory.NEGLECT if plan else "",
    )  # fmt: skip


def review(case_: ProtectionCase, held: date) -> Conference:
    return Conference.objects.create(
        case=case_, kind=ConferenceKind.REVIEW, target_on=held, held_on=held, plan_needed=True
    )


def plan(case_: ProtectionCase, started: date, *, ended: date | None = None,
         initial: str = "NEG", latest: str = "EMO") -> ChildProtectionPlan:  # fmt: skip
    conference = icpc(case_, started)
    return ChildProtectionPlan.objects.create(
        case=case_, conference=conference, started_on=started, initial_category=initial,
        latest_category=latest, visit_every_working_days=10, ended_on=ended,
        end_reason="safe" if ended else "",
    )  # fmt: skip


def visit(plan_: ChildProtectionPlan, on: date, *, alone: bool | None = True) -> PlanActivity:
    return PlanActivity.objects.create(plan=plan_, kind="visit", on=on, seen_alone=alone)


def assessment(case_: ProtectionCase, started: date, *, authorised: date | None = None,
               needs_support: bool | None = None, voice: str = "") -> Assessment:  # fmt: skip
    return Assessment.objects.create(
        case=case_, referral_date=started, started_on=started, due_on=started + timedelta(63),
        authorised_on=authorised, completed_on=authorised, needs_support=needs_support,
        child_voice=voice,
    )  # fmt: skip


def adult_enquiry(
    adult: Person,
    started: date,
    *,
    kind: str = "s42",
    concluded: date | None = None,
    **extra: Any,
) -> SafeguardingEnquiry:
    n = next(_numbers)
    return SafeguardingEnquiry.objects.create(
        reference=f"SE-T{n:05d}",
        person=adult,
        enquiry_type=kind,
        started_on=started,
        target_date=started + timedelta(days=28),
        status=EnquiryStatus.CONCLUDED if concluded else EnquiryStatus.OPEN,
        concluded_at=at(concluded) if concluded else None,
        **extra,
    )


__all__ = ["S47Outcome"]
