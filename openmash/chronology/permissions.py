"""Who reads and writes chronologies. The person gate decides who may open a person (front-door
staff; never a referrer or an agency representative, who see what their own contacts and
requests hold, on those pages); each app's provider decides which of its events the reader sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.people.models import Household, Person
from openmash.people.permissions import person_get_for_user

if TYPE_CHECKING:
    from openmash.accounts.models import User


def chronology_person_get_for_user(user: User, person_id: int) -> Person:
    """The gate for a person's chronology, family view and case summary: the person's own gate
    (404 for missing and forbidden alike, restricted people behind break-glass, the read logged)."""
    return person_get_for_user(user, person_id)


def households_visible_to(user: User | AnonymousUser) -> QuerySet[Household]:
    if not user.is_authenticated or not user.has_capability("sees_front_door"):
        return Household.objects.none()
    return Household.objects.all()


def household_get_for_user(user: User, household_id: int) -> Household:
    """The gate for a household's chronology: returns it and logs the read, or raises."""
    household = households_visible_to(user).filter(pk=household_id).first()
    if household is None:
        record_refused(user, Household, household_id, why="not visible")
        raise Http404("No such household")
    record_read(user, household)
    return household


def can_add_to_chronology(user: User | AnonymousUser) -> bool:
    """Adding entries, marking events significant and writing case summaries: front-door staff
    who record work."""
    return bool(
        user.is_authenticated
        and user.has_capability("sees_front_door")
        and user.has_capability("records_contacts")
    )


def can_sign_off_case_summary(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_capability("authorises_decisions"))
