"""Child protection's test set-up: the world's assessment team holds the cases, the world's
social worker (in the team) leads them, and the world's police MASH representative is the
police member of the child's multi-agency child protection team."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from openmash.people.services import person_create
from openmash.protection.models import (
    MemberRole,
    ProtectionCase,
    Section47Enquiry,
    StrategyDecision,
    StrategyDiscussion,
    StrategySource,
)
from openmash.protection.services import (
    AttendeeInput,
    protection_case_open,
    protection_member_add,
    strategy_discussion_convene,
    strategy_discussion_record,
)
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
ATTENDEES = [
    AttendeeInput(role=MemberRole.POLICE, name="DC Shah", shared="Two call-outs this year."),
    AttendeeInput(role=MemberRole.HEALTH, name="Nurse Patel", shared="Missed appointments."),
    AttendeeInput(role=MemberRole.SOCIAL_CARE, name="Sam Social Worker"),
]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def open_case(world: World, child: Any, *, police_member: bool = True) -> ProtectionCase:
    """A case on the assessment team, led by the social worker (the world's MASH social
    worker stays out of the assessment team, so only the lead gives them access)."""
    assert world.assessment is not None
    case = protection_case_open(
        actor=None, person=child, team=world.assessment, lead_practitioner=world.social_worker
    )
    if police_member:
        protection_member_add(
            case=case, actor=world.social_worker, user=world.police_rep, role=MemberRole.POLICE
        )
    return case


def other_child() -> Any:
    return person_create(
        actor=None, given_name="Maya", family_name="Okafor", date_of_birth=date(2015, 1, 9), sex="F"
    )


def convened(
    world: World, case: ProtectionCase, trigger_at: datetime, *, urgent: bool = False
) -> StrategyDiscussion:
    return strategy_discussion_convene(
        case=case,
        actor=world.social_worker,
        source=StrategySource.OPEN_CASE,
        trigger="Police report a second assault at home.",
        trigger_at=trigger_at,
        urgent=urgent,
    )


def held(
    world: World,
    discussion: StrategyDiscussion,
    held_at: datetime,
    *,
    early_reason: str = "",
    decision: str = StrategyDecision.S47_JOINT,
) -> StrategyDiscussion:
    return strategy_discussion_record(
        discussion=discussion,
        actor=world.social_worker,
        held_at=held_at,
        attendees=ATTENDEES,
        child_needs="Needs a safe adult at home and help at school.",
        decision=decision,
        early_reason=early_reason,
    )


def with_enquiry(world: World, child: Any, clock: Any, held_on: date) -> Section47Enquiry:
    clock.move_to(at(held_on, 16))
    case = open_case(world, child)
    sd = convened(world, case, at(held_on, 9))
    held(world, sd, at(held_on, 14))
    return sd.enquiry


def chain(world: World, child: Any) -> dict[str, Any]:
    """A child on a plan, from now: a strategy discussion held an hour ago (a joint s47), the
    enquiry concluded with a conference needed, the ICPC today and the plan it started."""
    from django.utils import timezone

    from openmash.protection.models import AbuseCategory, S47Outcome
    from openmash.protection.services import (
        conference_record,
        family_meeting_answer,
        family_meeting_hold,
        family_meeting_offer,
        section47_record,
    )

    now = timezone.now()
    case = open_case(world, child)
    sd = convened(world, case, now - timedelta(hours=3))
    held(world, sd, now - timedelta(hours=1))
    enquiry = section47_record(
        enquiry=sd.enquiry,
        actor=world.social_worker,
        child_seen_on=timezone.localdate(),
        seen_alone=True,
        seen_by="Sam Social Worker",
        child_wishes="I want to stay with my nan.",
        analysis="Likely significant harm from repeated assaults.",
        outcome=S47Outcome.ICPC,
    )
    conference = conference_record(
        case=case,
        actor=world.social_worker,
        held_on=timezone.localdate(),
        agencies_invited=["police", "health", "education"],
        reports="Police and health reports received.",
        plan_needed=True,
        category=AbuseCategory.PHYSICAL,
    )
    meeting = family_meeting_offer(
        case=case, actor=world.social_worker, offered_on=timezone.localdate()
    )
    family_meeting_answer(
        meeting=meeting,
        actor=world.social_worker,
        accepted=True,
        responded_on=timezone.localdate(),
        family_words="Yes, nan and uncle Joe want to help.",
    )
    family_meeting_hold(
        meeting=meeting,
        actor=world.social_worker,
        held_on=timezone.localdate(),
        attended="Mum, nan, uncle Joe",
        family_plan="Nan collects him from school every day.",
    )
    return {
        "case": case,
        "sd": sd,
        "meeting": meeting,
        "enquiry": enquiry,
        "assessment": case.assessments.get(),
        "conference": conference,
        "plan": case.plans.get(),
    }


def case_with_open_discussion(world: World, child: Any) -> ProtectionCase:
    from django.utils import timezone

    case = open_case(world, child)
    convened(world, case, timezone.now() - timedelta(hours=1))
    return case
