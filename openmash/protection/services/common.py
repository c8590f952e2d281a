"""The case, its team, its next deadline and the local timescales."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from openmash.accounts.models import Team, TeamKind
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.protection import clocks
from openmash.protection.models import (
    Conference,
    ConferenceKind,
    MemberRole,
    ProtectionCase,
    ProtectionMember,
    ProtectionSetting,
    S47Outcome,
)
from openmash.protection.verbs import ProtectionVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.frontdoor.models import Decision, Referral
    from openmash.people.models import Person


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


@transaction.atomic
def agency_note_add(*, case: ProtectionCase, actor: User, text: str) -> object:
    from openmash.protection.models import AgencyNote

    if not text.strip():
        raise ApplicationError("Enter what you add to the record.", field="text")
    note = AgencyNote.objects.create(case=case, author=actor, text=text.strip())
    audit_record(actor=actor, verb=ProtectionVerb.NOTE_ADDED, target=note)
    return note
