"""The family a contact names, recorded in the person index as a household and relationships.

Each relationship joins a person the concern is about (role `subject`) and another person the
contact names, as the referrer described them ("Father", "Brother", "Mum's partner"):

- a family or household member: the kind their words name (`relationship_from_text`: parent or
  child, sibling, partner, carer), otherwise household member ("other adult in the household");
- an alleged perpetrator: alleged perpetrator towards the subject, and the kind their words name;
- a person of concern: the kind their words name, otherwise "other relationship".

Nothing is guessed between two people neither of whom the concern is about (a mother and a
father), nor between two subjects (two children may be siblings or cousins). The household is the
subjects, their family and household members, and any alleged perpetrator or person of concern
given the subject's postcode, at the first subject's address; a contact naming only the people the
concern is about (as a police notification does) records no household.

Recorded when the contact is, for the subjects linked to a person, and again when a worker
resolves a subject's possible matches: the services add only what is not yet recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from openmash.contacts.models import Contact, ContactSubject, SubjectRole
from openmash.core.identifiers import normalise_postcode
from openmash.people.households import household_record, relationship_add, relationship_from_text
from openmash.people.models import Person, RelationshipKind

if TYPE_CHECKING:
    from openmash.accounts.models import User


class NamedPerson(Protocol):
    """What this needs of a subject, before (SubjectInput) or after (ContactSubject) linking."""

    role: str
    relationship_to_subject: str


@dataclass(frozen=True)
class FamilyLink:
    """Person `from_index` is `kind` person `to_index` (indexes into the contact's subjects)."""

    from_index: int
    to_index: int
    kind: str


def family_links(subjects: list[NamedPerson]) -> list[FamilyLink]:
    """The relationships the contact names, between the positions of its people."""
    subject_indexes = [i for i, s in enumerate(subjects) if s.role == SubjectRole.SUBJECT]
    links: list[FamilyLink] = []
    for index, other in enumerate(subjects):
        if other.role == SubjectRole.SUBJECT:
            continue
        named = relationship_from_text(other.relationship_to_subject)
        for subject in subject_indexes:
            if other.role == SubjectRole.ALLEGED_PERPETRATOR:
                links.append(FamilyLink(index, subject, RelationshipKind.ALLEGED_PERPETRATOR))
            if named is not None:
                kind, forward = named
                pair = (index, subject) if forward else (subject, index)
                links.append(FamilyLink(*pair, kind))
            elif other.role == SubjectRole.HOUSEHOLD:
                links.append(FamilyLink(index, subject, RelationshipKind.HOUSEHOLD))
            elif other.role == SubjectRole.PERSON_OF_CONCERN:
                links.append(FamilyLink(index, subject, RelationshipKind.OTHER))
    return links


def parents_of(links: list[FamilyLink], index: int) -> list[int]:
    return [link.from_index for link in links if link.to_index == index and link.kind == "parent"]


def _in_household(subject: ContactSubject, postcodes: set[str]) -> bool:
    if subject.role in (SubjectRole.SUBJECT, SubjectRole.HOUSEHOLD):
        return True
    return bool(subject.postcode) and normalise_postcode(subject.postcode) in postcodes


def contact_family_record(*, actor: User | None, contact: Contact) -> None:
    """Record the household and relationships of the contact's people linked to a person (the
    caller's transaction holds the contact). Each addition is audited on the person's record."""
    subjects = list(contact.contact_subjects.select_related("person").order_by("pk"))
    people: list[Person | None] = [s.person for s in subjects]
    source = f"contact {contact.reference}"
    for link in family_links(list(subjects)):
        one, other = people[link.from_index], people[link.to_index]
        if one is None or other is None or one.pk == other.pk:
            continue
        relationship_add(
            actor=actor,
            from_person=one,
            to_person=other,
            kind=link.kind,
            source=source,
            source_contact_id=contact.pk,
        )
    main = [s for s in subjects if s.role == SubjectRole.SUBJECT]
    postcodes = {normalise_postcode(s.postcode) for s in main if s.postcode}
    members = [s for s in subjects if s.person and _in_household(s, postcodes)]
    if all(s.role == SubjectRole.SUBJECT for s in members):
        return  # the people the concern is about, and no family: nothing says they live together
    at = next((s for s in main if s.postcode or s.address_line1), None)
    household_record(
        actor=actor,
        members=[s.person for s in members if s.person],
        address_line1=at.address_line1 if at else "",
        postcode=at.postcode if at else "",
        source=source,
    )
