"""Who may do front-door work on a contact.

- Seeing a contact: the contacts gate (`contact_get_for_user`): front-door staff, or the referrer
  who submitted it.
- Working on it (screen, rate, allocate, request information, consent, threshold, propose a
  decision, notes): front-door workers (`records_contacts`), never the referrer.
- Authorising decisions, signing off accepted refusals of consent, case direction, assigning
  to others: team managers (`authorises_decisions`), never for their own proposal. Confirming
  going ahead without consent: only the manager named as authorising it
  (`can_sign_off_consent`).
- Information requests (`information_requests_visible_to`, `information_request_get_for_user`):
  front-door staff see every request (a restricted contact's requests only as its gate allows);
  an agency's MASH representatives see the requests addressed to their agency, in any status, and
  only what the request shares, never the contact itself (the contacts gate 404s them); everyone
  else sees none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openmash.contacts.duplicates import SECOND_REPORT_STATUSES
from openmash.contacts.models import Contact
from openmash.contacts.permissions import (
    contact_get_for_user,
    contact_is_restricted_for,
    contacts_visible_to,
)
from openmash.core.access import RecordRestricted, record_read, record_refused
from openmash.frontdoor.models import ConsentRecord, InformationRequest
from openmash.frontdoor.registry import breach_clocks

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_work_contacts(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.has_capability("records_contacts")
        and user.has_capability("sees_front_door")
    )


def can_authorise_decisions(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("authorises_decisions"))


def can_sign_off_consent(user: User | AnonymousUser, record: ConsentRecord) -> bool:
    """The manager named as authorising going ahead without consent confirms it; any manager
    but the one who recorded it signs off an accepted refusal."""
    if not can_authorise_decisions(user):
        return False
    if record.authorised_by_id is not None:
        return record.authorised_by_id == user.pk
    return record.recorded_by_id != user.pk


def can_answer_requests(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("answers_agency_requests"))


def contact_get_for_work(user: User, contact_id: int) -> Contact:
    """The gate for changing a contact: it must pass the read gate (404 when missing or not
    visible, restricted records included) and the user must be a front-door worker (403)."""
    contact = contact_get_for_user(user, contact_id)
    if not can_work_contacts(user):
        raise PermissionDenied
    return contact


def second_report_get_for_user(user: User, contact: Contact, second_id: int) -> Contact:
    """A second report of `contact`'s incident (suspected or confirmed), through the contacts
    gate (404 when missing or not visible, restricted records refused); a contact that is not a
    report of this incident gets the same 404."""
    second = contact_get_for_user(user, second_id)
    if (
        second.duplicate_of_id != contact.pk
        or second.duplicate_status not in SECOND_REPORT_STATUSES
    ):
        raise Http404("No such second report")
    return second


def contact_get_for_authorising(user: User, contact_id: int) -> Contact:
    contact = contact_get_for_user(user, contact_id)
    if not can_authorise_decisions(user):
        raise PermissionDenied
    return contact


def is_front_door_reader(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("sees_front_door"))


def information_requests_visible_to(user: User | AnonymousUser) -> QuerySet[InformationRequest]:
    if not user.is_authenticated:
        return InformationRequest.objects.none()
    if user.has_capability("sees_front_door"):
        return InformationRequest.objects.all()
    if user.has_capability("answers_agency_requests"):
        return InformationRequest.objects.filter(agency_id=user.agency_id)
    return InformationRequest.objects.none()


def information_requests_detailed(
    requests: QuerySet[InformationRequest],
) -> QuerySet[InformationRequest]:
    """What the gate and the lists show of each request, without a query per request."""
    return requests.select_related(
        "agency", "contact", "requested_by", "responded_by"
    ).prefetch_related("subjects", "requested_by__teams")


def information_request_get_for_user(user: User, request_id: int) -> InformationRequest:
    """The access gate for one request: returns it and logs the read, or raises Http404 (missing
    or not visible) or RecordRestricted (staff, on a restricted contact)."""
    request = (
        information_requests_detailed(information_requests_visible_to(user))
        .prefetch_related("contact__subjects")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        record_refused(user, InformationRequest, request_id, why="not visible")
        raise Http404("No such information request")
    if is_front_door_reader(user) and contact_is_restricted_for(user, request.contact):
        record_refused(user, InformationRequest, request_id, why="restricted")
        raise RecordRestricted(request.contact)
    record_read(user, request, summary={"contact": request.contact_id})
    return request


def information_request_get_for_answering(user: User, request_id: int) -> InformationRequest:
    """The gate for answering a request: it must pass the read gate (404 when missing or not
    visible) and the user must answer for an agency (403)."""
    request = information_request_get_for_user(user, request_id)
    if not can_answer_requests(user):
        raise PermissionDenied
    return request


def information_request_get_for_work(user: User, request_id: int) -> InformationRequest:
    """The gate for withdrawing a request: the read gate (404), then a front-door worker (403)."""
    request = information_request_get_for_user(user, request_id)
    if not can_work_contacts(user):
        raise PermissionDenied
    return request


def consent_record_get_for_authorising(user: User, record_id: int) -> ConsentRecord:
    """The gate for signing off a consent record: front-door staff see the records of every
    contact they may see (anyone else gets the 404 of a missing record, logged); then the
    contact's own gate for managers (restricted contacts, the read log, 403 for non-managers)."""
    record = (
        ConsentRecord.objects.filter(pk=record_id).first() if is_front_door_reader(user) else None
    )
    if record is None:
        record_refused(user, ConsentRecord, record_id, why="not visible")
        raise Http404("No such consent record")
    record.contact = contact_get_for_authorising(user, record.contact_id)
    return record


def breaches_visible_to(user: User) -> Q:
    """The breaches `user` may see: on contacts they may see, or on records of a registered
    breach clock that its app's gate lets them see."""
    visible = Q(contact__in=contacts_visible_to(user))
    for name, clock in breach_clocks.items():
        records = clock.visible_to(user).values("pk")
        visible |= Q(kind=name, contact__isnull=True, target_id__in=records)
    return visible
