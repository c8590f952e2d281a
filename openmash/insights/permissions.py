"""Who may see the dashboards and the journey map: managers (`authorises_decisions`) and the
quality and performance lead (`audits`). Referrers, agency representatives, workers and
administrators get 403.

The figures count only records the user may see: contacts through the contacts gate
(`contacts_visible_to`), without the restricted ones the user is not named on (a figure cannot
be opened with break-glass, so restricted contacts and contacts about restricted people stay out
of it), and protection and Family Help work through those apps' gates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.permissions import contacts_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def can_see_insights(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_capability("sees_front_door")
        and (user.has_capability("authorises_decisions") or user.has_capability("audits"))
    )


def insights_gate(user: User | AnonymousUser) -> None:
    if not can_see_insights(user):
        raise PermissionDenied


def insight_contacts_visible_to(user: User | AnonymousUser) -> QuerySet[Contact]:
    """The contacts a figure may count for `user`: the contacts gate, less restricted contacts
    (or contacts about restricted people) the user is not named on."""
    if not can_see_insights(user):
        return Contact.objects.none()
    hidden_person = ContactSubject.objects.filter(
        contact=OuterRef("pk"), person__is_restricted=True
    ).exclude(person__restricted_to=user.pk)
    named = Contact.restricted_to.through.objects.filter(contact=OuterRef("pk"), user=user.pk)
    return (
        contacts_visible_to(user)
        .filter(Q(is_restricted=False) | Exists(named))
        .exclude(Exists(hidden_person))
    )
