"""Strategy discussions and their timing, section 47 enquiries, and what the MASH's decision
starts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openmash.accounts.models import AgencyType, TeamKind
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.protection import clocks
from openmash.protection.models import (
    NextStep,
    ProtectionCase,
    S47Outcome,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDecision,
    StrategyDiscussion,
    StrategySource,
)
from openmash.protection.services.common import (
    case_refresh_due,
    protection_case_open,
    protection_teams,
    setting_in_force,
)
from openmash.protection.services.plans import _assessment_create, _cin_plan_start
from openmash.protection.verbs import ProtectionVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.frontdoor.models import Decision, DecisionOutcome

logger = logging.getLogger(__name__)

# Agencies whose answers a strategy discussion waits for (police and health; social care is
# the council itself).
REQUIRED_REQUEST_AGENCIES = (AgencyType.POLICE, AgencyType.HEALTH, AgencyType.GP)

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
