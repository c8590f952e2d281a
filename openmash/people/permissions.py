"""Who may see a person: front-door staff only; referrers and agency representatives never
search or browse the person index (they see what a contact or a request shares)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from openmash.core.access import (
    RecordRestricted,
    record_read,
    record_refused,
    restriction_allows,
)
from openmash.people.models import Person, PersonMerge, PersonPair

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openmash.accounts.models import User


def persons_visible_to(user: User | AnonymousUser) -> QuerySet[Person]:
    if not user.is_authenticated or not user.has_capability("sees_front_door"):
        return Person.objects.none()
    return Person.objects.all()


def person_is_restricted_for(user: User, person: Person) -> bool:
    return not restriction_allows(user, person)


def can_search_people(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_capability("sees_front_door")


def person_get_for_user(user: User, person_id: int) -> Person:
    """The access gate for a person: returns it and logs the read, or raises."""
    person = persons_visible_to(user).filter(pk=person_id).first()
    if person is None:
        record_refused(user, Person, person_id, why="not visible")
        raise Http404("No such person")
    if not restriction_allows(user, person):
        record_refused(user, Person, person_id, why="restricted")
        raise RecordRestricted(person)
    record_read(user, person)
    return person


def can_merge_people(user: User | AnonymousUser) -> bool:
    """Merging and un-merging person records: staff who record contacts."""
    return bool(
        user.is_authenticated
        and user.has_capability("sees_front_door")
        and user.has_capability("records_contacts")
    )


def person_merge_get_for_user(user: User, merge_id: int) -> PersonMerge:
    """The gate for a merge record: both people must be visible (restrictions included)."""
    merge = (
        PersonMerge.objects.select_related("survivor", "merged").filter(pk=merge_id).first()
        if can_search_people(user)
        else None
    )
    if merge is None:
        record_refused(user, PersonMerge, merge_id, why="not visible")
        raise Http404("No such merge")
    for person in (merge.survivor, merge.merged):
        if not restriction_allows(user, person):
            raise RecordRestricted(person)
    record_read(user, merge.survivor, summary={"merge": merge.pk})
    return merge


def person_pair_get_for_user(user: User, pair_id: int) -> PersonPair:
    """The gate for a possible duplicate: front-door staff (deciding on it is for those who may
    merge: `can_merge_people`), both records still in the index (not merged) and neither
    restricted against the user; logs the read of both."""
    pair = (
        PersonPair.objects.select_related("person", "other").filter(pk=pair_id).first()
        if can_search_people(user)
        else None
    )
    if pair is None or pair.person.merged_into_id or pair.other.merged_into_id:
        record_refused(user, PersonPair, pair_id, why="not visible")
        raise Http404("No such possible duplicate")
    for person in (pair.person, pair.other):
        if not restriction_allows(user, person):
            record_refused(user, Person, person.pk, why="restricted")
            raise RecordRestricted(person)
    record_read(user, pair.person, summary={"possible_duplicate_of": pair.other_id})
    record_read(user, pair.other, summary={"possible_duplicate_of": pair.person_id})
    return pair
