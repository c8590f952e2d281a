"""Who may do front-door work on a contact.

- Seeing a contact: the contacts gate (`contact_get_for_user`): front-door staff, or the referrer
  who submitted it.
- Working on it (screen, rate, allocate, request information, consent, threshold, propose a
  decision, notes): front-door workers (`records_contacts`), never the referrer.
- Authorising decisions, signing off accepted refusals of consent, case direction, assigning
  to others: team managers (`authorises_decisions`), never for their own proposal.
- Agency representatives: only information requests addressed to their agency
  (`information_requests_visible_to`, in `selectors_requests.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from openmash.contacts.models import Contact
from openmash.contacts.permissions import contact_get_for_user

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


def can_answer_requests(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("answers_agency_requests"))


def contact_get_for_work(user: User, contact_id: int) -> Contact:
    """The gate for changing a contact: it must pass the read gate (404 when missing or not
    visible, restricted records included) and the user must be a front-door worker (403)."""
    contact = contact_get_for_user(user, contact_id)
    if not can_work_contacts(user):
        raise PermissionDenied
    return contact


def contact_get_for_authorising(user: User, contact_id: int) -> Contact:
    contact = contact_get_for_user(user, contact_id)
    if not can_authorise_decisions(user):
        raise PermissionDenied
    return contact
