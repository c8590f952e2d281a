"""Who may see and work an adult's safeguarding enquiry (docs/adults.md, "Access").

- Members of the team holding the enquiry, and its enquiry officer: see it; those of them who
  record contacts (`records_contacts`) work it and conclude it.
- Quality leads (`audits`): read every enquiry and every provider's page, change none.
- Front-door staff who hold no enquiry see the providers list (to link a new concern) but no
  enquiry outside their teams.
- An enquiry on a restricted contact or person is refused as the contact is (break-glass).
- Anyone else: the same 404 as a missing enquiry, written to the audit log.
- Changing the local target: administrators (`administers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openmash.adults.models import CareProvider, SafeguardingEnquiry
from openmash.contacts.permissions import contact_is_restricted_for
from openmash.core.access import RecordRestricted, record_read, record_refused, restriction_allows

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_see_adults(user: User | AnonymousUser) -> bool:
    """Reaches the enquiries' pages at all (the lists filter what they show)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_capability("sees_front_door") or user.has_capability("audits"))
    )


def enquiries_visible_to(user: User | AnonymousUser) -> QuerySet[SafeguardingEnquiry]:
    if not can_see_adults(user):
        return SafeguardingEnquiry.objects.none()
    if user.is_authenticated and user.has_capability("audits"):
        return SafeguardingEnquiry.objects.all()
    return SafeguardingEnquiry.objects.filter(
        Q(team__members=user, team__is_active=True) | Q(officer=user)
    ).distinct()


def can_work_enquiry(user: User, enquiry: SafeguardingEnquiry) -> bool:
    if not _active(user) or not user.has_capability("records_contacts"):
        return False
    if enquiry.officer_id == user.pk:
        return True
    return enquiry.team is not None and enquiry.team.members.filter(pk=user.pk).exists()


def enquiry_get_for_user(
    user: User, enquiry_id: int, *, for_change: bool = False
) -> SafeguardingEnquiry:
    """The access gate for one enquiry: returns it and logs the read, or raises Http404 (missing
    or not visible: the same answer), RecordRestricted (its contact or the adult is restricted
    for the user) or, for a change, PermissionDenied (a reader who may not work it)."""
    enquiry = (
        enquiries_visible_to(user)
        .select_related(
            "person", "team", "officer", "provider", "caused_organisation", "source__contact"
        )
        .filter(pk=enquiry_id)
        .first()
    )
    if enquiry is None:
        record_refused(user, SafeguardingEnquiry, enquiry_id, why="not visible")
        raise Http404("No such enquiry")
    if not restriction_allows(user, enquiry.person):
        record_refused(user, SafeguardingEnquiry, enquiry_id, why="restricted")
        raise RecordRestricted(enquiry.person)
    if enquiry.source is not None and contact_is_restricted_for(user, enquiry.source.contact):
        record_refused(user, SafeguardingEnquiry, enquiry_id, why="restricted")
        raise RecordRestricted(enquiry.source.contact)
    record_read(user, enquiry, summary={"person": enquiry.person_id})
    if for_change and not can_work_enquiry(user, enquiry):
        raise PermissionDenied
    return enquiry


def providers_visible_to(user: User | AnonymousUser) -> QuerySet[CareProvider]:
    if not can_see_adults(user):
        return CareProvider.objects.none()
    return CareProvider.objects.all()


def provider_get_for_user(user: User, provider_id: int) -> CareProvider:
    provider = providers_visible_to(user).filter(pk=provider_id).first()
    if provider is None:
        record_refused(user, CareProvider, provider_id, why="not visible")
        raise Http404("No such provider")
    record_read(user, provider)
    return provider


def can_add_provider(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_capability("sees_front_door")
        and user.has_capability("records_contacts")
    )


def can_change_setting(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_capability("administers"))
