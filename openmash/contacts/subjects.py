"""Linking the people a contact names to the person index, for `contact_create`.

Each is matched (people/matching) and linked, offered to a worker or recorded as a new person, as
the contact names them, except that anyone whose parents the contact names is matched after them:
an unborn child is found only through their parents, and a child born since a contact about them
before birth is offered that unborn record (people/matching/family.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openmash.contacts.family import family_links, parents_of
from openmash.contacts.models import Contact, ContactSubject, MatchStatus
from openmash.people.matching import match_subject
from openmash.people.matching.decide import OFFERED
from openmash.people.matching.family import born_candidates, unborn_candidates, unborn_is_certain
from openmash.people.models import Person
from openmash.people.services import person_create_from_details, person_learn_from_details

if TYPE_CHECKING:
    from openmash.accounts.models import User
    from openmash.contacts.services import SubjectInput


@dataclass
class _Match:
    person: Person | None
    status: str
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)


def _match(subject: SubjectInput) -> _Match:
    result = match_subject(subject.details)
    candidates = [c.as_dict() for c in result.candidates]
    if result.decision == "linked":
        return _Match(result.person, MatchStatus.LINKED, result.candidates[0].score, candidates)
    if result.decision == "possible":
        return _Match(None, MatchStatus.POSSIBLE, result.candidates[0].score, candidates)
    return _Match(None, MatchStatus.NEW)


def _match_unborn(subject: SubjectInput, parent_ids: list[int]) -> _Match:
    """An unborn child is matched only through their parents (people/matching/family.py)."""
    expected = subject.details.expected_delivery_date
    unborn = unborn_candidates(parent_ids=parent_ids, expected=expected) if expected else []
    offered = [c.as_dict() for c in unborn]
    if unborn_is_certain(unborn):
        person = Person.objects.get(pk=unborn[0].person_id)
        return _Match(person, MatchStatus.LINKED, unborn[0].score, offered)
    if unborn:
        return _Match(None, MatchStatus.POSSIBLE, unborn[0].score, offered)
    return _Match(None, MatchStatus.NEW)


def _offer_unborn(subject: SubjectInput, found: _Match, parent_ids: list[int]) -> _Match:
    """A child born since a contact about them before birth: their parents' unborn child is
    offered, however well anyone else matched, unless they were linked to a person."""
    born = subject.details.date_of_birth
    if found.person is not None or born is None or not parent_ids:
        return found
    unborn = born_candidates(parent_ids=parent_ids, date_of_birth=born)
    if not unborn:
        return found
    offered = [*(c.as_dict() for c in unborn), *found.candidates][:OFFERED]
    return _Match(None, MatchStatus.POSSIBLE, unborn[0].score, offered)


def _parents_first(parents: list[list[int]]) -> list[int]:
    """The order to match a contact's people in: as given, but anyone whose parents the contact
    names after those parents (a contact naming only the people the concern is about, as every
    import does, keeps its order)."""
    pending, order = list(range(len(parents))), []
    done: set[int] = set()
    while pending:
        index = next((i for i in pending if set(parents[i]) <= done), pending[0])
        pending.remove(index)
        done.add(index)
        order.append(index)
    return order


def link_subjects(
    *, actor: User | None, contact: Contact, subjects: list[SubjectInput]
) -> list[ContactSubject]:
    """Match each person named, parents before their children, and record them in order."""
    parents = [parents_of(family_links(list(subjects)), i) for i in range(len(subjects))]
    found: dict[int, _Match] = {}
    for index in _parents_first(parents):
        subject = subjects[index]
        parent_ids = [
            m.person.pk for j in parents[index] if (m := found.get(j)) and m.person is not None
        ]
        if subject.person is not None:
            match = _Match(subject.person, MatchStatus.CONFIRMED)
        elif subject.is_unborn:
            match = _match_unborn(subject, parent_ids)
        else:
            match = _offer_unborn(subject, _match(subject), parent_ids)
        found[index] = _person_for(actor, contact, subject, match)
    return [_subject_row(contact, s, found[i]) for i, s in enumerate(subjects)]


def _person_for(
    actor: User | None, contact: Contact, subject: SubjectInput, found: _Match
) -> _Match:
    """The person the subject is: a new one, or the one found, learning what the contact says."""
    source = f"contact {contact.reference}"
    if found.status == MatchStatus.NEW:
        found.person = person_create_from_details(
            actor=actor, details=subject.details, source=source, address_line1=subject.address_line1
        )
    elif found.person is not None:
        person_learn_from_details(
            actor=actor,
            person=found.person,
            details=subject.details,
            address_line1=subject.address_line1,
            source=source,
        )
    return found


def _subject_row(contact: Contact, subject: SubjectInput, found: _Match) -> ContactSubject:
    details = subject.details
    return ContactSubject.objects.create(
        contact=contact,
        person=found.person,
        role=subject.role,
        relationship_to_subject=subject.relationship_to_subject,
        is_child=subject.is_child,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        is_unborn=subject.is_unborn,
        expected_delivery_date=details.expected_delivery_date,
        sex=details.sex,
        nhs_number=details.nhs_number,
        upn=details.upn.upper(),
        address_line1=subject.address_line1,
        postcode=details.postcode,
        school=subject.school,
        gp_practice=subject.gp_practice,
        match_status=found.status,
        match_score=found.score,
        possible_matches=found.candidates,
    )
