"""Assessments, conferences, child protection plans (visits, core groups, the end) and child in
need plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    CinPlan,
    Conference,
    ConferenceKind,
    PlanActivity,
    PlanActivityKind,
    ProtectionCase,
    S47Outcome,
)
from openmash.protection.services.common import case_refresh_due, setting_in_force
from openmash.protection.verbs import ProtectionVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


# --- Assessments ---------------------------------------------------------------------------


def _assessment_create(
    case: ProtectionCase, actor: User | None, *, referral_date: date, started_on: date
) -> Assessment:
    assessment = Assessment.objects.create(
        case=case,
        referral_date=referral_date,
        started_on=started_on,
        due_on=clocks.assessment_due(referral_date),
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.ASSESSMENT_STARTED,
        target=assessment,
        summary={"due_on": assessment.due_on.isoformat()},
    )
    return assessment


@transaction.atomic
def assessment_start(
    *, case: ProtectionCase, actor: User | None, referral_date: date, started_on: date
) -> Assessment:
    if started_on < referral_date:
        raise ApplicationError("An assessment starts on or after the referral.", field="started_on")
    if case.assessments.filter(authorised_on=None).exists():
        raise ApplicationError("An assessment is already open.")
    assessment = _assessment_create(case, actor, referral_date=referral_date, started_on=started_on)
    case_refresh_due(case)
    return assessment


@transaction.atomic
def assessment_record(
    *,
    assessment: Assessment,
    actor: User,
    factors: Sequence[str],
    child_voice: str,
    analysis: str,
    needs_support: bool | None,
    completed_on: date | None,
) -> Assessment:
    if assessment.authorised_on is not None:
        raise ApplicationError("An authorised assessment cannot change.")
    if "21" in factors and len(factors) > 1:
        raise ApplicationError(
            "'No factors identified' cannot be chosen with other factors.", field="factors"
        )
    if completed_on and not (analysis.strip() and child_voice.strip()):
        raise ApplicationError(
            "Enter the child's voice and the analysis before completing it.", field="analysis"
        )
    assessment.factors = list(factors)
    assessment.child_voice = child_voice.strip()
    assessment.analysis = analysis.strip()
    assessment.needs_support = needs_support
    assessment.completed_on = completed_on
    assessment.save()
    audit_record(actor=actor, verb=ProtectionVerb.ASSESSMENT_RECORDED, target=assessment)
    return assessment


@transaction.atomic
def assessment_authorise(*, assessment: Assessment, actor: User, on: date) -> Assessment:
    """A manager authorises a completed assessment (`AssessmentAuthorisationDate`)."""
    if assessment.completed_on is None:
        raise ApplicationError("Complete the assessment before it is authorised.")
    if assessment.authorised_on is not None:
        raise ApplicationError("This assessment is already authorised.")
    if on < assessment.completed_on:
        raise ApplicationError("It is authorised on or after its completion.", field="on")
    assessment.authorised_on = on
    assessment.authorised_by = actor
    assessment.save(update_fields=["authorised_on", "authorised_by"])
    audit_record(
        actor=actor,
        verb=ProtectionVerb.ASSESSMENT_AUTHORISED,
        target=assessment,
        summary={"on": on.isoformat(), "late": on > assessment.due_on},
    )
    case_refresh_due(assessment.case)
    return assessment


# --- Conferences and plans -----------------------------------------------------------------


@transaction.atomic
def conference_record(
    *,
    case: ProtectionCase,
    actor: User,
    held_on: date,
    agencies_invited: Sequence[str],
    reports: str,
    plan_needed: bool,
    category: str,
) -> Conference:
    """Record a conference as held. With no plan open it is the initial conference (against
    its enquiry's target; a plan starts on its date); with a plan open it is a review (the next
    review is due at most 6 months on; no plan needed ends the plan)."""
    plan = case.plans.filter(ended_on=None).first()
    if held_on > timezone.localdate():
        raise ApplicationError("The conference cannot be held in the future.", field="held_on")
    if plan_needed and not category:
        raise ApplicationError("Select the category of abuse.", field="category")
    if plan is None:
        enquiry = case.enquiries.filter(outcome=S47Outcome.ICPC).first()
        if enquiry is None:
            raise ApplicationError(
                "An initial conference follows a section 47 enquiry that calls for one."
            )
        if held_on < enquiry.started_on:
            raise ApplicationError("The conference follows the enquiry.", field="held_on")
        conference = Conference.objects.create(
            case=case,
            kind=ConferenceKind.INITIAL,
            enquiry=enquiry,
            target_on=enquiry.icpc_target_on,
            held_on=held_on,
            agencies_invited=list(agencies_invited),
            reports=reports.strip(),
            plan_needed=plan_needed,
            category=category if plan_needed else "",
            recorded_by=actor,
        )
        if plan_needed:
            _plan_start(case, conference, actor)
    else:
        if held_on < plan.started_on:
            raise ApplicationError("A review follows the plan's start.", field="held_on")
        assert plan.next_review_on is not None
        conference = Conference.objects.create(
            case=case,
            kind=ConferenceKind.REVIEW,
            target_on=plan.next_review_on,
            held_on=held_on,
            agencies_invited=list(agencies_invited),
            reports=reports.strip(),
            plan_needed=plan_needed,
            category=category if plan_needed else "",
            recorded_by=actor,
        )
        if plan_needed:
            plan.latest_category = category
            plan.next_review_on = clocks.later_review_due(held_on)
            plan.save(update_fields=["latest_category", "next_review_on"])
        else:
            _plan_end(plan, actor, ended_on=held_on, reason="safe")
    audit_record(
        actor=actor,
        verb=ProtectionVerb.CONFERENCE_RECORDED,
        target=conference,
        summary={"kind": conference.kind, "plan_needed": plan_needed, "category": category},
    )
    case_refresh_due(case)
    return conference


def _plan_start(case: ProtectionCase, conference: Conference, actor: User) -> ChildProtectionPlan:
    setting = setting_in_force()
    plan = ChildProtectionPlan.objects.create(
        case=case,
        conference=conference,
        started_on=conference.held_on,
        initial_category=conference.category,
        latest_category=conference.category,
        visit_every_working_days=setting.visit_every_working_days,
        next_review_on=clocks.first_review_due(conference.held_on),
        next_visit_on=clocks.working_days_after(
            conference.held_on, setting.visit_every_working_days
        ),
    )
    audit_record(actor=actor, verb=ProtectionVerb.PLAN_STARTED, target=plan)
    return plan


@transaction.atomic
def plan_activity_record(
    *,
    plan: ChildProtectionPlan,
    actor: User,
    kind: str,
    on: date,
    seen_alone: bool | None,
    note: str,
) -> PlanActivity:
    if plan.ended_on is not None:
        raise ApplicationError("The plan has ended.")
    if kind not in PlanActivityKind.values:
        raise ApplicationError("Select what happened.", field="kind")
    if on < plan.started_on or on > timezone.localdate():
        raise ApplicationError("Enter a date from the plan's start to today.", field="on")
    activity = PlanActivity.objects.create(
        plan=plan, kind=kind, on=on, seen_alone=seen_alone, note=note.strip(), recorded_by=actor
    )
    if kind == PlanActivityKind.VISIT:
        latest = plan.activity.filter(kind=PlanActivityKind.VISIT).order_by("-on").first()
        assert latest is not None
        plan.next_visit_on = clocks.working_days_after(latest.on, plan.visit_every_working_days)
        plan.save(update_fields=["next_visit_on"])
    audit_record(
        actor=actor,
        verb=ProtectionVerb.PLAN_ACTIVITY_RECORDED,
        target=activity,
        summary={"kind": kind, "on": on.isoformat()},
    )
    case_refresh_due(plan.case)
    return activity


def _plan_end(plan: ChildProtectionPlan, actor: User, *, ended_on: date, reason: str) -> None:
    plan.ended_on = ended_on
    plan.end_reason = reason
    plan.next_review_on = None
    plan.next_visit_on = None
    plan.save(update_fields=["ended_on", "end_reason", "next_review_on", "next_visit_on"])
    audit_record(
        actor=actor, verb=ProtectionVerb.PLAN_ENDED, target=plan, summary={"reason": reason}
    )


@transaction.atomic
def plan_end(
    *, plan: ChildProtectionPlan, actor: User, ended_on: date, reason: str
) -> ChildProtectionPlan:
    from openmash.protection.models import EndReason

    if plan.ended_on is not None:
        raise ApplicationError("The plan has already ended.")
    if reason not in EndReason.values:
        raise ApplicationError("Select why the plan ends.", field="reason")
    if ended_on < plan.started_on:
        raise ApplicationError("A plan ends after it starts.", field="ended_on")
    _plan_end(plan, actor, ended_on=ended_on, reason=reason)
    if reason == EndReason.CIN:
        _cin_plan_start(plan.case, actor, started_on=ended_on)
    case_refresh_due(plan.case)
    return plan


def _cin_plan_start(case: ProtectionCase, actor: User | None, *, started_on: date) -> CinPlan:
    plan = CinPlan.objects.create(case=case, started_on=started_on)
    audit_record(actor=actor, verb=ProtectionVerb.CIN_PLAN_RECORDED, target=plan)
    return plan


@transaction.atomic
def cin_plan_start(*, case: ProtectionCase, actor: User, started_on: date) -> CinPlan:
    """Start a child in need plan after an authorised child and family assessment (section 17):
    one open plan at a time, never beside an open child protection plan."""
    if started_on > timezone.localdate():
        raise ApplicationError("The date cannot be in the future.", field="started_on")
    if case.cin_plans.filter(ended_on=None).exists():
        raise ApplicationError("The child already has an open child in need plan.")
    if case.plans.filter(ended_on=None).exists():
        raise ApplicationError(
            "The child is on a child protection plan: end it (stepping down to a child in need "
            "plan) instead."
        )
    assessment = (
        case.assessments.exclude(authorised_on=None).order_by("-authorised_on", "-pk").first()
    )
    if assessment is None or assessment.authorised_on is None:
        raise ApplicationError(
            "A child in need plan starts after an authorised child and family assessment."
        )
    if started_on < assessment.authorised_on:
        raise ApplicationError(
            "The plan starts on or after the assessment was authorised.", field="started_on"
        )
    plan = _cin_plan_start(case, actor, started_on=started_on)
    case_refresh_due(case)
    return plan


@transaction.atomic
def cin_plan_end(*, plan: CinPlan, actor: User, ended_on: date, reason: str) -> CinPlan:
    """End a child in need plan with its CIN census reason for closure (RC1 to RC9)."""
    from openmash.protection.models import CinEndReason

    if plan.ended_on is not None:
        raise ApplicationError("The child in need plan has already ended.")
    if reason not in CinEndReason.values:
        raise ApplicationError("Select why the plan ends.", field="reason")
    if ended_on > timezone.localdate():
        raise ApplicationError("The date cannot be in the future.", field="ended_on")
    if ended_on < plan.started_on:
        raise ApplicationError("A plan ends on or after it starts.", field="ended_on")
    plan.ended_on = ended_on
    plan.end_reason = reason
    plan.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor,
        verb=ProtectionVerb.CIN_PLAN_ENDED,
        target=plan,
        summary={"reason": reason, "ended_on": ended_on.isoformat()},
    )
    case_refresh_due(plan.case)
    return plan
