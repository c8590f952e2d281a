"""Contacts about adults, and about an adult and a child together, for the adults' screening
tests and the permission matrix."""

from __future__ import annotations

from datetime import date
from typing import Any

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectDetails, SubjectInput, contact_create

ADULTS = [
    ("Edith", "Marsh", date(1938, 2, 1), "9990000026"),
    ("Albert", "Marsh", date(1936, 7, 9), "9990000034"),
]
CHILD = ("Maisie", "Marsh", date(2015, 5, 20), "9990000042")


def _subject(person: tuple[str, str, date, str], *, is_child: bool) -> SubjectInput:
    given, family, born, nhs = person
    details = SubjectDetails(
        given_name=given, family_name=family, date_of_birth=born, nhs_number=nhs
    )
    return SubjectInput(details=details, is_child=is_child)


def adult_contact(world: Any, *, adults: int = 1, with_child: bool = False) -> Contact:
    subjects = [_subject(person, is_child=False) for person in ADULTS[:adults]]
    if with_child:
        subjects.append(_subject(CHILD, is_child=True))
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="A neighbour takes her pension; she has dementia and is often without food.",
            subjects=subjects,
        ),
    )
