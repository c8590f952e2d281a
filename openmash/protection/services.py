"""Every change to child protection work: one service each, audited, in one transaction.
Views, the API, the decision hook and the loaders all call these."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openmash.accounts.models import AgencyType, Team, TeamKind
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.protection import clocks
from openmash.protection.models import (
    Assessment,
    ChildProtectionPlan,
    CinPlan,
    Conference,
    ConferenceKind,
    MemberRole,
    NextStep,
    PlanActivity,
    PlanActivityKind,
    ProtectionCase,
    ProtectionMember,
    ProtectionSetting,
    S47Outcome,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDecision,
    StrategyDiscussion,
    StrategySource,
)
from openmash.protection.verbs import ProtectionVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.frontdoor.models import Decision, DecisionOutcome, Referral
    from openmash.people.models import Person

logger = logging.getLogger(__name__)

# Agencies whose answers a strategy discussion waits for (police and health; social care is
# the council itself).
REQUIRED_REQUEST_AGENCIES = (AgencyType.POLICE, AgencyType.HEALTH, AgencyType.GP)


def setting_in_force() -> ProtectionSetting:
    return ProtectionSetting.objects.first() or ProtectionSetting()


@transaction.atomic
def protection_setting_change(
    *,
    actor: User,
    strategy_days_urgent: int,
    strategy_days: int,
    visit_every_working_days: int,
    reason: str,
) -> ProtectionSetting:
    if not reason.strip():
        raise ApplicationError("Enter why the timescales change.", field="reason")
    row = ProtectionSetting.objects.create(
        strategy_days_urgent=strategy_days_urgent,
        strategy_days=strategy_days,
        visit_every_working_days=visit_every_working_days,
        reason=reason.strip(),
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.SETTING_CHANGED,
        target=row,
        summary={
            "strategy_days_urgent": strategy_days_urgent,
            "strategy_days": strategy_days,
            "visit_every_working_days": visit_every_working_days,
        },
    )
    return row


# --- What is due next ----------------------------------------------------------------------


def case_refresh_due(case: ProtectionCase) -> None:
    """Keep the case's next deadline (what "My work" sorts by): the earliest of the strategy
    discussion's target, the ICPC target, the assessment's due date, the plan's review and
    visit."""
    due: list[tuple[datetime, str]] = []
    for sd in case.strategy_discussions.filter(held_at=None):
        due.append((sd.target_at, "Strategy discussion"))
    for enquiry in case.enquiries.exclude(outcome=S47Outcome.NO_ICPC).exclude(
        pk__in=Conference.objects.filter(kind=ConferenceKind.INITIAL).values("enquiry_id")
    ):
        due.append((clocks.end_of_day(enquiry.icpc_target_on), "Initial conference"))
    for assessment in case.assessments.filter(authorised_on=None):
        due.append((clocks.end_of_day(assessment.due_on), "Assessment"))
    for plan in case.plans.filter(ended_on=None):
        if plan.next_review_on:
            due.append((clocks.end_of_day(plan.next_review_on), "Review conference"))
        if plan.next_visit_on:
            due.append((clocks.end_of_day(plan.next_visit_on), "Statutory visit"))
    if due:
        case.next_due_at, case.next_due_what = min(due)
    else:
        case.next_due_at, case.next_due_what = None, ""
    case.version += 1
    case.save(update_fields=["next_due_at", "next_due_what", "version"])


# --- The case and its team -----------------------------------------------------------------


def protection_teams() -> list[Team]:
    return list(Team.objects.filter(kind=TeamKind.ASSESSMENT, is_active=True).order_by("pk"))


@transaction.atomic
def protection_case_open(
    *,
    actor: User | None,
    person: Person,
    team: Team,
    lead_practitioner: User | None = None,
    decision: Decision | None = None,
    referral: Referral | None = None,
) -> ProtectionCase:
    """The child's open protection case, or a new one."""
    case = ProtectionCase.objects.filter(person=person, closed_at=None).first()
    if case is not None:
        return case
    case = ProtectionCase.objects.create(
        person=person,
        team=team,
        lead_practitioner=lead_practitioner,
        decision=decision,
        contact=decision.contact if decision else None,
        referral=referral,
    )
    audit_record(actor=actor, verb=ProtectionVerb.CASE_OPENED, target=case)
    return case


@transaction.atomic
def protection_member_add(
    *, case: ProtectionCase, actor: User, user: User, role: str
) -> ProtectionMember:
    if role not in MemberRole.values:
        raise ApplicationError("Select the member's agency.", field="role")
    if not user.is_active:
        raise ApplicationError("That account is not active.", field="email")
    member, _ = ProtectionMember.objects.update_or_create(
        case=case, user=user, defaults={"role": role, "added_by": actor}
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.MEMBER_ADDED,
        target=case,
        summary={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def protection_lead_name(*, case: ProtectionCase, actor: User, lead: User) -> ProtectionCase:
    if not lead.has_capability("records_contacts"):
        raise ApplicationError("The lead practitioner is a social worker.", field="email")
    case.lead_practitioner = lead
    case.save(update_fields=["lead_practitioner"])
    audit_record(
        actor=actor, verb=ProtectionVerb.LEAD_NAMED, target=case, summary={"lead": lead.pk}
    )
    return case


# --- Strategy discussions ------------------------------------------------------------------


@transaction.atomic
def strategy_discussion_convene(
    *,
    case: ProtectionCase,
    actor: User | None,
    source: str,
    trigger: str,
    trigger_at: datetime,
    urgent: bool,
) -> StrategyDiscussion:
    """Convene a strategy discussion; its target comes from the timescales in force now."""
    if not trigger.strip():
        raise ApplicationError("Enter why a strategy discussion is needed.", field="trigger")
    if trigger_at > timezone.now():
        raise ApplicationError("The need cannot arise in the future.", field="trigger_at")
    setting = setting_in_force()
    days = setting.strategy_days_urgent if urgent else setting.strategy_days
    discussion = StrategyDiscussion.objects.create(
        case=case,
        source=source,
        trigger=trigger.strip(),
        trigger_at=trigger_at,
        urgent=urgent,
        target_at=clocks.strategy_target(trigger_at, days=days),
        convened_by=actor,
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.STRATEGY_CONVENED,
        target=discussion,
        summary={"case": case.pk, "source": source, "urgent": urgent},
    )
    case_refresh_due(case)
    return discussion


@dataclass(frozen=True)
class AttendeeInput:
    role: str
    name: str
    shared: str = ""


def unanswered_requests(case: ProtectionCase, at: datetime) -> list[str]:
    """The required agencies (police, health) whose information requests on the case's contact
    were asked by `at` and not yet answered then."""
    from openmash.frontdoor.models import InformationRequest, RequestStatus

    if case.contact_id is None:
        return []
    waiting = (
        InformationRequest.objects.filter(
            contact_id=case.contact_id,
            agency__agency_type__in=REQUIRED_REQUEST_AGENCIES,
            requested_at__lte=at,
        )
        .filter(
            Q(status=RequestStatus.OPEN) | Q(responded_at__gt=at) | Q(responded_at=None),
        )
        .exclude(status=RequestStatus.WITHDRAWN)
        .select_related("agency")
        .order_by("agency__name")
    )
    return sorted({r.agency.name for r in waiting})


@transaction.atomic
def strategy_discussion_record(
    *,
    discussion: StrategyDiscussion,
    actor: User,
    held_at: datetime,
    attendees: Sequence[AttendeeInput],
    child_needs: str,
    decision: str,
    decision_reason: str = "",
    early_reason: str = "",
    safety_actions: str = "",
    mental_capacity: str = "",
) -> StrategyDiscussion:
    """Record the discussion as held, fixing its timing: late (held after its target),
    premature (required agencies' answers still awaited and no reason why it could not wait),
    or held early with the chair's reason. A decision of section 47 starts the enquiry."""
    if discussion.held_at is not None:
        raise ApplicationError("This strategy discussion is already recorded.")
    if held_at > timezone.now():
        raise ApplicationError("The discussion cannot be held in the future.", field="held_at")
    if held_at < discussion.trigger_at:
        raise ApplicationError("It cannot be held before the need arose.", field="held_at")
    if decision not in StrategyDecision.values:
        raise ApplicationError("Select the decision.", field="decision")
    if decision in (StrategyDecision.NO_S47, StrategyDecision.RECONVENE) and not (
        decision_reason.strip()
    ):
        raise ApplicationError("Enter the reason for the decision.", field="decision_reason")
    if not child_needs.strip():
        raise ApplicationError("Enter the child's needs.", field="child_needs")
    unanswered = unanswered_requests(discussion.case, held_at)
    discussion.held_at = held_at
    discussion.chair = actor
    discussion.child_needs = child_needs.strip()
    discussion.mental_capacity = mental_capacity.strip()
    discussion.decision = decision
    discussion.decision_reason = decision_reason.strip()
    discussion.safety_actions = safety_actions.strip()
    discussion.early_reason = early_reason.strip() if unanswered else ""
    discussion.unanswered = unanswered
    discussion.late = held_at > discussion.target_at
    discussion.premature = bool(unanswered) and not discussion.early_reason
    discussion.save()
    StrategyAttendee.objects.bulk_create(
        StrategyAttendee(discussion=discussion, role=a.role, name=a.name, shared=a.shared)
        for a in attendees
        if a.name.strip()
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.STRATEGY_HELD,
        target=discussion,
        summary={
            "decision": decision,
            "late": discussion.late,
            "premature": discussion.premature,
            "held_early": discussion.held_early,
        },
    )
    if decision in (StrategyDecision.S47_SINGLE, StrategyDecision.S47_JOINT):
        _enquiry_start(discussion, actor)
    case_refresh_due(discussion.case)
    return discussion


def _enquiry_start(discussion: StrategyDiscussion, actor: User) -> Section47Enquiry:
    assert discussion.held_at is not None
    held_on = timezone.localtime(discussion.held_at, clocks.LONDON).date()
    enquiry = Section47Enquiry.objects.create(
        case=discussion.case,
        discussion=discussion,
        joint=discussion.decision == StrategyDecision.S47_JOINT,
        started_on=held_on,
        icpc_target_on=clocks.icpc_target(held_on),
    )
    audit_record(
        actor=actor,
        verb=ProtectionVerb.S47_RECORDED,
        target=enquiry,
        summary={"started_on": held_on.isoformat()},
    )
    case = discussion.case
    if not case.assessments.filter(authorised_on=None).exists():
        referral_date = case.referral.referral_date if case.referral else held_on
        _assessment_create(case, actor, referral_date=referral_date, started_on=held_on)
    return enquiry


# --- Section 47 enquiries ------------------------------------------------------------------


@transaction.atomic
def section47_record(
    *,
    enquiry: Section47Enquiry,
    actor: User,
    child_seen_on: date | None,
    seen_alone: bool | None,
    seen_by: str,
    child_wishes: str,
    analysis: str = "",
    outcome: str = "",
    next_step: str = "",
    completed_on: date | None = None,
) -> Section47Enquiry:
    """Record the child seen and their wishes; with an outcome, the enquiry's conclusion."""
    if enquiry.completed_on is not None:
        raise ApplicationError("This enquiry is already concluded.")
    if child_seen_on and child_seen_on < enquiry.started_on:
        raise ApplicationError(
            "The child is seen on or after the enquiry's start.", field="child_seen_on"
        )
    if child_seen_on and not child_wishes.strip():
        raise ApplicationError("Enter the child's wishes and feelings.", field="child_wishes")
    if outcome:
        if outcome not in S47Outcome.values:
            raise ApplicationError("Select the outcome.", field="outcome")
        if not analysis.strip():
            raise ApplicationError("Enter the analysis of significant harm.", field="analysis")
        if outcome == S47Outcome.NO_ICPC and next_step not in NextStep.values:
            raise ApplicationError("Select the next step.", field="next_step")
        completed_on = completed_on or timezone.localdate()
    enquiry.child_seen_on = child_seen_on
    enquiry.seen_alone = seen_alone
    enquiry.seen_by = seen_by.strip()
    enquiry.child_wishes = child_wishes.strip()
    enquiry.analysis = analysis.strip()
    enquiry.outcome = outcome
    enquiry.next_step = next_step if outcome == S47Outcome.NO_ICPC else ""
    enquiry.completed_on = completed_on if outcome else None
    enquiry.save()
    audit_record(
        actor=actor,
        verb=ProtectionVerb.S47_RECORDED,
        target=enquiry,
        summary={"outcome": outcome, "child_seen": child_seen_on is not None},
    )
    if outcome == S47Outcome.NO_ICPC and next_step == NextStep.CIN_PLAN:
        _cin_plan_start(
            enquiry.case, actor, started_on=enquiry.completed_on or timezone.localdate()
        )
    case_refresh_due(enquiry.case)
    return enquiry


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
def agency_note_add(*, case: ProtectionCase, actor: User, text: str) -> object:
    from openmash.protection.models import AgencyNote

    if not text.strip():
        raise ApplicationError("Enter what you add to the record.", field="text")
    note = AgencyNote.objects.create(case=case, author=actor, text=text.strip())
    audit_record(actor=actor, verb=ProtectionVerb.NOTE_ADDED, target=note)
    return note


# --- From the MASH's decision --------------------------------------------------------------

PROTECTION_OUTCOMES = ("strategy_discussion", "immediate_protection")


def protection_from_decision(
    *, decision: Decision, outcomes: Sequence[DecisionOutcome], actor: User
) -> None:
    """`frontdoor.registry.decision_authorised`: a child's outcome of strategy discussion or
    immediate protection convenes a strategy discussion (urgent for immediate protection or a
    red contact); a child and family assessment outcome starts the assessment. The case goes
    to the decision's team when it is an assessment team, else the first one."""
    chosen = [
        o for o in outcomes if o.is_child and o.outcome in (*PROTECTION_OUTCOMES, "assessment")
    ]
    if not chosen:
        return
    team = decision.team
    if team is None or team.kind != TeamKind.ASSESSMENT or not team.is_active:
        teams = protection_teams()
        if not teams:
            logger.warning("No assessment team for decision %s", decision.pk)
            return
        team = teams[0]
    now = decision.authorised_at or timezone.now()
    for outcome in chosen:
        subject = outcome.subject
        referral = getattr(subject, "referral", None)
        if subject.person is None:
            continue
        case = protection_case_open(
            actor=actor,
            person=subject.person,
            team=team,
            lead_practitioner=referral.worker if referral else None,
            decision=decision,
            referral=referral,
        )
        if outcome.outcome in PROTECTION_OUTCOMES:
            strategy_discussion_convene(
                case=case,
                actor=actor,
                source=StrategySource.DECISION,
                trigger=f"The MASH's decision: {decision.rationale.strip()}",
                trigger_at=now,
                urgent=outcome.outcome == "immediate_protection" or decision.contact.rag == "red",
            )
        elif not case.assessments.filter(authorised_on=None).exists():
            referral_date = referral.referral_date if referral else timezone.localdate()
            _assessment_create(
                case, actor, referral_date=referral_date, started_on=timezone.localdate()
            )
            case_refresh_due(case)
