"""Back to the MASH: a step-up to social care, or a decline or refusal while concerns about a
child are unresolved. Either way the MASH gets a new contact (`contacts.services.contact_create`,
so it arrives like any other and takes its place on the queue) carrying the Family Help history
in its text, marked as coming from Family Help (`source_system` "familyhelp" and the case's
reference), and a `MashHandback` row that the MASH contact page's Family Help panel reads.

A step-up is fast-tracked: the system rates it on arrival with the council's step-up rating
(red by default: its four-hour clock puts it ahead of contacts on the one-working-day decision
clock), as the front door rates a contact with immediate risk.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import User
from openmash.contacts.models import Channel, Contact, Rag, SubjectRole
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.familyhelp.models import (
    ClosureReason,
    FamilyHelpCase,
    HandbackKind,
    MashHandback,
    MemberRole,
)
from openmash.familyhelp.selectors import case_history_text
from openmash.familyhelp.services.common import (
    case_lock,
    optional_text,
    require_open,
    require_text,
    settings_row,
)
from openmash.familyhelp.services.work import close_locked
from openmash.familyhelp.verbs import FamilyHelpVerb
from openmash.frontdoor.models import EventKind, RagRating
from openmash.frontdoor.services.lifecycle import contact_event, contact_touch
from openmash.frontdoor.services.rag import clock_start, rag_due, when
from openmash.frontdoor.verbs import FrontdoorVerb
from openmash.people.matching import SubjectDetails

SOURCE_SYSTEM = "familyhelp"
STEP_UP_REASON = "Rated on arrival: step-up from Family Help"
HEADINGS = {
    HandbackKind.STEP_UP: "Step-up from Family Help: the lead practitioner asks for social care",
    HandbackKind.DECLINED: "Back from Family Help for review: the request was declined while "
    "concerns are unresolved",
    HandbackKind.REFUSED: "Back from Family Help for review: the family refused or stopped "
    "Family Help while concerns are unresolved",
}


def _subjects(case: FamilyHelpCase) -> list[SubjectInput]:
    return [
        SubjectInput(
            details=SubjectDetails(
                given_name=m.given_name,
                family_name=m.family_name,
                date_of_birth=m.date_of_birth,
                sex=m.person.sex if m.person else "",
                nhs_number=m.person.nhs_number if m.person else "",
            ),
            role=SubjectRole.SUBJECT if m.role == MemberRole.CHILD else SubjectRole.HOUSEHOLD,
            is_child=m.role != MemberRole.PARENT,
            person=m.person,
        )
        for m in case.members.select_related("person").order_by("pk")
    ]


def _create_contact(
    case: FamilyHelpCase,
    *,
    actor: User,
    kind: str,
    text: str,
    immediate_risk: bool = False,
    immediate_risk_details: str = "",
) -> Contact:
    number = case.handbacks.count() + 1
    partner = actor.has_capability("submits_contacts")
    agency = actor.agency if kind == HandbackKind.STEP_UP else case.team.agency
    return contact_create(
        actor=actor,
        data=ContactInput(
            source_agency=agency,
            channel=Channel.PORTAL,
            concern=text,
            subjects=_subjects(case),
            submitted_by=actor if partner else None,
            referrer_name=actor.full_name,
            referrer_role=actor.job_title or "Family Help",
            referrer_email=actor.email,
            referrer_phone=actor.phone,
            immediate_risk=immediate_risk,
            immediate_risk_details=immediate_risk_details,
            family_told="yes" if kind == HandbackKind.STEP_UP else "",
            source_system=SOURCE_SYSTEM,
            source_reference=f"{case.reference}-{kind}-{number}",
        ),
    )


def return_to_mash(
    *, case: FamilyHelpCase, actor: User, kind: str, reason: str, what_tried: str = ""
) -> MashHandback:
    """The case goes back to the MASH as a new contact, with its history (caller's transaction,
    the case locked)."""
    text = "\n\n".join(
        [
            HEADINGS[HandbackKind(kind)],
            f"Why: {reason}" if reason else "",
            f"What was tried: {what_tried}" if what_tried else "",
            case_history_text(case),
        ]
    ).strip()
    contact = _create_contact(case, actor=actor, kind=kind, text=text)
    handback = MashHandback.objects.create(
        case=case,
        contact=contact,
        kind=kind,
        reason=reason,
        what_tried=what_tried,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.RETURNED_TO_MASH,
        target=case,
        summary={"contact": contact.reference, "kind": kind},
    )
    return handback


@transaction.atomic
def familyhelp_step_up(
    *,
    case: FamilyHelpCase,
    actor: User,
    reason: str,
    what_tried: str,
    immediate_risk: bool = False,
    immediate_risk_details: str = "",
    expected_version: int | None = None,
) -> MashHandback:
    """Step the family up to social care: a new MASH contact carrying the plan, what was tried
    and why it is not enough, fast-tracked on the queue; the case closes as stepped up."""
    reason = require_text(reason, field="reason", message="Enter why Family Help is not enough now")
    what_tried = require_text(
        what_tried, field="what_tried", message="Enter what was tried with the family"
    )
    immediate_risk_details = optional_text(immediate_risk_details, field="immediate_risk_details")
    if immediate_risk and not immediate_risk_details:
        raise ApplicationError("Describe the immediate risk", field="immediate_risk_details")
    case = case_lock(case, expected_version=expected_version)
    require_open(case, "step it up")
    text = "\n\n".join(
        [
            HEADINGS[HandbackKind.STEP_UP],
            f"Why Family Help is not enough: {reason}",
            f"What was tried: {what_tried}",
            case_history_text(case),
        ]
    )
    contact = _create_contact(
        case,
        actor=actor,
        kind=HandbackKind.STEP_UP,
        text=text,
        immediate_risk=immediate_risk,
        immediate_risk_details=immediate_risk_details,
    )
    if not contact.rag:  # immediate risk: already rated red on arrival by the front door
        _fast_track(contact, actor=actor)
    handback = MashHandback.objects.create(
        case=case,
        contact=contact,
        kind=HandbackKind.STEP_UP,
        reason=reason,
        what_tried=what_tried,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=FamilyHelpVerb.STEPPED_UP,
        target=case,
        summary={"contact": contact.reference, "rag": contact.rag},
    )
    close_locked(case, actor=actor, reason=ClosureReason.STEPPED_UP, note=reason)
    return handback


def _fast_track(contact: Contact, *, actor: User) -> None:
    """The system's rating of a step-up on arrival (as the front door's own rating of a contact
    with immediate risk): the contact is this transaction's own, so it needs no lock."""
    rating = settings_row().step_up_rag
    if rating not in Rag.values:
        rating = Rag.RED
    now = timezone.now()
    due = rag_due(rating, clock_start(contact, now))
    contact.rag, contact.rated_at, contact.rag_due_at = rating, now, due
    contact_touch(contact, "rag", "rated_at", "rag_due_at")
    RagRating.objects.create(
        contact=contact,
        rating=rating,
        previous="",
        reason=STEP_UP_REASON,
        due_at=due,
        rated_by=None,
        rated_at=now,
    )
    contact_event(
        contact,
        actor=None,
        kind=EventKind.RAG,
        summary=f"{STEP_UP_REASON} ({rating})" + (f", due {when(due)}" if due else ""),
        at=now,
    )
    audit_record(
        actor=None,
        verb=FrontdoorVerb.RAG_RATED,
        target=contact,
        summary={
            "rag": rating,
            "previous": "",
            "reason": STEP_UP_REASON,
            "by": "system",
            "recorded_by": actor.pk,
        },
    )
