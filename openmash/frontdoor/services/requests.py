"""Information requests to agencies (DOMAIN §6-§7): a worker asks one agency specific questions
about named people, with a due time and a lawful basis; the agency's MASH representatives answer.

Every share is recorded: what (the questions, the summary and the people named), to whom (the
agency), why and on what basis (`lawful_basis`), by whom and when; the audit row holds the same.
One open request per agency per contact, so evidence is gathered once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency, User
from openmash.contacts.models import Contact, ContactStatus, ContactSubject
from openmash.core.audit import audit_record
from openmash.core.calendar import add_working_days
from openmash.core.errors import ApplicationError, ConflictError
from openmash.core.notify import send_message
from openmash.frontdoor.models import (
    Breach,
    ClockUnit,
    EventKind,
    InformationRequest,
    RequestStatus,
)
from openmash.frontdoor.permissions import can_answer_requests, can_work_contacts
from openmash.frontdoor.services.lifecycle import (
    contact_event,
    contact_lock,
    contact_move,
    contact_touch,
)
from openmash.frontdoor.services.rag import clock_add, rag_timescale, when
from openmash.frontdoor.verbs import FrontdoorVerb


class LawfulBasis:
    """The bases a share with an agency may rest on (DOMAIN §6); stored as the code."""

    CHOICES = [
        (
            "children_act_1989_s17",
            "Children Act 1989, section 17",
            "Assessing whether a child is in need and what services they need.",
        ),
        (
            "children_act_1989_s47",
            "Children Act 1989, section 47",
            "Enquiries where there is reasonable cause to suspect significant harm.",
        ),
        (
            "children_act_2004_s11",
            "Children Act 2004, section 11",
            "The agency's duty to safeguard and promote the welfare of children.",
        ),
        (
            "care_act_2014_s42",
            "Care Act 2014, section 42",
            "Enquiries about an adult with care and support needs at risk of abuse or neglect.",
        ),
        (
            "dpa_2018_safeguarding",
            "Data Protection Act 2018, safeguarding condition",
            "Schedule 1, paragraph 18: safeguarding of children and of individuals at risk, "
            "for special category and sensitive information.",
        ),
    ]
    LABELS = {code: label for code, label, _ in CHOICES}
    HINTS = {code: hint for code, _, hint in CHOICES}

    @classmethod
    def label(cls, code: str) -> str:
        return cls.LABELS.get(code, code)


# A request can be sent while the worker is still finding out: screening or gathering information.
SENDABLE_STATUSES = (ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING)
UNRATED_DUE_WORKING_DAYS = 1


def agency_representatives(agency: Agency) -> list[User]:
    """The active users who answer requests addressed to `agency`."""
    return list(
        User.objects.filter(
            agency=agency, is_active=True, roles__answers_agency_requests=True
        ).distinct()
    )


def information_request_default_due(contact: Contact, *, start: datetime | None = None) -> datetime:
    """The contact's RAG timescale gives agencies `information_return_hours` working hours to
    answer; an unrated contact (or one whose rating sets no time) gives one working day."""
    start = start or timezone.now()
    scale = rag_timescale(contact.rag) if contact.rag else None
    if scale is not None and scale.information_return_hours:
        return clock_add(start, scale.information_return_hours, ClockUnit.WORKING_HOURS)
    return add_working_days(start, UNRATED_DUE_WORKING_DAYS)


@transaction.atomic
def information_request_send(
    *,
    contact: Contact,
    actor: User,
    agency: Agency,
    subjects: Iterable[ContactSubject],
    questions: str,
    shared_summary: str,
    lawful_basis: str,
    due_at: datetime | None = None,
    expected_version: int | None = None,
) -> InformationRequest:
    """Ask one agency specific questions about people named in the contact."""
    if not can_work_contacts(actor):
        raise ApplicationError("Only front-door workers can ask agencies for information.")
    contact = contact_lock(contact, expected_version=expected_version)
    if contact.status not in SENDABLE_STATUSES:
        raise ApplicationError(_not_sendable(contact))
    chosen = _check_request(
        contact=contact,
        agency=agency,
        subjects=subjects,
        questions=questions,
        shared_summary=shared_summary,
        lawful_basis=lawful_basis,
    )
    now = timezone.now()
    due_at = due_at or information_request_default_due(contact, start=now)
    if due_at <= now:
        raise ApplicationError("The due time must be in the future", field="due_at")
    if contact.status == ContactStatus.SCREENING:
        contact_move(contact, transition="gather_information", actor=actor)
    else:
        contact_touch(contact)
    request = InformationRequest.objects.create(
        contact=contact,
        agency=agency,
        questions=questions.strip(),
        shared_summary=shared_summary.strip(),
        lawful_basis=lawful_basis,
        due_at=due_at,
        requested_by=actor,
        requested_at=now,
    )
    request.subjects.set(chosen)
    _record_sent(request, chosen, actor=actor)
    _tell_representatives(request)
    return request


def _record_sent(request: InformationRequest, chosen: list[ContactSubject], *, actor: User) -> None:
    """The share, as the chronology and the audit log keep it: what, to whom, why, on what basis."""
    names = ", ".join(f"{s.given_name} {s.family_name}" for s in chosen)
    basis = LawfulBasis.label(request.lawful_basis)
    contact_event(
        request.contact,
        actor=actor,
        kind=EventKind.REQUEST,
        summary=f"Information requested from {request.agency.name}, due {when(request.due_at)}",
        detail=f"About: {names}\nBasis: {basis}\n\n{request.questions}",
        at=request.requested_at,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.REQUEST_SENT,
        target=request,
        summary={
            "contact": request.contact_id,
            "agency": request.agency.code,
            "subjects": [s.pk for s in chosen],
            "lawful_basis": request.lawful_basis,
            "due_at": request.due_at.isoformat(),
            "shared_summary": request.shared_summary,
        },
    )


def _not_sendable(contact: Contact) -> str:
    if contact.status == ContactStatus.RECEIVED:
        return "Start screening this contact before asking agencies for information."
    stage = ContactStatus(contact.status).label.lower()
    return f"This contact is at the stage “{stage}”, so agencies cannot be asked about it."


def _check_request(
    *,
    contact: Contact,
    agency: Agency,
    subjects: Iterable[ContactSubject],
    questions: str,
    shared_summary: str,
    lawful_basis: str,
) -> list[ContactSubject]:
    """The request's own rules; returns the chosen subjects (all of this contact's)."""
    if not agency.is_active:
        raise ApplicationError(f"{agency.name} is no longer an active agency.", field="agency")
    if not agency_representatives(agency):
        raise ApplicationError(
            f"{agency.name} has no MASH representative in OpenMASH, so nobody could answer. "
            "Phone the agency and record what they tell you as a case note.",
            field="agency",
        )
    chosen = list(subjects)
    if not chosen:
        raise ApplicationError("Select who the agency should check", field="subjects")
    if any(s.contact_id != contact.pk for s in chosen):
        raise ApplicationError("Select people named in this contact", field="subjects")
    if not questions.strip():
        raise ApplicationError("Enter the questions for the agency", field="questions")
    if not shared_summary.strip():
        raise ApplicationError(
            "Enter what the agency is told about the concern", field="shared_summary"
        )
    if lawful_basis not in LawfulBasis.LABELS:
        raise ApplicationError("Select the lawful basis for sharing", field="lawful_basis")
    existing = InformationRequest.objects.filter(
        contact=contact, agency=agency, status=RequestStatus.OPEN
    ).first()
    if existing is not None:
        raise ApplicationError(
            f"{agency.name} already has an open request about this contact, due "
            f"{when(existing.due_at)}. Wait for their answer, or withdraw that request first.",
            field="agency",
        )
    return chosen


def _tell_representatives(request: InformationRequest) -> None:
    """Email the agency's representatives that a request is waiting: no names or details, which
    stay in OpenMASH."""
    recipients = [user.email for user in agency_representatives(request.agency)]
    subject = f"MASH information request {request.contact.reference}, due {when(request.due_at)}"
    body = (
        f"The MASH has asked {request.agency.name} for information about contact "
        f"{request.contact.reference}. The answer is due by {when(request.due_at)}.\n\n"
        "Sign in to OpenMASH and open your agency's requests to read and answer it."
    )

    def send() -> None:
        for email in recipients:
            send_message(to_email=email, subject=subject, body=body)

    transaction.on_commit(send)


def _lock_request(
    request: InformationRequest, *, expected_version: int | None
) -> InformationRequest:
    """Lock the contact then the request (always in that order, so no deadlocks), and refuse a
    stale form."""
    contact_lock(request.contact)
    locked = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("contact", "agency", "requested_by")
        .get(pk=request.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "This request changed while you were working on it. "
            "Reload the page to see the change, then try again."
        )
    return locked


def _must_be_open(request: InformationRequest, action: str) -> None:
    if request.status == RequestStatus.ANSWERED:
        raise ApplicationError(f"This request has already been answered, so it cannot be {action}.")
    if request.status == RequestStatus.WITHDRAWN:
        raise ApplicationError(f"This request was withdrawn, so it cannot be {action}.")


def _resolve_breach(request: InformationRequest, now: datetime) -> bool:
    """A late request's breach is resolved once the request is answered or withdrawn."""
    return bool(
        Breach.objects.filter(information_request=request, resolved_at__isnull=True).update(
            resolved_at=now
        )
    )


@transaction.atomic
def information_request_respond(
    *,
    request: InformationRequest,
    actor: User,
    response: str,
    expected_version: int | None = None,
) -> InformationRequest:
    """A representative of the request's agency answers it (late answers are still accepted)."""
    if not (can_answer_requests(actor) and actor.agency_id == request.agency_id):
        raise ApplicationError("Only a MASH representative of the agency asked can answer.")
    if not response.strip():
        raise ApplicationError("Enter your agency's answer", field="response")
    request = _lock_request(request, expected_version=expected_version)
    _must_be_open(request, "answered")
    now = timezone.now()
    late = request.due_at < now
    request.status = RequestStatus.ANSWERED
    request.response = response.strip()
    request.responded_by, request.responded_at = actor, now
    request.version += 1
    request.save(update_fields=["status", "response", "responded_by", "responded_at", "version"])
    breach_resolved = _resolve_breach(request, now)
    contact_event(
        request.contact,
        actor=actor,
        kind=EventKind.RESPONSE,
        summary=f"{request.agency.name} answered{' (late)' if late else ''}",
        detail=request.response,
        at=now,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.REQUEST_ANSWERED,
        target=request,
        summary={"contact": request.contact_id, "late": late, "breach_resolved": breach_resolved},
    )
    _tell_requester(request)
    return request


def _tell_requester(request: InformationRequest) -> None:
    email = request.requested_by.email
    subject = f"{request.agency.name} answered your request on {request.contact.reference}"
    body = (
        f"{request.agency.name} has answered your information request on contact "
        f"{request.contact.reference}. Open the contact in OpenMASH to read the answer."
    )
    transaction.on_commit(lambda: send_message(to_email=email, subject=subject, body=body))


@transaction.atomic
def information_request_withdraw(
    *,
    request: InformationRequest,
    actor: User,
    reason: str,
    expected_version: int | None = None,
) -> InformationRequest:
    """A worker withdraws an open request (asked in error, or no longer needed)."""
    if not can_work_contacts(actor):
        raise ApplicationError("Only front-door workers can withdraw a request.")
    if not reason.strip():
        raise ApplicationError("Enter why the request is being withdrawn", field="reason")
    request = _lock_request(request, expected_version=expected_version)
    _must_be_open(request, "withdrawn")
    now = timezone.now()
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_reason = reason.strip()
    request.version += 1
    request.save(update_fields=["status", "withdrawn_reason", "version"])
    contact = request.contact
    contact_touch(contact)
    breach_resolved = _resolve_breach(request, now)
    contact_event(
        contact,
        actor=actor,
        kind=EventKind.REQUEST,
        summary=f"Request to {request.agency.name} withdrawn",
        detail=request.withdrawn_reason,
        at=now,
    )
    audit_record(
        actor=actor,
        verb=FrontdoorVerb.REQUEST_WITHDRAWN,
        target=request,
        summary={
            "contact": contact.pk,
            "reason": request.withdrawn_reason,
            "breach_resolved": breach_resolved,
        },
    )
    return request
