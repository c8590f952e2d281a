"""Referral drafts: the portal form saves each page as the referrer goes, so it can be resumed.

A draft's `data` holds the answers as JSON: the top-level answers by field name and `subjects`, a
list of people (each as PersonForm gives them). Submitting turns the draft into a contact through
`contact_create` and deletes the draft in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Channel, Contact, ReferralDraft, SubjectRole
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.people.matching import SubjectDetails

if TYPE_CHECKING:
    from openmash.accounts.models import User

DRAFT_KEYS = {
    "referrer_role",
    "referrer_phone",
    "kind",
    "anonymous_reason",
    "concern",
    "incident_date",
    "categories",
    "immediate_risk",
    "immediate_risk_details",
    "family_told",
    "consent",
    "consent_reason",
    "subjects",
}
MAX_SUBJECTS = 20


@transaction.atomic
def referral_draft_create(*, actor: User) -> ReferralDraft:
    if not actor.has_capability("submits_contacts"):
        raise ApplicationError("Only partner practitioners can make referrals here.")
    draft = ReferralDraft.objects.create(
        owner=actor,
        data={"referrer_role": actor.job_title, "referrer_phone": actor.phone, "subjects": []},
    )
    audit_record(actor=actor, verb=ContactsVerb.DRAFT_CREATED, target=draft)
    return draft


@transaction.atomic
def referral_draft_update(
    *, actor: User, draft: ReferralDraft, answers: dict[str, Any]
) -> ReferralDraft:
    """Save one page's answers (only known keys; unknown ones are a programming error)."""
    unknown = set(answers) - DRAFT_KEYS
    if unknown:
        raise ValueError(f"Not a referral answer: {sorted(unknown)}")
    if len(answers.get("subjects", [])) > MAX_SUBJECTS:
        raise ApplicationError(f"A referral can name up to {MAX_SUBJECTS} people.")
    draft.data = {**draft.data, **answers}
    draft.updated_at = timezone.now()
    draft.save(update_fields=["data", "updated_at"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.DRAFT_SAVED,
        target=draft,
        summary={"answers": sorted(answers)},
    )
    return draft


@transaction.atomic
def referral_draft_delete(*, actor: User, draft: ReferralDraft) -> None:
    draft_id = draft.pk
    audit_record(
        actor=actor,
        verb=ContactsVerb.DRAFT_DELETED,
        target_type="referraldraft",
        target_id=str(draft_id),
        target_label=str(draft),
    )
    draft.delete()


@transaction.atomic
def referral_draft_submit(*, actor: User, draft: ReferralDraft) -> Contact:
    """Send the referral: a contact from the draft's answers, and the draft gone; or neither."""
    contact = contact_create(actor=actor, data=contact_input_from_draft(draft, actor))
    referral_draft_delete(actor=actor, draft=draft)
    return contact


def contact_input_from_draft(draft: ReferralDraft, user: User) -> ContactInput:
    data = draft.data
    kind = data.get("kind", "referral")
    return ContactInput(
        source_agency=user.agency,
        channel=Channel.PORTAL,
        concern=data.get("concern", ""),
        subjects=[subject_input_from_answers(s) for s in data.get("subjects", [])],
        submitted_by=user,
        referrer_name=user.full_name,
        referrer_email=user.email,
        referrer_role=data.get("referrer_role", ""),
        referrer_phone=data.get("referrer_phone", ""),
        categories=list(data.get("categories", [])),
        immediate_risk=data.get("immediate_risk") == "yes",
        immediate_risk_details=data.get("immediate_risk_details", "") or "",
        incident_date=parse_iso_date(data.get("incident_date")),
        family_told=data.get("family_told", ""),
        consent=data.get("consent", ""),
        consent_reason=data.get("consent_reason", "") or "",
        is_consultation=kind in ("named", "anonymous"),
        is_anonymous=kind == "anonymous",
        anonymous_reason=data.get("anonymous_reason", "") if kind == "anonymous" else "",
    )


# PersonForm's "Who is this?" answers that name the child or adult the concern is about
# (SubjectRole.SUBJECT), and the others' roles.
SUBJECT_KINDS = ("child", "unborn", "adult")
KIND_ROLES = {
    "household": SubjectRole.HOUSEHOLD,
    "alleged_perpetrator": SubjectRole.ALLEGED_PERPETRATOR,
    "person_of_concern": SubjectRole.PERSON_OF_CONCERN,
}


def subject_input_from_answers(answers: dict[str, Any]) -> SubjectInput:
    """A SubjectInput from PersonForm's answers (portal drafts and the staff intake page)."""
    kind = answers.get("kind", "child")
    dob = answers.get("date_of_birth")
    edd = answers.get("expected_delivery_date")
    return SubjectInput(
        details=SubjectDetails(
            given_name=(answers.get("given_name") or "").strip(),
            family_name=(answers.get("family_name") or "").strip(),
            date_of_birth=dob if isinstance(dob, date) else parse_iso_date(dob),
            sex=answers.get("sex", "") or "",
            nhs_number=answers.get("nhs_number", "") or "",
            upn=answers.get("upn", "") or "",
            postcode=answers.get("postcode", "") or "",
            expected_delivery_date=edd if isinstance(edd, date) else parse_iso_date(edd),
        ),
        role=KIND_ROLES.get(kind, SubjectRole.SUBJECT),
        is_child=kind in ("child", "unborn") or (kind != "adult" and _is_under_18(dob)),
        is_unborn=kind == "unborn",
        address_line1=answers.get("address_line1", "") or "",
        school=answers.get("school", "") or "",
        gp_practice=answers.get("gp_practice", "") or "",
        relationship_to_subject=(answers.get("relationship", "") or "")[:60],
    )


def missing_answers(draft: ReferralDraft) -> list[tuple[str, str]]:
    """(page, message) for each page the referrer still has to complete before sending."""
    data, missing = draft.data, []
    if not data.get("referrer_role") or not data.get("referrer_phone"):
        missing.append(("you", "Enter your role and phone number"))
    if not data.get("kind"):
        missing.append(("type", "Say whether you are making a referral or asking for advice"))
    if not any(s.get("kind") in SUBJECT_KINDS for s in data.get("subjects", [])):
        missing.append(("people", "Add the child or adult the concern is about"))
    if not data.get("concern"):
        missing.append(("concern", "Enter what happened"))
    if not data.get("immediate_risk"):
        missing.append(("risk", "Say whether anyone is at immediate risk of harm"))
    if not data.get("consent"):
        missing.append(("consent", "Say what the family have been told and whether they agreed"))
    return missing


def parse_iso_date(value: object) -> date | None:
    """A date saved in a draft (ISO text), or None when empty or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _is_under_18(dob: object) -> bool:
    born = dob if isinstance(dob, date) else parse_iso_date(dob)
    if born is None:
        return False
    today = timezone.localdate()
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 18
