"""The lead practitioner's work with the family: the early help assessment, Team Around the
Family and family network meetings, the plan with its outcomes and reviews, and closure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import User
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.familyhelp.models import (
    AssessmentDomain,
    CaseStatus,
    ClosureReason,
    EarlyHelpAssessment,
    FamilyHelpCase,
    FamilyHelpPlan,
    HandbackKind,
    Meeting,
    MeetingAction,
    MeetingKind,
    NetworkStatus,
    PlanOutcome,
    PlanReview,
    Progress,
)
from openmash.familyhelp.services.common import (
    case_lock,
    case_touch,
    optional_text,
    require_open,
    require_text,
    settings_row,
    today,
)
from openmash.familyhelp.verbs import FamilyHelpVerb

MAX_OUTCOMES = 20
MAX_ROWS = 30


@transaction.atomic
def familyhelp_assessment_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    domains: Mapping[str, str],
    child_voice: str,
    parents_voice: str,
    analysis: str,
) -> EarlyHelpAssessment:
    """Record the whole family's early help assessment, or a new version of it (the earlier
    versions stay as its history): one entry per local domain, the child's and the parents' own
    words, and the analysis."""
    case = case_lock(case)
    require_open(case, "record an assessment")
    active = list(AssessmentDomain.objects.filter(is_active=True))
    unknown = set(domains) - {d.code for d in active}
    if unknown:
        raise ApplicationError(f"{sorted(unknown)[0]!r} is not an assessment domain")
    entries = [
        {
            "code": d.code,
            "label": d.label,
            "text": optional_text(domains.get(d.code, ""), field=d.code),
        }
        for d in active
    ]
    if not any(e["text"] for e in entries):
        raise ApplicationError(
            "Enter what the assessment found in at least one domain",
            field=active[0].code if active else None,
        )
    assessment = EarlyHelpAssessment.objects.create(
        case=case,
        domains=entries,
        child_voice=require_text(
            child_voice, field="child_voice", message="Enter the child's own words"
        ),
        parents_voice=require_text(
            parents_voice, field="parents_voice", message="Enter the parents' own words"
        ),
        analysis=require_text(analysis, field="analysis", message="Enter the analysis"),
        recorded_by=actor,
    )
    case_touch(case)
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.ASSESSMENT_RECORDED,
        target=case,
        summary={"assessment": assessment.pk, "domains": [e["code"] for e in entries if e["text"]]},
    )
    return assessment


@dataclass(frozen=True)
class OutcomeInput:
    text: str
    actions: str = ""


@transaction.atomic
def familyhelp_plan_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    agreed_on: date,
    outcomes: Sequence[OutcomeInput],
) -> FamilyHelpPlan:
    """Record the family's plan (or a new one replacing it): its outcomes, and the first review,
    due after the council's review interval."""
    case = case_lock(case)
    require_open(case, "record a plan")
    if agreed_on > today():
        raise ApplicationError(
            "The date the plan was agreed must be today or in the past", field="agreed_on"
        )
    given = [o for o in outcomes if o.text.strip()]
    if not given:
        raise ApplicationError("Enter at least one outcome", field="outcomes")
    if len(given) > MAX_OUTCOMES:
        raise ApplicationError(f"Enter at most {MAX_OUTCOMES} outcomes", field="outcomes")
    interval = settings_row().review_interval_days
    plan = FamilyHelpPlan.objects.create(
        case=case,
        agreed_on=agreed_on,
        review_interval_days=interval,
        next_review_due=agreed_on + timedelta(days=interval),
        recorded_by=actor,
    )
    PlanOutcome.objects.bulk_create(
        PlanOutcome(
            plan=plan,
            text=require_text(o.text, field="outcomes", message="Enter the outcome"),
            actions=optional_text(o.actions, field="outcomes"),
        )
        for o in given
    )
    case_touch(case)
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.PLAN_RECORDED,
        target=case,
        summary={
            "plan": plan.pk,
            "outcomes": len(given),
            "next_review_due": plan.next_review_due.isoformat(),
        },
    )
    return plan


def current_plan(case: FamilyHelpCase) -> FamilyHelpPlan | None:
    return case.plans.order_by("-recorded_at", "-pk").first()


@transaction.atomic
def familyhelp_review_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    held_on: date,
    summary: str,
    progress: Mapping[int, str],
) -> PlanReview:
    """Review the current plan: progress on each outcome (not started, some progress,
    achieved), what was tried, and the next review after the plan's interval."""
    case = case_lock(case)
    require_open(case, "review the plan")
    plan = current_plan(case)
    if plan is None:
        raise ApplicationError("Record the family's plan before reviewing it.")
    if held_on > today():
        raise ApplicationError("The review date must be today or in the past", field="held_on")
    if held_on < plan.agreed_on:
        raise ApplicationError("The review cannot be before the plan was agreed", field="held_on")
    summary = require_text(
        summary, field="summary", message="Enter what has changed and what was tried"
    )
    outcomes = list(plan.outcomes.all())
    for outcome in outcomes:
        value = progress.get(outcome.pk, "")
        if value not in Progress.values:
            raise ApplicationError(
                f"Select the progress on '{outcome.text[:60]}'", field=f"outcome_{outcome.pk}"
            )
        outcome.progress = value
    PlanOutcome.objects.bulk_update(outcomes, ["progress"])
    due_on = plan.next_review_due
    plan.next_review_due = held_on + timedelta(days=plan.review_interval_days)
    plan.save(update_fields=["next_review_due"])
    review = PlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        summary=summary,
        progress=[{"outcome": o.pk, "text": o.text, "progress": o.progress} for o in outcomes],
        due_on=due_on,
        next_review_due=plan.next_review_due,
        recorded_by=actor,
    )
    case_touch(case)
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.REVIEW_RECORDED,
        target=case,
        summary={
            "review": review.pk,
            "progress": {str(o.pk): o.progress for o in outcomes},
            "late": held_on > due_on,
            "next_review_due": plan.next_review_due.isoformat(),
        },
    )
    return review


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    agency: str


@dataclass(frozen=True)
class ActionInput:
    text: str
    owner: str
    due_on: date


@transaction.atomic
def familyhelp_meeting_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    held_on: date,
    attendees: Sequence[AttendeeInput],
    notes: str,
    actions: Sequence[ActionInput],
) -> Meeting:
    """A Team Around the Family meeting: who came from which agency, and the actions agreed,
    each with its owner and due date."""
    case = case_lock(case)
    require_open(case, "record a meeting")
    if held_on > today():
        raise ApplicationError("The meeting date must be today or in the past", field="held_on")
    people = [a for a in attendees if a.name.strip()]
    if not people:
        raise ApplicationError("Enter who came to the meeting", field="attendees")
    if len(people) > MAX_ROWS or len(actions) > MAX_ROWS:
        raise ApplicationError(
            f"Enter at most {MAX_ROWS} people and {MAX_ROWS} actions", field="attendees"
        )
    if any(not a.agency.strip() for a in people):
        raise ApplicationError("Enter the agency of each person who came", field="attendees")
    for action in actions:
        if not action.text.strip() or not action.owner.strip():
            raise ApplicationError("Enter each action and who will do it", field="actions")
    meeting = Meeting.objects.create(
        case=case,
        kind=MeetingKind.TAF,
        held_on=held_on,
        attendees=[
            {"name": a.name.strip()[:200], "agency": a.agency.strip()[:200]} for a in people
        ],
        notes=optional_text(notes, field="notes"),
        recorded_by=actor,
    )
    MeetingAction.objects.bulk_create(
        MeetingAction(
            meeting=meeting, text=a.text.strip()[:500], owner=a.owner.strip()[:200], due_on=a.due_on
        )
        for a in actions
    )
    case_touch(case)
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.MEETING_RECORDED,
        target=case,
        summary={
            "meeting": meeting.pk,
            "kind": MeetingKind.TAF,
            "agencies": sorted({a.agency.strip() for a in people}),
            "actions": len(actions),
        },
    )
    return meeting


NETWORK_NEXT = {
    "": {NetworkStatus.OFFERED},
    NetworkStatus.OFFERED: {NetworkStatus.ACCEPTED, NetworkStatus.NOT_WANTED},
    NetworkStatus.ACCEPTED: {NetworkStatus.HELD, NetworkStatus.NOT_WANTED},
    NetworkStatus.NOT_WANTED: set(),
    NetworkStatus.HELD: set(),
}


@transaction.atomic
def familyhelp_network_meeting_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    status: str,
    on: date,
    family_plan: str = "",
    notes: str = "",
) -> Meeting:
    """A family network meeting (family group decision making), step by step: offered, then
    accepted or not wanted, then held with the plan the family made. One per case at a time:
    each step moves the latest one on; a new offer starts after one is held or not wanted."""
    case = case_lock(case)
    require_open(case, "record a family network meeting")
    if on > today():
        raise ApplicationError("The date must be today or in the past", field="on")
    latest = case.meetings.filter(kind=MeetingKind.NETWORK).order_by("-recorded_at", "-pk").first()
    current = latest.network_status if latest else ""
    if status == NetworkStatus.OFFERED and current in (
        "",
        NetworkStatus.HELD,
        NetworkStatus.NOT_WANTED,
    ):
        meeting = Meeting(case=case, kind=MeetingKind.NETWORK, recorded_by=actor)
    elif latest is not None and status in NETWORK_NEXT[NetworkStatus(current)]:
        meeting = latest
    else:
        raise ApplicationError(_network_refusal(current, status), field="status")
    meeting.network_status = status
    if status == NetworkStatus.OFFERED:
        meeting.offered_on = on
    if status == NetworkStatus.HELD:
        meeting.held_on = on
        meeting.family_plan = require_text(
            family_plan, field="family_plan", message="Enter the plan the family made"
        )
    if notes.strip():
        meeting.notes = (meeting.notes + "\n\n" if meeting.notes else "") + optional_text(
            notes, field="notes"
        )
    meeting.save()
    case_touch(case)
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.NETWORK_MEETING_UPDATED,
        target=case,
        summary={"meeting": meeting.pk, "status": status, "on": on.isoformat()},
    )
    return meeting


def _network_refusal(current: str, status: str) -> str:
    if status not in NetworkStatus.values:
        return "Select what happened with the family network meeting"
    if not current:
        return "Offer the family a network meeting first"
    label = NetworkStatus(current).label.lower()
    wanted = NetworkStatus(status).label.lower()
    return f"The family network meeting is {label}: it cannot now be {wanted}"


# Closing for these reasons while concerns are unresolved sends the family back to the MASH.
ENDED_BY_FAMILY = {ClosureReason.DECLINED, ClosureReason.NO_LONGER_ENGAGING}


def close_locked(case: FamilyHelpCase, *, actor: User, reason: str, note: str) -> None:
    case.status = CaseStatus.CLOSED
    case.closed_at, case.closed_by = timezone.now(), actor
    case.closure_reason, case.closure_note = reason, note
    case_touch(case, "status", "closed_at", "closed_by", "closure_reason", "closure_note")
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.CLOSED,
        target=case,
        summary={"reason": reason, "note": note},
    )


@transaction.atomic
def familyhelp_case_close(
    *,
    case: FamilyHelpCase,
    actor: User,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> FamilyHelpCase:
    """Close the case with its reason. A step-up closes it through `familyhelp_step_up`; a
    family declining or no longer engaging while concerns are unresolved goes back to the MASH
    for review."""
    from openmash.familyhelp.services.handback import return_to_mash

    case = case_lock(case, expected_version=expected_version)
    require_open(case, "close it")
    if reason not in ClosureReason.values:
        raise ApplicationError("Select why the case is closing", field="reason")
    if reason == ClosureReason.STEPPED_UP:
        raise ApplicationError(
            "To step the family up to social care, use 'Step up to social care': it sends the "
            "MASH the family's history",
            field="reason",
        )
    note = optional_text(note, field="note")
    if reason in ENDED_BY_FAMILY and not note:
        raise ApplicationError("Enter what happened", field="note")
    close_locked(case, actor=actor, reason=reason, note=note)
    if reason in ENDED_BY_FAMILY and case.open_concerns:
        return_to_mash(case=case, actor=actor, kind=HandbackKind.REFUSED, reason=note)
    return case
