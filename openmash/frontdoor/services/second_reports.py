"""A second report of an incident (ViST and CARA, or two agencies) is not closed silently: what
it adds is shown on the first contact until its worker acknowledges it, perhaps re-rating it, and
the second referrer is told their referral joined the MASH's existing work (docs/frontdoor.md,
"A second report of the same incident")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.contacts.duplicates import SECOND_REPORT_STATUSES
from openmash.contacts.models import Contact
from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import EventKind, SecondReportAcknowledgement
from openmash.frontdoor.services.lifecycle import contact_event, contact_lock
from openmash.frontdoor.services.rag import contact_rate_locked
from openmash.frontdoor.verbs import FrontdoorVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def can_acknowledge_second_report(user: User, contact: Contact) -> bool:
    """The alert is for the first contact's allocated worker (any front-door worker while nobody
    has it); a team manager may acknowledge it for them."""
    if not (user.has_capability("records_contacts") and user.has_capability("sees_front_door")):
        return False
    if contact.allocated_to_id in (None, user.pk):
        return True
    return user.has_capability("authorises_decisions")


@transaction.atomic
def second_report_acknowledge(
    *,
    contact: Contact,
    second_report: Contact,
    actor: User,
    note: str = "",
    rag: str = "",
    expected_version: int | None = None,
) -> SecondReportAcknowledgement:
    """The first contact's worker has read what `second_report` adds; `rag`, when given and
    different, re-rates the first contact through the RAG service with `note` as the reason."""
    contact = contact_lock(contact, expected_version=expected_version)
    if (
        second_report.duplicate_of_id != contact.pk
        or second_report.duplicate_status not in SECOND_REPORT_STATUSES
    ):
        raise ApplicationError(f"{second_report.reference} is not a report of this incident.")
    if not can_acknowledge_second_report(actor, contact):
        holder = contact.allocated_to.full_name if contact.allocated_to else "the allocated worker"
        raise ApplicationError(
            f"This alert is for {holder}, the allocated worker, or a team manager."
        )
    if SecondReportAcknowledgement.objects.filter(second_report=second_report).exists():
        raise ApplicationError(f"{second_report.reference} has already been acknowledged.")
    before = contact.rag
    if rag and rag != before:
        if before and not note.strip():
            raise ApplicationError(
                f"Enter why the rating is changing from {before} to {rag}", field="note"
            )
        reason = note.strip() or f"Second report {second_report.reference}"
        contact = contact_rate_locked(contact=contact, actor=actor, rag=rag, reason=reason)
    acknowledgement = SecondReportAcknowledgement.objects.create(
        contact=contact,
        second_report=second_report,
        acknowledged_by=actor,
        note=note.strip(),
        rag_before=before,
        rag_after=contact.rag,
    )
    rated = f"; re-rated {contact.rag}" if contact.rag != before else ""
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.DUPLICATE,
        summary=f"Second report {second_report.reference} acknowledged{rated}",
        detail=note.strip(),
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.SECOND_REPORT_ACKNOWLEDGED,
        target=contact,
        summary={
            "second_report": second_report.pk,
            "note": note.strip(),
            "rag_before": before,
            "rag_after": contact.rag,
        },
    )
    return acknowledgement


def joined_feedback_text(contact: Contact) -> str:
    """What the second referrer is told: that their referral joined work already under way, and
    when; never the other report, its referrer or the MASH's own steps."""
    on = timezone.localdate(contact.closed_at or timezone.now())
    return "\n".join(
        [
            f"Thank you for your referral {contact.reference}. The MASH was already looking at "
            "this incident after an earlier report, so on "
            f"{on:%-d %B %Y} your referral was joined to that work. What you told us has been "
            "passed to the worker responsible.",
            "If you have new concerns, contact the MASH. If a child or adult is in immediate "
            "danger, call 999.",
        ]
    )


def joined_feedback_send(*, contact: Contact, actor: User) -> None:
    """Tell the second referrer their referral joined existing work: kept on the contact for the
    portal and the API, and sent like any outcome once the confirmation commits."""
    from openmash.core.notify import send_message

    text = joined_feedback_text(contact)
    contact.outcome_for_referrer = text
    contact.outcome_sent_at = timezone.now()
    contact.save(update_fields=["outcome_for_referrer", "outcome_sent_at"])
    email = contact.referrer_email or (contact.submitted_by.email if contact.submitted_by else "")
    if email:
        reference = contact.reference
        transaction.on_commit(
            lambda: send_message(to_email=email, subject=f"Your referral {reference}", body=text)
        )
    told = (
        f"Referrer told it joined existing work ({email})"
        if email
        else ("Recorded for the referrer: joined existing work")
    )
    contact_event(contact, actor=actor, kind=EventKind.FEEDBACK, summary=told, detail=text)
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.FEEDBACK_SENT,
        target=contact,
        summary={"to": email, "joined": contact.duplicate_of_id},
    )
