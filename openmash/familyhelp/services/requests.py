"""Requests for Family Help: from an authorised MASH decision, from a partner agency, or stepped
down from social care; accepted or declined by the Family Help team; the family's agreement."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Team, TeamKind, User
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.familyhelp.models import (
    Agreement,
    CaseSource,
    CaseStatus,
    ClosureReason,
    FamilyHelpCase,
    FamilyMember,
    HandbackKind,
    MemberRole,
)
from openmash.familyhelp.services.common import (
    case_lock,
    case_touch,
    optional_text,
    require_text,
)
from openmash.familyhelp.verbs import FamilyHelpVerb
from openmash.frontdoor.models import ChildOutcome
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.frontdoor.models import Decision, DecisionOutcome

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MemberInput:
    given_name: str
    family_name: str
    role: str = MemberRole.CHILD
    date_of_birth: date | None = None
    person: Person | None = None

    @classmethod
    def of(cls, person: Person, role: str = MemberRole.CHILD) -> MemberInput:
        return cls(
            given_name=person.given_name,
            family_name=person.family_name,
            role=role,
            date_of_birth=person.date_of_birth,
            person=person,
        )


def family_help_teams() -> list[Team]:
    return list(Team.objects.filter(kind=TeamKind.EARLY_HELP, is_active=True).order_by("name"))


def _check_team(team: Team) -> None:
    if team.kind != TeamKind.EARLY_HELP or not team.is_active:
        raise ApplicationError("Select a Family Help team", field="team")


def _check_members(members: Sequence[MemberInput]) -> None:
    if not any(m.role == MemberRole.CHILD for m in members):
        raise ApplicationError("Enter at least one child in the family", field="members")
    if len(members) > 20:
        raise ApplicationError("Enter at most 20 people in one family", field="members")
    for member in members:
        if not member.given_name.strip() or not member.family_name.strip():
            raise ApplicationError("Enter each person's first name and last name", field="members")
        if member.role not in MemberRole.values:
            raise ApplicationError("Select each person's part in the family", field="members")
        if member.date_of_birth and member.date_of_birth > timezone.localdate():
            raise ApplicationError("A date of birth must be in the past", field="members")


def _case_create(
    *,
    actor: User | None,
    source: str,
    team: Team,
    members: Sequence[MemberInput],
    reason: str,
    open_concerns: bool,
    **extra: object,
) -> FamilyHelpCase:
    _check_team(team)
    _check_members(members)
    case = FamilyHelpCase.objects.create(
        reference=f"p{uuid.uuid4().hex[:19]}",  # replaced below, once the row has its id
        source=source,
        team=team,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        open_concerns=open_concerns,
        **extra,
    )
    case.reference = f"FH{timezone.localtime(case.requested_at):%y}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    FamilyMember.objects.bulk_create(
        FamilyMember(
            case=case,
            person=m.person,
            role=m.role,
            given_name=m.given_name.strip(),
            family_name=m.family_name.strip(),
            date_of_birth=m.date_of_birth,
        )
        for m in members
    )
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.REQUESTED,
        target=case,
        summary={
            "source": source,
            "team": team.pk,
            "people": [m.person.pk if m.person else None for m in members],
            "open_concerns": open_concerns,
        },
    )
    return case


@transaction.atomic
def familyhelp_request_create(
    *,
    actor: User,
    team: Team,
    members: Sequence[MemberInput],
    reason: str,
    open_concerns: bool,
) -> FamilyHelpCase:
    """A partner agency asks a Family Help team directly (the portal page or the API)."""
    reason = require_text(reason, field="reason", message="Enter why the family needs help")
    return _case_create(
        actor=actor,
        source=CaseSource.PARTNER,
        team=team,
        members=members,
        reason=reason,
        open_concerns=open_concerns,
    )


@transaction.atomic
def familyhelp_request_step_down(
    *,
    actor: User,
    team: Team,
    people: Sequence[MemberInput],
    analysis: str,
    handover_note: str,
    stepped_down_from: str = "",
) -> FamilyHelpCase:
    """Step a family down from social care (a closed child and family assessment or child in
    need plan): a request for Family Help carrying the social worker's analysis and hand-over
    note, so nobody asks the family to tell their story again. Generic: the protection app calls
    it when an assessment or plan closes to Family Help; the step-down page calls it too."""
    analysis = require_text(analysis, field="analysis", message="Enter the assessment's analysis")
    handover_note = require_text(
        handover_note, field="handover_note", message="Enter the hand-over note"
    )
    stepped_down_from = optional_text(stepped_down_from, field="stepped_down_from")[:200]
    return _case_create(
        actor=actor,
        source=CaseSource.STEP_DOWN,
        team=team,
        members=people,
        reason=handover_note,
        open_concerns=True,
        step_down_analysis=analysis,
        step_down_handover=handover_note,
        step_down_from=stepped_down_from,
    )


def familyhelp_from_decision(
    *, decision: Decision, outcomes: Sequence[DecisionOutcome], actor: User
) -> None:
    """`frontdoor.registry.decision_authorised`: a child's outcome of early help becomes a
    request for Family Help for the family (the children with that outcome, and the adults the
    contact names), on the decision's team when it is a Family Help team, else the first one."""
    children = [o for o in outcomes if o.is_child and o.outcome == ChildOutcome.EARLY_HELP]
    if not children:
        return
    team = decision.team
    if team is None or team.kind != TeamKind.EARLY_HELP or not team.is_active:
        teams = family_help_teams()
        if not teams:
            logger.warning("No Family Help team for decision %s", decision.pk)
            return
        team = teams[0]
    chosen = {o.subject_id for o in children}
    members = []
    for subject in decision.contact.contact_subjects.order_by("pk"):
        if subject.pk in chosen:
            role = MemberRole.CHILD
        elif not subject.is_child:
            role = MemberRole.PARENT
        else:
            role = MemberRole.OTHER
        members.append(
            MemberInput(
                given_name=subject.given_name,
                family_name=subject.family_name,
                role=role,
                date_of_birth=subject.date_of_birth,
                person=subject.person,
            )
        )
    contact = decision.contact
    reason = f"The MASH's decision: {decision.rationale.strip()}"
    if decision.next_step.strip():
        reason += f"\n\nNext step: {decision.next_step.strip()}"
    reason += f"\n\nWhat the referrer said: {contact.concern.strip()}"
    _case_create(
        actor=actor,
        source=CaseSource.MASH,
        team=team,
        members=members,
        reason=reason,
        open_concerns=True,
        contact=contact,
        decision=decision,
    )


def _lead_from(email_or_user: User | str) -> User:
    if isinstance(email_or_user, User):
        lead: User | None = email_or_user
    else:
        email = (email_or_user or "").strip().lower()
        if not email:
            raise ApplicationError(
                "Enter the lead practitioner's email address", field="lead_practitioner"
            )
        lead = User.objects.filter(email=email).first()
    if lead is None or not lead.is_active:
        raise ApplicationError(
            "There is no OpenMASH user with that email address: ask your administrator to add "
            "the lead practitioner",
            field="lead_practitioner",
        )
    return lead


@transaction.atomic
def familyhelp_request_accept(
    *,
    case: FamilyHelpCase,
    actor: User,
    lead_practitioner: User | str,
    expected_version: int | None = None,
) -> FamilyHelpCase:
    """The Family Help team accepts the request and names the family's lead practitioner, who
    may work for any agency."""
    case = case_lock(case, expected_version=expected_version)
    if case.status != CaseStatus.REQUESTED:
        raise ApplicationError(
            f"This request is {case.get_status_display().lower()}, so it cannot be accepted."
        )
    lead = _lead_from(lead_practitioner)
    case.status = CaseStatus.OPEN
    case.lead_practitioner = lead
    case.accepted_by, case.accepted_at = actor, timezone.now()
    case_touch(case, "status", "lead_practitioner", "accepted_by", "accepted_at")
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.ACCEPTED,
        target=case,
        summary={"lead_practitioner": lead.pk, "agency": lead.agency_id},
    )
    return case


@transaction.atomic
def familyhelp_lead_change(
    *,
    case: FamilyHelpCase,
    actor: User,
    lead_practitioner: User | str,
    expected_version: int | None = None,
) -> FamilyHelpCase:
    case = case_lock(case, expected_version=expected_version)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError("Only an open case's lead practitioner can be changed.")
    lead = _lead_from(lead_practitioner)
    if lead.pk == case.lead_practitioner_id:
        raise ApplicationError(
            f"{lead.full_name} already leads this family", field="lead_practitioner"
        )
    previous = case.lead_practitioner_id
    case.lead_practitioner = lead
    case_touch(case, "lead_practitioner")
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.LEAD_CHANGED,
        target=case,
        summary={"from": previous, "to": lead.pk},
    )
    return case


@transaction.atomic
def familyhelp_request_decline(
    *,
    case: FamilyHelpCase,
    actor: User,
    reason: str,
    expected_version: int | None = None,
) -> FamilyHelpCase:
    """The team declines the request, with a reason. While concerns about a child are
    unresolved, it goes back to the MASH for review as a new contact, never silently closed."""
    from openmash.familyhelp.services.handback import return_to_mash

    reason = require_text(reason, field="reason", message="Enter why the request is declined")
    case = case_lock(case, expected_version=expected_version)
    if case.status != CaseStatus.REQUESTED:
        raise ApplicationError(
            f"This request is {case.get_status_display().lower()}, so it cannot be declined."
        )
    case.status = CaseStatus.DECLINED
    case.declined_by, case.declined_at, case.decline_reason = actor, timezone.now(), reason
    case_touch(case, "status", "declined_by", "declined_at", "decline_reason")
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.DECLINED,
        target=case,
        summary={"reason": reason, "back_to_mash": case.open_concerns},
    )
    if case.open_concerns:
        return_to_mash(case=case, actor=actor, kind=HandbackKind.DECLINED, reason=reason)
    return case


@transaction.atomic
def familyhelp_agreement_record(
    *,
    case: FamilyHelpCase,
    actor: User,
    agreed: bool,
    note: str,
    expected_version: int | None = None,
) -> FamilyHelpCase:
    """Family Help is consensual: record whether the family agreed. A refusal closes the case;
    while concerns are unresolved it goes back to the MASH for review."""
    from openmash.familyhelp.services.handback import return_to_mash
    from openmash.familyhelp.services.work import close_locked

    note = optional_text(note, field="note")
    case = case_lock(case, expected_version=expected_version)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(
            "Record the family's agreement once the request is accepted and the case is open."
        )
    if not agreed and not note:
        raise ApplicationError("Enter what the family said when they refused", field="note")
    case.agreement = Agreement.AGREED if agreed else Agreement.REFUSED
    case.agreement_note = note
    case.agreement_recorded_at, case.agreement_recorded_by = timezone.now(), actor
    case_touch(
        case, "agreement", "agreement_note", "agreement_recorded_at", "agreement_recorded_by"
    )
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.AGREEMENT_RECORDED,
        target=case,
        summary={"agreement": case.agreement, "note": note},
    )
    if not agreed:
        close_locked(case, actor=actor, reason=ClosureReason.DECLINED, note=note)
        if case.open_concerns:
            return_to_mash(case=case, actor=actor, kind=HandbackKind.REFUSED, reason=note)
    return case
