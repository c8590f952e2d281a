"""Every change to the LADO's work: one service each, atomic, audited (docs/lado.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.core.audit import audit_record
from openmash.core.calendar import add_working_days
from openmash.core.errors import ApplicationError, ConflictError
from openmash.lado.models import (
    Allegation,
    AllegationChild,
    AllegationMeeting,
    ConsiderationDecision,
    LadoSetting,
    MeetingAction,
    MeetingKind,
    Outcome,
    ReferralBody,
    RegulatorReferral,
    Sector,
    Source,
    Strand,
    StrandKind,
    StrandStatus,
)
from openmash.lado.verbs import LadoVerb
from openmash.people.matching.decide import match_subject
from openmash.people.matching.details import SubjectDetails
from openmash.people.models import Person
from openmash.people.services import person_create_from_details

if TYPE_CHECKING:
    from openmash.accounts.models import User


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def lado_setting_current() -> LadoSetting:
    return LadoSetting.objects.order_by("-pk").first() or LadoSetting()


def consideration_due(received_at: datetime, *, setting: LadoSetting | None = None) -> datetime:
    """The initial consideration is due `n` working days after receipt (bank holidays from the
    calendar; a referral on a non-working day counts from the next working day's start)."""
    setting = setting or lado_setting_current()
    return add_working_days(received_at, setting.consideration_working_days)


# --- The referral ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AllegationInput:
    subject: SubjectDetails
    role: str
    sector: str
    description: str
    children: Sequence[SubjectDetails] = ()
    employer: Agency | None = None
    employer_name: str = ""
    is_volunteer: bool = False
    source: str = Source.EMPLOYER
    channel: str = "portal"
    received_at: datetime | None = None
    # People already in the index (the LADO chose them), instead of matching the details.
    subject_person: Person | None = None
    child_people: Sequence[Person] = field(default_factory=tuple)


def _person_for(details: SubjectDetails, actor: User | None) -> Person:
    """The person in the index the details name: linked when matching is sure, else a new one
    (the LADO merges a duplicate later, as anywhere else)."""
    result = match_subject(details)
    if result.decision == "linked" and result.person is not None:
        return result.person
    return person_create_from_details(actor=actor, details=details, source="lado")


def _check_referral(data: AllegationInput) -> None:
    if data.subject_person is None and not (
        data.subject.given_name.strip() and data.subject.family_name.strip()
    ):
        raise ApplicationError("Enter the full name of the adult", field="subject")
    if not data.role.strip():
        raise ApplicationError("Enter the adult's job or volunteering role", field="role")
    if data.sector not in Sector.values:
        raise ApplicationError("Select the sector the adult works in", field="sector")
    if data.source not in Source.values:
        raise ApplicationError("Select who raised the allegation", field="source")
    if not data.description.strip():
        raise ApplicationError("Enter what is alleged", field="description")
    if not data.children and not data.child_people:
        raise ApplicationError("Enter at least one child the allegation concerns", field="children")


@transaction.atomic
def allegation_refer(*, actor: User | None, data: AllegationInput) -> Allegation:
    """An allegation reaches the LADO: from an employer (portal or API) or recorded by the LADO.
    The three strands start, not started; the initial consideration clock starts."""
    _check_referral(data)
    now = timezone.now()
    received_at = data.received_at or now
    if received_at > now:
        raise ApplicationError("The date received must be in the past", field="received_at")
    signed_in = actor if actor is not None and actor.is_authenticated else None
    agency = signed_in.agency if signed_in is not None else None
    referrer_is_partner = signed_in is not None and signed_in.has_capability("submits_contacts")
    employer = data.employer or (agency if referrer_is_partner else None)
    allegation = Allegation.objects.create(
        subject=data.subject_person or _person_for(data.subject, signed_in),
        employer=employer,
        employer_name=data.employer_name.strip() or (employer.name if employer else ""),
        role=data.role.strip(),
        sector=data.sector,
        is_volunteer=data.is_volunteer,
        source=data.source,
        referred_by=signed_in,
        referring_agency=agency,
        channel=data.channel,
        received_at=received_at,
        description=data.description.strip(),
        consideration_due_at=consideration_due(received_at),
        created_at=now,
    )
    children = list(data.child_people) + [_person_for(d, signed_in) for d in data.children]
    AllegationChild.objects.bulk_create(
        [AllegationChild(allegation=allegation, person=p) for p in dict.fromkeys(children)]
    )
    Strand.objects.bulk_create(
        [Strand(allegation=allegation, kind=kind, updated_at=now) for kind in StrandKind.values]
    )
    audit_record(
        actor=signed_in,
        verb=LadoVerb.ALLEGATION_REFERRED,
        target=allegation,
        summary={
            "subject": allegation.subject_id,
            "children": [p.pk for p in children],
            "sector": allegation.sector,
            "source": allegation.source,
            "channel": allegation.channel,
            "received_at": _when(received_at),
            "consideration_due_at": _when(allegation.consideration_due_at),
        },
    )
    return allegation


# --- The initial consideration --------------------------------------------------------------


@transaction.atomic
def allegation_consider(
    *,
    allegation: Allegation,
    actor: User,
    harmed_child: bool,
    possible_offence: bool,
    risk_of_harm: bool,
    transferable_risk: bool,
    decision: str,
    reason: str,
) -> Allegation:
    """The LADO's initial consideration: the four harm-test criteria, and what follows."""
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    if allegation.considered_at is not None:
        raise ConflictError("The initial consideration is already recorded")
    if decision not in ConsiderationDecision.values:
        raise ApplicationError("Select what follows the consideration", field="decision")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter the reasons for the decision", field="reason")
    met = any((harmed_child, possible_offence, risk_of_harm, transferable_risk))
    if decision == ConsiderationDecision.MEETS and not met:
        raise ApplicationError(
            "An allegation meets the harm threshold only if at least one criterion is met",
            field="decision",
        )
    if decision != ConsiderationDecision.MEETS and met:
        raise ApplicationError(
            "At least one criterion is met: the allegation meets the harm threshold",
            field="decision",
        )
    now = timezone.now()
    allegation.harmed_child, allegation.possible_offence = harmed_child, possible_offence
    allegation.risk_of_harm, allegation.transferable_risk = risk_of_harm, transferable_risk
    allegation.decision, allegation.decision_reason = decision, reason
    allegation.considered_at, allegation.considered_by = now, actor
    allegation.save()
    audit_record(
        actor=actor,
        verb=LadoVerb.ALLEGATION_CONSIDERED,
        target=allegation,
        summary={
            "criteria": {
                "harmed_child": harmed_child,
                "possible_offence": possible_offence,
                "risk_of_harm": risk_of_harm,
                "transferable_risk": transferable_risk,
            },
            "decision": decision,
            "late": now > allegation.consideration_due_at,
        },
    )
    return allegation


def _open(allegation: Allegation) -> None:
    if allegation.closed_at is not None:
        raise ConflictError("This allegation is closed")


# --- The three strands ----------------------------------------------------------------------


@transaction.atomic
def strand_update(
    *, strand: Strand, actor: User, owner: str, status: str, outcome: str = ""
) -> Strand:
    """Change one strand's owner, status or outcome. Each strand closes on its own; a closed
    strand stays closed."""
    strand = Strand.objects.select_for_update().select_related("allegation").get(pk=strand.pk)
    _open(strand.allegation)
    if strand.status == StrandStatus.CLOSED:
        raise ConflictError(f"The {strand.get_kind_display().lower()} strand is already closed")
    if status not in StrandStatus.values:
        raise ApplicationError("Select the strand's status", field="status")
    owner, outcome = (owner or "").strip(), (outcome or "").strip()
    if status != StrandStatus.NOT_STARTED and not owner:
        raise ApplicationError("Enter who owns this strand", field="owner")
    if status == StrandStatus.CLOSED and not outcome:
        raise ApplicationError("Enter the strand's outcome to close it", field="outcome")
    before = {"owner": strand.owner, "status": strand.status, "outcome": strand.outcome}
    now = timezone.now()
    strand.owner, strand.status, strand.outcome, strand.updated_at = owner, status, outcome, now
    strand.closed_at = now if status == StrandStatus.CLOSED else None
    strand.save()
    after = {"owner": owner, "status": status, "outcome": outcome}
    audit_record(
        actor=actor,
        verb=LadoVerb.STRAND_UPDATED,
        target=strand.allegation,
        summary={
            "strand": strand.kind,
            "changes": {
                k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]
            },
        },
    )
    return strand


# --- Meetings and their actions ---------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    action: str
    owner: str
    due_on: date


def _check_action(item: ActionInput, *, held_on: date) -> None:
    if not item.action.strip():
        raise ApplicationError("Enter the action", field="action")
    if not item.owner.strip():
        raise ApplicationError("Enter who owns the action", field="owner")
    if item.due_on < held_on:
        raise ApplicationError("The action must be due on or after the meeting", field="due_on")


@transaction.atomic
def meeting_record(
    *,
    allegation: Allegation,
    actor: User,
    kind: str,
    held_at: datetime,
    attendees: str,
    minutes: str,
    actions: Sequence[ActionInput] = (),
) -> AllegationMeeting:
    """A strategy discussion or allegation management meeting: who came, what was decided, and
    its actions, each with an owner and a due date."""
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    _open(allegation)
    if kind not in MeetingKind.values:
        raise ApplicationError("Select the kind of meeting", field="kind")
    if held_at > timezone.now():
        raise ApplicationError("The meeting must have taken place", field="held_at")
    if held_at < allegation.received_at:
        raise ApplicationError(
            "The meeting must be after the allegation was received", field="held_at"
        )
    attendees, minutes = (attendees or "").strip(), (minutes or "").strip()
    if not attendees:
        raise ApplicationError("Enter who attended", field="attendees")
    if not minutes:
        raise ApplicationError("Enter what was discussed and decided", field="minutes")
    held_on = timezone.localtime(held_at).date()
    for item in actions:
        _check_action(item, held_on=held_on)
    meeting = AllegationMeeting.objects.create(
        allegation=allegation,
        kind=kind,
        held_at=held_at,
        attendees=attendees,
        minutes=minutes,
        recorded_by=actor,
    )
    made = MeetingAction.objects.bulk_create(
        [
            MeetingAction(
                meeting=meeting, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on
            )
            for a in actions
        ]
    )
    audit_record(
        actor=actor,
        verb=LadoVerb.MEETING_RECORDED,
        target=allegation,
        summary={
            "meeting": meeting.pk,
            "kind": kind,
            "held_at": _when(held_at),
            "attendees": len(meeting.attendee_list()),
            "actions": [{"owner": a.owner, "due_on": a.due_on.isoformat()} for a in made],
        },
    )
    return meeting


@transaction.atomic
def meeting_action_add(
    *, meeting: AllegationMeeting, actor: User, item: ActionInput
) -> MeetingAction:
    _open(Allegation.objects.select_for_update().get(pk=meeting.allegation_id))
    _check_action(item, held_on=timezone.localtime(meeting.held_at).date())
    action = MeetingAction.objects.create(
        meeting=meeting, action=item.action.strip(), owner=item.owner.strip(), due_on=item.due_on
    )
    audit_record(
        actor=actor,
        verb=LadoVerb.ACTION_ADDED,
        target=meeting.allegation,
        summary={"meeting": meeting.pk, "action": action.pk, "due_on": item.due_on.isoformat()},
    )
    return action


@transaction.atomic
def meeting_action_done(*, action: MeetingAction, actor: User) -> MeetingAction:
    action = (
        MeetingAction.objects.select_for_update()
        .select_related("meeting__allegation")
        .get(pk=action.pk)
    )
    if action.done_at is not None:
        raise ConflictError("This action is already done")
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    audit_record(
        actor=actor,
        verb=LadoVerb.ACTION_DONE,
        target=action.meeting.allegation,
        summary={"meeting": action.meeting_id, "action": action.pk},
    )
    return action


# --- The outcome, and referrals to the DBS and regulators -----------------------------------


@transaction.atomic
def allegation_conclude(
    *, allegation: Allegation, actor: User, outcome: str, reason: str
) -> Allegation:
    """Record the outcome and close the allegation: only once it has been considered and all
    three strands have closed."""
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    _open(allegation)
    if allegation.considered_at is None:
        raise ApplicationError("Record the initial consideration first")
    still_open = [
        s.get_kind_display().lower()
        for s in allegation.strands.all()
        if s.status != StrandStatus.CLOSED
    ]
    if still_open:
        raise ApplicationError(
            "Close every strand before the outcome: still open: " + ", ".join(still_open)
        )
    if outcome not in Outcome.values:
        raise ApplicationError("Select the outcome", field="outcome")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter the reasons for the outcome", field="reason")
    now = timezone.now()
    allegation.outcome, allegation.outcome_reason = outcome, reason
    allegation.closed_at, allegation.closed_by = now, actor
    allegation.save(update_fields=["outcome", "outcome_reason", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        verb=LadoVerb.ALLEGATION_CONCLUDED,
        target=allegation,
        summary={"outcome": outcome, "closed_at": _when(now)},
    )
    return allegation


@transaction.atomic
def regulator_referral_record(
    *,
    allegation: Allegation,
    actor: User,
    body: str,
    referred_on: date,
    made_by: str,
    reference: str = "",
) -> RegulatorReferral:
    """A referral to the Disclosure and Barring Service or a regulator (it may follow the
    outcome, so a closed allegation takes one too)."""
    if body not in ReferralBody.values:
        raise ApplicationError("Select who the referral went to", field="body")
    if referred_on > timezone.localdate():
        raise ApplicationError("The date of the referral must be in the past", field="referred_on")
    if referred_on < timezone.localtime(allegation.received_at).date():
        raise ApplicationError(
            "The referral must be on or after the allegation was received", field="referred_on"
        )
    made_by = (made_by or "").strip()
    if not made_by:
        raise ApplicationError("Enter who made the referral", field="made_by")
    referral = RegulatorReferral.objects.create(
        allegation=allegation,
        body=body,
        referred_on=referred_on,
        made_by=made_by,
        reference=(reference or "").strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb=LadoVerb.REGULATOR_REFERRAL_RECORDED,
        target=allegation,
        summary={"referral": referral.pk, "body": body, "referred_on": referred_on.isoformat()},
    )
    return referral


# --- The setting ------------------------------------------------------------------------------


@transaction.atomic
def lado_setting_change(
    *, actor: User, consideration_working_days: int, reason: str
) -> LadoSetting:
    """Change the initial consideration time: a new row, the old kept as history. Allegations
    already received keep the due time they were given."""
    if not 1 <= consideration_working_days <= 10:
        raise ApplicationError(
            "Enter a number of working days from 1 to 10", field="consideration_working_days"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Enter why the time changes", field="reason")
    before = lado_setting_current()
    if before.consideration_working_days == consideration_working_days:
        raise ApplicationError(
            "Change the number of working days", field="consideration_working_days"
        )
    setting = LadoSetting.objects.create(
        consideration_working_days=consideration_working_days,
        reason=reason,
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        verb=LadoVerb.SETTING_CHANGED,
        target=setting,
        summary={
            "setting": "Initial consideration time",
            "changes": {
                "consideration_working_days": {
                    "before": before.consideration_working_days,
                    "after": consideration_working_days,
                }
            },
            "reason": reason,
        },
    )
    return setting
