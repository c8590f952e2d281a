"""Family network meetings (family group decision making) and child in need plan reviews."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.protection.models import (
    CinPlan,
    CinPlanReview,
    FamilyNetworkMeeting,
    FamilyResponse,
    ProtectionCase,
)
from openmash.protection.verbs import ProtectionVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise ApplicationError("The date cannot be in the future.", field=field)


@transaction.atomic
def family_meeting_offer(
    *, case: ProtectionCase, actor: User, offered_on: date
) -> FamilyNetworkMeeting:
    _not_future(offered_on, "offered_on")
    if case.closed_at is not None:
        raise ApplicationError("The child's protection case is closed.")
    if any(m.is_open for m in case.family_meetings.all()):
        raise ApplicationError("A family network meeting is already offered.")
    meeting = FamilyNetworkMeeting.objects.create(
        case=case, offered_on=offered_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.FAMILY_MEETING_OFFERED,
        target=meeting,
        summary={"offered_on": offered_on.isoformat()},
    )
    return meeting


@transaction.atomic
def family_meeting_answer(
    *,
    meeting: FamilyNetworkMeeting,
    actor: User,
    accepted: bool,
    responded_on: date,
    family_words: str,
) -> FamilyNetworkMeeting:
    """The family accepts or declines, in their own words."""
    if meeting.response != FamilyResponse.WAITING:
        raise ApplicationError("The family has already answered.")
    _not_future(responded_on, "responded_on")
    if responded_on < meeting.offered_on:
        raise ApplicationError("The family answers after the offer.", field="responded_on")
    if not family_words.strip():
        raise ApplicationError("Enter the family's answer in their words.", field="family_words")
    meeting.response = FamilyResponse.ACCEPTED if accepted else FamilyResponse.DECLINED
    meeting.responded_on = responded_on
    meeting.family_words = family_words.strip()
    meeting.save(update_fields=["response", "responded_on", "family_words"])
    audit_record(
        actor=actor,
        verb=ProtectionVerb.FAMILY_MEETING_ANSWERED,
        target=meeting,
        summary={"response": meeting.response, "on": responded_on.isoformat()},
    )
    return meeting


@transaction.atomic
def family_meeting_hold(
    *,
    meeting: FamilyNetworkMeeting,
    actor: User,
    held_on: date,
    attended: str,
    family_plan: str,
) -> FamilyNetworkMeeting:
    """The meeting was held: who came and the family's plan, in their words."""
    if meeting.response != FamilyResponse.ACCEPTED:
        raise ApplicationError("A meeting is held once the family has accepted it.")
    if meeting.held_on is not None:
        raise ApplicationError("This meeting is already recorded.")
    _not_future(held_on, "held_on")
    assert meeting.responded_on is not None
    if held_on < meeting.responded_on:
        raise ApplicationError("The meeting follows the family's answer.", field="held_on")
    if not attended.strip():
        raise ApplicationError("Enter who came.", field="attended")
    if not family_plan.strip():
        raise ApplicationError("Enter the family's plan in their words.", field="family_plan")
    meeting.held_on = held_on
    meeting.attended = attended.strip()
    meeting.family_plan = family_plan.strip()
    meeting.save(update_fields=["held_on", "attended", "family_plan"])
    audit_record(
        actor=actor,
        verb=ProtectionVerb.FAMILY_MEETING_HELD,
        target=meeting,
        summary={"held_on": held_on.isoformat()},
    )
    return meeting


@transaction.atomic
def cin_plan_review_record(
    *,
    plan: CinPlan,
    actor: User,
    reviewed_on: date,
    summary: str,
    next_review_on: date | None,
) -> CinPlanReview:
    if plan.ended_on is not None:
        raise ApplicationError("The child in need plan has ended.")
    _not_future(reviewed_on, "reviewed_on")
    if reviewed_on < plan.started_on:
        raise ApplicationError("A review follows the plan's start.", field="reviewed_on")
    if not summary.strip():
        raise ApplicationError("Enter what the review found.", field="summary")
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ApplicationError("The next review comes after this one.", field="next_review_on")
    review = CinPlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        summary=summary.strip(),
        next_review_on=next_review_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.CIN_PLAN_REVIEWED,
        target=review,
        summary={"reviewed_on": reviewed_on.isoformat()},
    )
    return review
