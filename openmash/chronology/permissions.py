"""Who reads and writes chronologies. The person gate decides who may open a person (front-door
staff; never a referrer); each app's provider decides which of its events the reader sees.

An agency representative reads one thing more: the chronology of a person their agency was asked
about, which holds only what their agency's requests shared (the front door's provider gives them
those events and no other; nobody else's provider gives them anything), never the family view,
the case summary or workers' entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import record_read, record_refused
from openmash.frontdoor.permissions import information_requests_visible_to
from openmash.people.models import Household, Person
from openmash.people.permissions import person_get_for_user

if TYPE_CHECKING:
    from openmash.accounts.models import User


def chronology_person_get_for_user(user: User, person_id: int) -> Person:
    """The gate for a person's chronology, family view and case summary: the person's own gate
    (404 for missing and forbidden alike, restricted people behind break-glass, the read logged)."""
    return person_get_for_user(user, person_id)


def is_agency_reader(user: User | AnonymousUser) -> bool:
    """A partner agency's representative: answers their agency's requests, reads no contact."""
    return bool(
        user.is_authenticated
        and not user.has_capability("sees_front_door")
        and user.has_capability("answers_agency_requests")
    )


def agency_people_visible_to(user: User | AnonymousUser) -> QuerySet[Person]:
    """The people named in information requests to the representative's agency."""
    if not is_agency_reader(user):
        return Person.objects.none()
    return Person.objects.filter(
        contact_links__information_requests__in=information_requests_visible_to(user)
    ).distinct()


def chronology_person_get_for_reader(user: User, person_id: int) -> Person:
    """The gate for reading a person's chronology (its page, PDF and API): front-door staff
    through the person's own gate; an agency representative for a person named in a request to
    their agency (the read logged); anyone else the 404 of a missing person, logged."""
    if not is_agency_reader(user):
        return chronology_person_get_for_user(user, person_id)
    person = agency_people_visible_to(user).filter(pk=person_id).first()
    if person is None:
        record_refused(user, Person, person_id, why="not visible")
        raise Http404("No such person")
    record_read(user, person, summary={"as": "agency"})
    return person


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
