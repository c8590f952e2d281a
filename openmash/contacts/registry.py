"""What apps above contacts add to a contact (docs/architecture.md, "Registries").

- `contact_page_panels`: sections of the contact page that front-door staff see (frontdoor: the
  clocks and actions, allocation, information requests, consent, threshold, decisions, notes,
  chronology).
- `contact_duplicate_confirmed`: what follows when a worker confirms a contact reports the same
  incident as another (frontdoor: it leaves the queue, closed as a duplicate).
- `contact_resource_parts`: fields of the staff contact resource (`GET /api/v1/contacts/{id}/`)
  (frontdoor: `second_reports`, the second reports of the incident with what each adds).
- `contacts_arrived`: what follows when contacts are recorded, from any channel (frontdoor: a
  contact with immediate risk arrives rated red and the managers are told).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from openmash.contacts.models import Contact
from openmash.core.registry import Registry

if TYPE_CHECKING:
    from openmash.accounts.models import User

# Where on the contact page a panel's template goes: "summary" above the contact's details,
# "work" after its people (and before who has seen the record).
CONTACT_PAGE_SLOTS = ("summary", "work")


@dataclass(frozen=True)
class ContactPagePanels:
    # (user, contact) -> context for the panels' templates; the contact has passed
    # `contact_get_for_user` and the user sees the front door. Its keys must not clash with
    # the contact page's own (contact, subject_views, can_record, categories, history, ...).
    context: Callable[[User, Contact], dict[str, Any]]
    # slot -> the template included there (one of CONTACT_PAGE_SLOTS).
    templates: Mapping[str, str]


contact_page_panels: Registry[ContactPagePanels] = Registry("Contact page panels")


class DuplicateConfirmed(Protocol):
    """Called by `contact_duplicate_confirm` inside its transaction, with the contact locked and
    its audit row written; returns the contact as it now stands."""

    def __call__(self, *, contact: Contact, actor: User) -> Contact: ...


contact_duplicate_confirmed: Registry[DuplicateConfirmed] = Registry(
    "After a duplicate is confirmed"
)


@dataclass(frozen=True)
class ContactResourcePart:
    """A field of the contact resource, named by its registered name. Staff get `value`; a
    referrer gets `empty()`. `field` describes it for the serializer and the OpenAPI schema."""

    field: Callable[[], Any]  # a DRF field or serializer, read-only
    value: Callable[[User, Contact], Any]  # the user has passed `contact_get_for_user`
    empty: Callable[[], Any] = list


contact_resource_parts: Registry[ContactResourcePart] = Registry("Contact resource fields")


class ContactsArrived(Protocol):
    """Called with contacts just recorded, inside the transaction that recorded them, after their
    `contact.created` audit rows: by `contact_create` with its one contact, and by the batched
    import with a chunk's contacts, so every channel arrives the same way. Whatever it writes
    commits or rolls back with the contacts; anything it sends waits for the commit."""

    def __call__(self, *, contacts: Sequence[Contact], actor: User | None) -> None: ...


contacts_arrived: Registry[ContactsArrived] = Registry("After contacts arrive")


def contacts_arrived_tell(*, contacts: Sequence[Contact], actor: User | None) -> None:
    """Call every entry of `contacts_arrived`, in the order registered."""
    if not contacts:
        return
    for entry in contacts_arrived:
        entry(contacts=contacts, actor=actor)
