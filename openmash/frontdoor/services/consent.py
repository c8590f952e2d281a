"""Consent (DOMAIN §6): what the family was told, whether they consented, and who authorised
going ahead without consent.

Rules (docs/frontdoor-consent-thresholds.md):
- given: a reason is optional;
- refused: what the family said is required, and whether the refusal is accepted. Going ahead
  without consent needs a manager's authority and the safeguarding grounds in the reason;
- not sought: the reason (e.g. asking would place the child at risk) and the manager who
  authorised dispensing with consent are required;
- a refusal accepted on a red or level 4 contact needs a different manager's sign-off, and a
  decision cannot be authorised until it has it (`consent_awaiting_sign_off`), including when the
  contact became red or level 4 after the refusal was accepted;
- going ahead without consent on a manager's authority (not sought, or a refusal overridden) is
  not taken on the worker's word: the manager named in `authorised_by`, and only they, confirm it
  (the same sign-off fields), and a decision cannot be authorised until they have (issue 12
  finding 3). A manager who records it naming themselves has confirmed it by recording it.
The newest record is the MASH's consent position and the older ones its history. The contact's
own family_told, consent and consent_reason are what the referrer told us: the front door reads
them, shows them apart, and never writes them (issue 12 finding 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.contacts.models import Contact, FamilyTold, Rag
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import ConsentDecision, ConsentRecord, EventKind
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock, contact_touch
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User

HIGH_RISK_LEVEL = 4

SIGN_OFF_WARNING = (
    "A refusal has been accepted on a red/level 4 contact: a manager must sign this off"
)


def consent_is_high_risk(contact: Contact) -> bool:
    """Red, or at threshold level 4: where accepting a refusal needs a manager's sign-off."""
    return contact.rag == Rag.RED or contact.threshold_level == HIGH_RISK_LEVEL


def consent_latest(contact: Contact) -> ConsentRecord | None:
    return contact.consent_records.order_by("-recorded_at", "-pk").first()


def consent_needs_confirmation(record: ConsentRecord) -> bool:
    """Going ahead without consent on a named manager's authority: that manager must confirm."""
    return record.authorised_by_id is not None


def consent_needs_sign_off(record: ConsentRecord | None, contact: Contact) -> bool:
    """Not yet signed off or confirmed, and either going ahead without consent on a named
    manager's authority, or an accepted refusal on a contact that is now red or level 4. Read from
    `authorised_by`, not `needs_sign_off`, so records made before confirmation existed need it
    too."""
    if record is None or record.signed_off_at is not None:
        return False
    if consent_needs_confirmation(record):
        return True
    return bool(
        record.consent == ConsentDecision.REFUSED
        and record.refusal_accepted
        and consent_is_high_risk(contact)
    )


def consent_warning(record: ConsentRecord) -> str:
    """What the contact page and the API say of a record awaiting a manager."""
    if consent_needs_confirmation(record):
        return f"Awaiting confirmation by {_name(record.authorised_by)}"
    return SIGN_OFF_WARNING


def consent_authorisation_blocker(contact: Contact) -> str:
    """Why consent stops a decision being authorised now, or ''."""
    record = consent_awaiting_sign_off(contact)
    if record is None:
        return ""
    if consent_needs_confirmation(record):
        return (
            f"{_going_ahead(record).capitalize()} is awaiting confirmation by "
            f"{_name(record.authorised_by)}, named as authorising it: the decision can be "
            "authorised once they confirm it."
        )
    return (
        "A refusal of consent was accepted on a red or level 4 contact: a manager must sign "
        "it off before the decision can be authorised."
    )


def consent_awaiting_sign_off(contact: Contact) -> ConsentRecord | None:
    """The contact's current consent record if it waits for a manager (the named manager's
    confirmation, or a sign-off of an accepted refusal); decisions are not authorised while this
    returns a record."""
    latest = consent_latest(contact)
    return latest if consent_needs_sign_off(latest, contact) else None


def _check_manager(user: User | None, *, message: str) -> None:
    if user is None or not (user.is_active and user.has_capability("authorises_decisions")):
        raise ApplicationError(message, field="authorised_by")


def _check(
    *,
    family_told: str,
    consent: str,
    reason: str,
    refusal_accepted: bool | None,
    authorised_by: User | None,
) -> None:
    if family_told not in FamilyTold.values:
        raise ApplicationError("Select whether the family have been told", field="family_told")
    if consent not in ConsentDecision.values:
        raise ApplicationError(
            "Select whether consent was given, refused or not sought", field="consent"
        )
    if consent == ConsentDecision.REFUSED:
        if not reason:
            raise ApplicationError(
                "Enter what the family said and why they refused", field="reason"
            )
        if refusal_accepted is None:
            raise ApplicationError(
                "Select whether you accept the refusal or go ahead without consent",
                field="refusal_accepted",
            )
        if not refusal_accepted:
            _check_manager(
                authorised_by,
                message="Select the manager who authorised going ahead without consent",
            )
    if consent == ConsentDecision.NOT_SOUGHT:
        if not reason:
            raise ApplicationError(
                "Enter why consent was not sought, for example that asking would place the "
                "child at risk",
                field="reason",
            )
        _check_manager(
            authorised_by, message="Select the manager who authorised not seeking consent"
        )


def _name(manager: User | None) -> str:
    assert manager is not None  # recorded with every decision a manager must authorise
    return manager.full_name


def _going_ahead(record: ConsentRecord) -> str:
    """What the named manager authorised, in words."""
    if record.consent == ConsentDecision.NOT_SOUGHT:
        return "not seeking consent"
    return "going ahead without consent"


def _summary(record: ConsentRecord) -> str:
    if record.consent == ConsentDecision.GIVEN:
        words = "Consent given"
    elif record.consent == ConsentDecision.NOT_SOUGHT:
        words = f"Consent not sought, authorised by {_name(record.authorised_by)}"
    elif record.refusal_accepted:
        words = "Consent refused; refusal accepted"
    else:
        words = (
            "Consent refused; going ahead without consent, authorised by "
            f"{_name(record.authorised_by)}"
        )
    told = FamilyTold(record.family_told).label.lower()
    return f"{words} (family told: {told})"


@transaction.atomic
def consent_record(
    *,
    contact: Contact,
    actor: User,
    family_told: str,
    consent: str,
    reason: str = "",
    refusal_accepted: bool | None = None,
    authorised_by: User | None = None,
    expected_version: int | None = None,
) -> ConsentRecord:
    """Record what the family was told and whether they consented. A refusal accepted on a red or
    level 4 contact, and going ahead without consent on a named manager's authority, are recorded
    with `needs_sign_off`; the team's managers, or the named manager, are told."""
    reason = reason.strip()
    _check(
        family_told=family_told,
        consent=consent,
        reason=reason,
        refusal_accepted=refusal_accepted,
        authorised_by=authorised_by,
    )
    refused = consent == ConsentDecision.REFUSED
    if not refused:
        refusal_accepted = None
    if consent == ConsentDecision.GIVEN or refusal_accepted:
        authorised_by = None  # nobody authorises consent given or a refusal respected
    contact = contact_lock(contact, expected_version=expected_version)
    if not contact.is_open:
        raise ApplicationError("Consent can only be recorded on an open contact.")
    now = timezone.now()
    # A manager who names themselves gives their authority by recording it: nothing to confirm.
    own_authority = authorised_by is not None and authorised_by.pk == actor.pk
    record = ConsentRecord.objects.create(
        contact=contact,
        family_told=family_told,
        consent=consent,
        reason=reason,
        refusal_accepted=refusal_accepted,
        authorised_by=authorised_by,
        needs_sign_off=authorised_by is not None
        or (bool(refusal_accepted) and consent_is_high_risk(contact)),
        signed_off_by=actor if own_authority else None,
        signed_off_at=now if own_authority else None,
        recorded_by=actor,
        recorded_at=now,
    )
    # The contact keeps what the referrer told us; only its version moves, so forms read before
    # this record are refused.
    contact_touch(contact)
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.CONSENT,
        summary=_summary(record),
        detail=reason,
        at=record.recorded_at,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.CONSENT_RECORDED,
        target=contact,
        summary={
            "consent_record": record.pk,
            "family_told": family_told,
            "consent": consent,
            "reason": reason,
            "refusal_accepted": refusal_accepted,
            "authorised_by": authorised_by.pk if authorised_by else None,
            "needs_sign_off": record.needs_sign_off,
            "confirmed": own_authority,
        },
    )
    if consent_needs_sign_off(record, contact):
        _tell(record, contact=contact, actor=actor)
    return record


def _tell(record: ConsentRecord, *, contact: Contact, actor: User) -> None:
    """Ask the named manager to confirm, or the team's managers to sign off a refusal."""
    from openmash.frontdoor.services.notify import managers_tell, user_tell

    if consent_needs_confirmation(record):
        going_ahead = _going_ahead(record)
        user_tell(
            record.authorised_by,
            subject=f"Confirm you authorised {going_ahead}: contact {contact.reference}",
            body=(
                f"{actor.full_name} recorded that you authorised {going_ahead} on contact "
                f"{contact.reference}. Open the contact in OpenMASH to confirm it: a decision "
                "cannot be authorised until you do."
            ),
        )
        return
    managers_tell(
        contact,
        subject=f"Refusal of consent accepted: contact {contact.reference}",
        body=(
            f"{actor.full_name} accepted a refusal of consent on contact "
            f"{contact.reference}, which is red or at threshold level 4. A manager must "
            "sign this off before a decision can be authorised."
        ),
    )


def _check_signer(record: ConsentRecord, *, actor: User, note: str) -> None:
    if not actor.has_capability("authorises_decisions"):
        raise ApplicationError("Only a team manager can sign off or confirm consent.")
    if consent_needs_confirmation(record):
        if record.authorised_by_id != actor.pk:
            raise ApplicationError(
                f"Only {_name(record.authorised_by)}, named as authorising this, can confirm it."
            )
        return
    if record.recorded_by_id == actor.pk:
        raise ApplicationError("A manager cannot sign off a refusal they recorded themselves.")
    if not note:
        raise ApplicationError("Enter why the refusal can be accepted", field="note")


@transaction.atomic
def consent_sign_off(
    *, record: ConsentRecord, actor: User, note: str, expected_version: int | None = None
) -> ConsentRecord:
    """Either the manager named as authorising going ahead without consent confirms they did (a
    note is optional), or a manager, not the worker who recorded it, agrees that an accepted
    refusal on a red or level 4 contact stands (a note is required)."""
    note = note.strip()
    _check_signer(record, actor=actor, note=note)
    confirming = consent_needs_confirmation(record)
    contact = contact_lock(record.contact, expected_version=expected_version)
    record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if record.signed_off_at is not None:
        raise ApplicationError(
            "This has already been confirmed."
            if confirming
            else "This refusal has already been signed off."
        )
    if consent_latest(contact) != record:
        raise ApplicationError("A newer consent record has replaced this one.")
    if not (record.needs_sign_off or consent_needs_sign_off(record, contact)):
        raise ApplicationError("This consent record does not need a manager's sign-off.")
    now = timezone.now()
    record.needs_sign_off = True  # also when it was recorded before it needed one
    record.signed_off_by, record.signed_off_at, record.sign_off_note = actor, now, note
    record.save(update_fields=["needs_sign_off", "signed_off_by", "signed_off_at", "sign_off_note"])
    contact_touch(contact)
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.CONSENT,
        summary=f"{actor.full_name} confirmed authorising {_going_ahead(record)}"
        if confirming
        else f"Accepted refusal of consent signed off by {actor.full_name}",
        detail=note,
        at=now,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.CONSENT_CONFIRMED if confirming else FrontdoorVerb.CONSENT_SIGNED_OFF,
        target=contact,
        summary={"consent_record": record.pk, "note": note},
    )
    return record
